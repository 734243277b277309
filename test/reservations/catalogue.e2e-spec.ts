import { addDays, enrolledChild, Headers, inDays, isoWeekday, newCatalogue, staffHeaders } from '../factories/reservations.factory';
import { guardianOf, newFamily } from '../factories/family.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** Staff set up what can be booked: the rules between fields, the school calendar, closures; guardians read the catalogue. */
describe('reservations catalogue', () => {
  let t: TestApp;
  let staff: Headers;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    staff = await staffHeaders(t);
  });
  afterAll(() => t?.close());

  const post = (url: string, payload: unknown, headers = staff) => t.inject({ method: 'POST', url, headers, payload: payload as object });
  const fields = (res: { json(): { errors?: { field: string }[] } }) => (res.json().errors ?? []).map((e) => e.field);

  it('checks establishments, services and periods, naming the wrong fields', async () => {
    expect(fields(await post('/api/staff/establishments', { name: 'École', kind: 'school', holidayZone: 'D', timeZone: 'Europe/Pariss' }))).toEqual(['timeZone', 'holidayZone']);
    const e = (await post('/api/staff/establishments', { name: 'École Jules Ferry', kind: 'school', holidayZone: 'B' })).json();
    expect(e).toMatchObject({ timeZone: 'Europe/Paris', alsaceMoselle: false, active: true });

    const service = { kind: 'canteen', label: 'Cantine', unit: 'day', capacity: 80, weekdays: [1, 2, 4, 5] };
    expect(fields(await post(`/api/staff/establishments/${e.id}/services`, { ...service, unit: 'session' }))).toEqual(['unit', 'capacity']);
    expect(fields(await post(`/api/staff/establishments/${e.id}/services`, { ...service, capacity: undefined }))).toEqual(['capacity']);
    expect(fields(await post(`/api/staff/establishments/${e.id}/services`, { ...service, weekdays: [0, 8] }))).toEqual(['weekdays']);
    expect(fields(await post(`/api/staff/establishments/${e.id}/services`, { ...service, kind: 'early-childhood', unit: 'hourly-slot', opensAt: '07:45', closesAt: '18:30', slotMinutes: 30 }))).toEqual(['slotMinutes']);
    const s = (await post(`/api/staff/establishments/${e.id}/services`, service)).json();
    expect(s).toMatchObject({ ...service, followsSchoolCalendar: true, waitlist: false, active: true });
    expect((await t.inject({ method: 'PATCH', url: `/api/staff/services/${s.id}`, headers: staff, payload: { capacity: 90, waitlist: true } })).json()).toMatchObject({ capacity: 90, waitlist: true, unit: 'day' });

    const period = { label: 'Année 2026-2027', startsOn: '2026-09-01', endsOn: '2027-07-03', opensAt: '2026-06-01T08:00:00+02:00', deadline: { daysBefore: 2, at: '18:00' } };
    expect(fields(await post(`/api/staff/services/${s.id}/periods`, { ...period, deadline: { daysBefore: 2 } }))).toEqual(['deadline']);
    expect(fields(await post(`/api/staff/services/${s.id}/periods`, { ...period, cutoff: { hoursBefore: 72 } }))).toEqual(['cutoff']);
    expect(fields(await post(`/api/staff/services/${s.id}/periods`, { ...period, endsOn: '2028-07-03' }))).toEqual(['endsOn']);
    const p = await post(`/api/staff/services/${s.id}/periods`, { ...period, cutoff: { daysBefore: 0, at: '08:00' } });
    expect(p.statusCode).toBe(201);
    expect(p.json()).toMatchObject({ deadlineLabel: 'J-2 à 18:00', cutoffLabel: 'le jour même à 08:00', opensAt: '2026-06-01T06:00:00.000Z' });
    const changed = await t.inject({ method: 'PATCH', url: `/api/staff/booking-periods/${p.json().id}`, headers: staff, payload: { deadline: { hoursBefore: 72 }, cutoff: null } });
    expect(changed.json()).toMatchObject({ deadlineLabel: '72 heures avant', cutoffLabel: 'le jour même', label: 'Année 2026-2027' });

    expect((await post('/api/staff/establishments/00000000-0000-4000-8000-000000000000/services', service)).statusCode).toBe(404);
  });

  it('imports the ministry calendar: school holidays of the zone close the days of school services, not the others', async () => {
    const c = await newCatalogue(t, staff, {}, { startsOn: inDays(7), endsOn: inDays(120) });
    const start = inDays(30);
    const resume = addDays(start, 16);
    const csv = [
      'Description;Population;Date de début;Date de fin;Zones;annee_scolaire',
      `Vacances de test;-;${start};${resume};Zone B;2026-2027`,
      `Vacances de test;-;${start};${resume};Zone A;2026-2027`,
    ].join('\n');
    const dry = await t.inject({ method: 'POST', url: '/api/staff/school-holidays/import?dryRun=true', headers: { ...staff, 'content-type': 'text/csv' }, payload: csv });
    expect(dry.json()).toEqual({ dryRun: true, holidays: 2, zones: ['A', 'B'], schoolYears: ['2026-2027'] });
    expect((await t.inject({ method: 'GET', url: '/api/staff/school-holidays?zone=B', headers: staff })).json()).toEqual([]);
    const res = await t.inject({ method: 'POST', url: '/api/staff/school-holidays/import', headers: { ...staff, 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode).toBe(200);
    expect((await t.inject({ method: 'GET', url: '/api/staff/school-holidays?zone=B', headers: staff })).json()).toEqual([
      { id: expect.any(String), zone: 'B', label: 'Vacances de test', startsOn: start, endsOn: addDays(resume, -1), schoolYear: '2026-2027' },
    ]);
    const bad = await t.inject({ method: 'POST', url: '/api/staff/school-holidays/import', headers: { ...staff, 'content-type': 'text/csv' }, payload: 'Description;Date de début;Date de fin;Zones\nX;hier;demain;Zone B' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ line: 2, field: 'Date de début' });

    const { guardian, childId } = await enrolledChild(t, c);
    const cal = await t.inject({ method: 'GET', url: `/api/reservations/calendar?childId=${childId}&serviceId=${c.service.id}&periodId=${c.period.id}&from=${start}&to=${addDays(resume, -1)}`, headers: guardian });
    const days = cal.json().days as { date: string; status: string; reason: string }[];
    expect(days.filter((d) => [1, 2, 4, 5].includes(isoWeekday(d.date))).every((d) => d.status === 'closed' && /Vacances scolaires : Vacances de test|Jour férié/.test(d.reason))).toBe(true);

    // a leisure centre open in the holidays is not closed by them
    const centre = await newCatalogue(t, staff, { kind: 'wednesday-care', label: 'Accueil de loisirs', weekdays: [1, 2, 3, 4, 5], followsSchoolCalendar: false }, { startsOn: inDays(7), endsOn: inDays(120) });
    const child = await enrolledChild(t, centre);
    const open = (await t.inject({ method: 'GET', url: `/api/reservations/calendar?childId=${child.childId}&serviceId=${centre.service.id}&periodId=${centre.period.id}&from=${start}&to=${addDays(resume, -1)}`, headers: child.guardian })).json();
    expect(open.days.filter((d: { status: string }) => d.status === 'open').length).toBeGreaterThan(8);
  });

  it('shows guardians the open catalogue: establishments, services, periods not yet over', async () => {
    const c = await newCatalogue(t, staff);
    await t.inject({ method: 'PATCH', url: `/api/staff/services/${c.service.id}`, headers: staff, payload: { label: 'Cantine du midi' } });
    const family = await newFamily(t);
    const guardian = (await guardianOf(t, family, 0)).headers;
    const catalogue = (await t.inject({ method: 'GET', url: '/api/reservations/catalogue', headers: guardian })).json();
    const mine = catalogue.find((e: { id: string }) => e.id === c.establishment.id);
    expect(mine.services).toEqual([expect.objectContaining({ id: c.service.id, label: 'Cantine du midi', periods: [expect.objectContaining({ id: c.period.id, deadlineLabel: 'J-2 à 18:00' })] })]);

    await t.inject({ method: 'PATCH', url: `/api/staff/establishments/${c.establishment.id}`, headers: staff, payload: { active: false } });
    const after = (await t.inject({ method: 'GET', url: '/api/reservations/catalogue', headers: guardian })).json();
    expect(after.some((e: { id: string }) => e.id === c.establishment.id)).toBe(false);
    // guardians cannot reach the back office
    expect((await post('/api/staff/establishments', { name: 'X', kind: 'school', holidayZone: 'A' }, guardian)).statusCode).toBe(403);
  });

  it('lets staff close a day for one service, and reopen it', async () => {
    const c = await newCatalogue(t, staff);
    const day = inDays(20);
    const added = await post(`/api/staff/establishments/${c.establishment.id}/closures`, { startsOn: day, label: 'Sortie scolaire', serviceId: c.service.id });
    expect(added.statusCode).toBe(201);
    const [closure] = added.json();
    expect(closure).toMatchObject({ startsOn: day, endsOn: day, serviceId: c.service.id });
    const removed = await t.inject({ method: 'DELETE', url: `/api/staff/establishments/${c.establishment.id}/closures/${closure.id}`, headers: staff });
    expect(removed.statusCode).toBe(204);
    expect((await t.inject({ method: 'DELETE', url: `/api/staff/establishments/${c.establishment.id}/closures/${closure.id}`, headers: staff })).statusCode).toBe(404);
    expect(fields(await post(`/api/staff/establishments/${c.establishment.id}/closures`, { startsOn: day, endsOn: addDays(day, -1), label: 'x' }))).toEqual(['endsOn']);
  });
});
