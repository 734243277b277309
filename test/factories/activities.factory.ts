import { randomBytes, randomUUID } from 'node:crypto';
import { TransactionHost } from '../../src/platform/database/transaction-host';
import { DomainEventCatalog, EventPublisher } from '../../src/platform/events';
import type { TestApp } from '../support/test-app';
import { guardianOf, newFamily, type CreatedFamily } from './family.factory';
import { completeFiles, Headers, inDays } from './reservations.factory';

const DAY_MS = 86_400_000;

async function call(t: TestApp, method: 'POST' | 'PATCH', url: string, headers: Headers, payload: unknown, expected: number) {
  const res = await t.inject({ method, url, headers, payload: payload as object });
  if (res.statusCode !== expected) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

export interface Term {
  establishment: { id: string };
  service: { id: string; label: string };
  period: { id: string; label: string; startsOn: string; endsOn: string };
}

/**
 * An establishment (zone B) with a term-activity service open on Wednesdays and one term: sessions
 * from J+14 to J+100, registrations open since yesterday, deadline J-2 at 18:00 before a group's first session.
 */
export async function newTerm(t: TestApp, staff: Headers, period: Record<string, unknown> = {}): Promise<Term> {
  const establishment = await call(t, 'POST', '/api/staff/establishments', staff, { name: `Centre ${randomBytes(3).toString('hex')}`, kind: 'leisure-centre', holidayZone: 'B' }, 201);
  const service = await call(t, 'POST', `/api/staff/establishments/${establishment.id}/services`, staff, { kind: 'term-activity', label: 'École municipale des sports', unit: 'session', weekdays: [3] }, 201);
  const p = await call(t, 'POST', `/api/staff/services/${service.id}/periods`, staff, {
    label: 'EMS 2026-2027 1er trimestre',
    startsOn: inDays(14),
    endsOn: inDays(100),
    opensAt: new Date(Date.now() - DAY_MS).toISOString(),
    deadline: { daysBefore: 2, at: '18:00' },
    ...period,
  }, 201);
  return { establishment, service, period: p };
}

export interface Group {
  id: string;
  label: string;
  places: number;
  priceCents: number;
  sessions: string[];
}

/** A group of a term: 7/11 ans, 12 places, 45 €, Wednesdays 14:00–16:00 over the whole term. */
export async function newGroup(t: TestApp, staff: Headers, periodId: string, overrides: Record<string, unknown> = {}): Promise<Group> {
  return call(t, 'POST', `/api/staff/booking-periods/${periodId}/activity-groups`, staff, {
    label: '7/11 ans Escalade',
    minAge: 7,
    maxAge: 11,
    places: 12,
    priceCents: 4500,
    startsAt: '14:00',
    endsAt: '16:00',
    sessions: { weekdays: [3] },
    ...overrides,
  }, 201);
}

/** A family (Léo born 2016-03-14, Inès 2019-07-01) whose files are complete, with a signed-in guardian. */
export async function activityFamily(t: TestApp): Promise<{ family: CreatedFamily; guardian: Headers; accountId: string }> {
  const family = await newFamily(t);
  const { headers: guardian, accountId } = await guardianOf(t, family, 0);
  await completeFiles(t, guardian, family);
  return { family, guardian, accountId };
}

export function register(t: TestApp, guardian: Headers, places: { childId: string; groupId: string }[]) {
  return t.inject({ method: 'POST', url: '/api/reservations/activities/registrations', headers: guardian, payload: { places } });
}

/** Raises a payments event exactly as the payments module will: an outbox row written in a transaction. Returns the event id. */
export async function raise<T extends 'payments.payment.validated.v1' | 'payments.payment.failed.v1'>(t: TestApp, type: T, payload: DomainEventCatalog[T]): Promise<string> {
  const txHost = t.app.get(TransactionHost);
  const publisher = t.app.get(EventPublisher);
  return txHost.withTransaction(() => publisher.publish(type, payload.paymentId, payload));
}

export const paymentId = () => `pay-${randomUUID()}`;
