import { randomBytes } from 'node:crypto';
import type { TestApp } from '../support/test-app';
import { Catalogue, Headers } from './reservations.factory';

async function call(t: TestApp, method: 'POST' | 'PUT' | 'PATCH', url: string, headers: Headers, payload: unknown, expected: number) {
  const res = await t.inject({ method, url, headers, payload: payload as object });
  if (res.statusCode !== expected) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

export interface Office {
  id: string;
  code: string;
  name: string;
}

/** A billing office (unique code) billing these establishments, due in 30 days. */
export async function newOffice(t: TestApp, staff: Headers, establishmentIds: string[], overrides: Record<string, unknown> = {}): Promise<Office> {
  return call(t, 'POST', '/api/staff/billing/offices', staff, {
    code: `R${randomBytes(3).toString('hex').toUpperCase()}`,
    name: 'Restauration scolaire',
    establishmentIds,
    issuer: { legalName: 'Commune de Noyon — Régie de la restauration', address: 'Place Bertrand Labarre, 60400 Noyon', siret: '21600471300018' },
    ...overrides,
  }, 201);
}

/**
 * The catalogue's service billed by a new office: by booked day, prices by quotient —
 * under 500: 2,00 €; 500 and more (and no quotient): 4,00 € — from the first day of the period's school year.
 */
export async function billedService(t: TestApp, staff: Headers, c: Catalogue, rule: Record<string, unknown> = {}): Promise<Office> {
  const office = await newOffice(t, staff, [c.establishment.id]);
  await call(t, 'PUT', `/api/staff/billing/services/${c.service.id}/rule`, staff, { officeId: office.id, unit: 'day', basis: 'booked', ...rule }, 200);
  const from = `${Number(c.period.startsOn.slice(0, 4)) - 1}-09-01`;
  await call(t, 'POST', `/api/staff/billing/services/${c.service.id}/prices`, staff, { quotientMin: 0, quotientMax: 500, amountCents: 200, validFrom: from }, 201);
  await call(t, 'POST', `/api/staff/billing/services/${c.service.id}/prices`, staff, { quotientMin: 500, amountCents: 400, validFrom: from }, 201);
  return office;
}

export function runBilling(t: TestApp, staff: Headers, body: { officeId: string; from: string; to: string; label?: string; dryRun?: boolean }) {
  return t.inject({ method: 'POST', url: '/api/staff/billing/runs', headers: staff, payload: { label: 'Période de test', ...body } });
}
