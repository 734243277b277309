import { randomBytes } from 'node:crypto';
import { publicHolidays } from '../../src/modules/reservations/domain/calendar';
import type { TestApp } from '../support/test-app';
import { guardianOf, newFamily, type CreatedFamily } from './family.factory';
import { bearer, newSession } from './identity.factory';

export type Headers = Record<string, string>;

const DAY_MS = 86_400_000;
/** Today (UTC date) plus `n` days, `YYYY-MM-DD`. */
export const inDays = (n: number) => new Date(Date.now() + n * DAY_MS).toISOString().slice(0, 10);
export const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
/** The first day from `from` on whose ISO weekday is `weekday` and that is not a French public holiday (tests run on any date). */
export function nextWeekday(from: string, weekday: number): string {
  let d = from;
  while (isoWeekday(d) !== weekday || publicHolidays(Number(d.slice(0, 4))).has(d)) d = new Date(Date.parse(`${d}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return d;
}
export const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
export function schoolYearOf(date: string): string {
  const y = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 9 ? y : y - 1;
  return `${start}-${start + 1}`;
}

export async function staffHeaders(t: TestApp): Promise<Headers> {
  return bearer((await newSession(t.dataSource, 'staff')).token);
}

async function call(t: TestApp, method: 'POST' | 'PATCH' | 'PUT', url: string, headers: Headers, payload: unknown, expected: number) {
  const res = await t.inject({ method, url, headers, payload: payload as object });
  if (res.statusCode !== expected) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

const consent = { accepted: true, version: 1 };

/** Fills what the family file and every child file need for any school service (address, sex, school, class, diet, PAI, an emergency contact). */
export async function completeFiles(t: TestApp, guardian: Headers, family: CreatedFamily): Promise<void> {
  await call(t, 'PATCH', '/api/family/file', guardian, { address: { line1: '12 rue de Paris', postcode: '60400', city: 'Noyon' }, consent }, 200);
  for (const child of family.children) {
    await call(t, 'PATCH', `/api/family/children/${child.id}`, guardian, {
      sex: 'M',
      school: 'École Jules Ferry',
      className: 'CE2',
      diet: { kind: 'no-pork' },
      careplan: { hasPlan: false },
      doctor: { name: 'Dr Martin', phone: '03 44 00 00 00' },
      contacts: [{ lastName: 'Durand', firstName: 'Josette', relation: 'Grand-mère', phones: ['03 44 09 12 34'], emergency: true, pickup: true }],
      consent,
    }, 200);
  }
}

export interface ServiceOptions {
  label?: string;
  kind?: string;
  unit?: string;
  capacity?: number | null;
  weekdays?: number[];
  opensAt?: string;
  closesAt?: string;
  slotMinutes?: number;
  followsSchoolCalendar?: boolean;
  waitlist?: boolean;
}

export interface PeriodOptions {
  startsOn?: string;
  endsOn?: string;
  opensAt?: string;
  deadline?: unknown;
  cutoff?: unknown;
}

export interface Catalogue {
  establishment: { id: string; holidayZone: string };
  service: { id: string; capacity: number | null };
  period: { id: string; startsOn: string; endsOn: string };
}

/** An establishment (zone B), one service and one open period (default: canteen Mon/Tue/Thu/Fri, 100 places, days from J+7 to J+97, deadline J-2 18:00). */
export async function newCatalogue(t: TestApp, staff: Headers, service: ServiceOptions = {}, period: PeriodOptions = {}): Promise<Catalogue> {
  const establishment = await call(t, 'POST', '/api/staff/establishments', staff, { name: `École ${randomBytes(3).toString('hex')}`, kind: 'school', holidayZone: 'B' }, 201);
  const s = await call(t, 'POST', `/api/staff/establishments/${establishment.id}/services`, staff, {
    kind: 'canteen',
    label: 'Restauration scolaire',
    unit: 'day',
    capacity: 100,
    weekdays: [1, 2, 4, 5],
    ...service,
  }, 201);
  const p = await call(t, 'POST', `/api/staff/services/${s.id}/periods`, staff, {
    label: 'Période de test',
    startsOn: inDays(7),
    endsOn: inDays(97),
    opensAt: new Date(Date.now() - DAY_MS).toISOString(),
    deadline: { daysBefore: 2, at: '18:00' },
    ...period,
  }, 201);
  return { establishment, service: s, period: p };
}

export async function enrol(t: TestApp, headers: Headers, childId: string, serviceId: string, schoolYear: string): Promise<void> {
  await call(t, 'POST', '/api/reservations/enrolments', headers, { childId, serviceId, schoolYear }, 201);
}

/** A family whose files are complete, a signed-in guardian, its first child enrolled in the catalogue's service for the school years of the period. */
export async function enrolledChild(t: TestApp, catalogue: Catalogue): Promise<{ family: CreatedFamily; guardian: Headers; childId: string }> {
  const family = await newFamily(t);
  const guardian = (await guardianOf(t, family, 0)).headers;
  await completeFiles(t, guardian, family);
  const childId = family.children[0].id;
  for (const year of new Set([schoolYearOf(catalogue.period.startsOn), schoolYearOf(catalogue.period.endsOn)])) await enrol(t, guardian, childId, catalogue.service.id, year);
  return { family, guardian, childId };
}

export function book(t: TestApp, headers: Headers, c: Catalogue, childId: string, body: Record<string, unknown>) {
  return t.inject({ method: 'POST', url: '/api/reservations', headers, payload: { childId, serviceId: c.service.id, periodId: c.period.id, ...body } });
}
