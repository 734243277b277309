import { guardianOf, newFamily } from '../factories/family.factory';
import { activityFamily, newGroup, newTerm, register } from '../factories/activities.factory';
import { Headers, inDays, nextWeekday, staffHeaders } from '../factories/reservations.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * What a registration refuses, writing nothing: a child of another family, an unknown group, a
 * child too young or too old, a term not open yet or closed, a group past its deadline, a child
 * already registered (in the group, or in another group of the term), an incomplete file, bad
 * input. And what staff may not do to a group.
 */
describe('term activities: the rules', () => {
  let t: TestApp;
  let staff: Headers;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    staff = await staffHeaders(t);
  });
  afterAll(() => t?.close());

  const rowsOf = async (familyId: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM reservations.activity_registration WHERE family_id = $1`, [familyId]))[0].n;
  const takenOf = async (groupId: string) => (await t.dataSource.query(`SELECT taken FROM reservations.activity_group WHERE id = $1`, [groupId]))[0].taken;

  it('refuses what does not fit, all or nothing, with errors naming each pair', async () => {
    const term = await newTerm(t, staff);
    const escalade = await newGroup(t, staff, term.period.id);
    const billard = await newGroup(t, staff, term.period.id, { label: '8/11 ans Billard français', minAge: 8 });
    const badminton = await newGroup(t, staff, term.period.id, { label: '11/14 ans Badminton', minAge: 11, maxAge: 14 });
    const { family, guardian } = await activityFamily(t);
    const [leo, ines] = family.children;

    // Inès (7) is too young for 8/11 and 11/14; Léo (10) too young for 11/14: nothing is held, not even Léo's fitting pair
    const young = await register(t, guardian, [
      { childId: leo.id, groupId: escalade.id },
      { childId: ines.id, groupId: billard.id },
      { childId: ines.id, groupId: badminton.id },
    ]);
    expect(young.statusCode).toBe(422);
    expect(young.json().code).toBe('reservations.activity-registration-rejected');
    expect(young.json().errors).toEqual([
      { field: 'places[1].childId', message: expect.stringMatching(/^Inès aura 7 ans à la première séance \(\d{2}\/\d{2}\/\d{4}\) : le groupe « 8\/11 ans Billard français » est pour les 8 à 11 ans\.$/) },
      { field: 'places[2].childId', message: expect.stringContaining('11 à 14 ans') },
      { field: 'places[2]', message: expect.stringContaining('une activité par enfant et par période') },
    ]);
    expect(await rowsOf(family.id)).toBe(0);
    expect(await takenOf(escalade.id)).toBe(0);

    // another family's child: 404 without naming it; an unknown group: 404
    const other = await activityFamily(t);
    const theirs = await register(t, guardian, [{ childId: other.family.children[0].id, groupId: escalade.id }]);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).not.toContain(other.family.children[0].firstName);
    expect((await register(t, guardian, [{ childId: leo.id, groupId: '00000000-0000-4000-8000-000000000000' }])).statusCode).toBe(404);

    // registered once; again in the same group, or in another group of the term: 409, nothing written
    const first = await register(t, guardian, [{ childId: leo.id, groupId: escalade.id }]);
    expect(first.statusCode).toBe(201);
    const again = await register(t, guardian, [{ childId: leo.id, groupId: escalade.id }]);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'reservations.activity-already-registered', detail: expect.stringContaining(`Léo est déjà inscrit(e) au groupe « 7/11 ans Escalade » (inscription ${first.json().number}, en attente de paiement)`) });
    const elsewhere = await register(t, guardian, [{ childId: ines.id, groupId: escalade.id }, { childId: leo.id, groupId: billard.id }]);
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().errors).toEqual([{ field: 'places[1]', message: expect.stringContaining('une activité par enfant et par période') }]);
    expect(await rowsOf(family.id)).toBe(1);
    expect(await takenOf(escalade.id)).toBe(1);
    expect(await takenOf(billard.id)).toBe(0);
  });

  it('refuses a term not open yet, a closed one, and a group past its deadline before the first session', async () => {
    const { family, guardian } = await activityFamily(t);
    const leo = family.children[0].id;
    const notYet = await newTerm(t, staff, { opensAt: new Date(Date.now() + 86_400_000).toISOString() });
    const closed = await newTerm(t, staff, { opensAt: new Date(Date.now() - 3 * 86_400_000).toISOString(), closesAt: new Date(Date.now() - 86_400_000).toISOString() });
    // sessions from tomorrow, registrations close 30 days before the first: already past
    const soon = await newTerm(t, staff, { startsOn: inDays(1), deadline: { daysBefore: 30, at: '18:00' } });
    const groups = [await newGroup(t, staff, notYet.period.id), await newGroup(t, staff, closed.period.id), await newGroup(t, staff, soon.period.id)];
    for (const [i, group] of groups.entries()) {
      const res = await register(t, guardian, [{ childId: leo, groupId: group.id }]);
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0]).toEqual({ field: 'places[0].groupId', message: expect.stringContaining(['Les inscriptions ouvrent le', 'Les inscriptions sont closes depuis le', 'avant la première séance'][i]) });
    }
    const offer = (await t.inject({ method: 'GET', url: '/api/reservations/activities', headers: guardian })).json();
    const termOf = (id: string) => offer.find((o: { periodId: string }) => o.periodId === id);
    expect(termOf(notYet.period.id)).toMatchObject({ open: false, reason: expect.stringContaining('ouvrent le') });
    expect(termOf(closed.period.id)).toMatchObject({ open: false });
    expect(termOf(soon.period.id)).toMatchObject({ open: true });
    expect(termOf(soon.period.id).children[0].groups[0]).toMatchObject({ registrable: false, reason: expect.stringContaining('J-30 à 18:00') });
    expect(await rowsOf(family.id)).toBe(0);
  });

  it('refuses a child whose file lacks what activities need, saying what', async () => {
    const term = await newTerm(t, staff);
    const escalade = await newGroup(t, staff, term.period.id);
    const family = await newFamily(t);
    const guardian = (await guardianOf(t, family, 0)).headers;
    const res = await register(t, guardian, [{ childId: family.children[0].id, groupId: escalade.id }]);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('reservations.file-incomplete');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['field:family.address', 'field:child.contact']));
    const offer = (await t.inject({ method: 'GET', url: '/api/reservations/activities', headers: guardian })).json();
    const child = offer.find((o: { periodId: string }) => o.periodId === term.period.id).children[0];
    expect(child).toMatchObject({ fileComplete: false, groups: [expect.objectContaining({ registrable: false, reason: 'Le dossier de Léo est incomplet.' })] });
    expect(await rowsOf(family.id)).toBe(0);
  });

  it('answers 400 naming the fields for malformed baskets', async () => {
    const { family, guardian } = await activityFamily(t);
    const leo = family.children[0].id;
    const group = '00000000-0000-4000-8000-000000000000';
    const cases: [unknown, string[]][] = [
      [{}, ['places']],
      [{ places: [] }, ['places']],
      [{ places: 'Léo' }, ['places']],
      [{ places: [{ childId: leo, groupId: group }, { childId: leo, groupId: group }] }, ['places']],
      [{ places: [{ childId: 'léo', groupId: 12 }] }, ['places[0].childId', 'places[0].groupId']],
      [{ places: [null] }, ['places']],
      [{ places: Array.from({ length: 21 }, () => ({ childId: leo, groupId: group })) }, ['places']],
      [{ places: [{ childId: leo, groupId: group, priceCents: 0 }] }, ['places[0].priceCents']],
    ];
    for (const [payload, fields] of cases) {
      const res = await t.inject({ method: 'POST', url: '/api/reservations/activities/registrations', headers: guardian, payload: payload as object });
      expect([res.statusCode, payload]).toEqual([400, payload]);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
    }
    expect(await rowsOf(family.id)).toBe(0);
  });

  it('lets staff change a group but never below the places taken, nor outside its term; sessions on closed days are named', async () => {
    const term = await newTerm(t, staff);
    const escalade = await newGroup(t, staff, term.period.id, { places: 3 });
    const { family, guardian } = await activityFamily(t);
    expect((await register(t, guardian, family.children.map((c) => ({ childId: c.id, groupId: escalade.id })))).statusCode).toBe(201);

    const patch = (payload: object) => t.inject({ method: 'PATCH', url: `/api/staff/activity-groups/${escalade.id}`, headers: staff, payload });
    const fewer = await patch({ places: 1 });
    expect(fewer.statusCode).toBe(409);
    expect(fewer.json()).toMatchObject({ code: 'reservations.activity-places-taken', errors: [{ field: 'places', message: 'au moins 2' }] });
    const changed = await patch({ places: 2, priceCents: 5000, label: '7/11 ans Escalade (bloc)' });
    expect(changed.json()).toMatchObject({ places: 2, taken: 2, placesLeft: 0, priceCents: 5000, label: '7/11 ans Escalade (bloc)', sessions: escalade.sessions });
    // registrations keep their price
    const registered = (await t.inject({ method: 'GET', url: '/api/reservations/activities/registrations', headers: guardian })).json();
    expect(registered[0]).toMatchObject({ amountCents: 9000 });

    const wednesday = escalade.sessions[2];
    const monday = nextWeekday(wednesday, 1);
    const outside = await patch({ sessions: { dates: [wednesday, monday, '2030-01-02'] } });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors).toEqual([
      { field: 'sessions.dates[1]', message: expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} : (Pas d’accueil le lundi|Jour férié)/) },
      { field: 'sessions.dates[2]', message: expect.stringContaining('en dehors de la période') },
    ]);
    const moved = await patch({ sessions: { dates: [wednesday] } });
    expect(moved.json().sessions).toEqual([wednesday]);

    const ages = await patch({ minAge: 12, maxAge: 11 });
    expect(ages.json().errors).toEqual([{ field: 'maxAge', message: expect.any(String) }]);
    const canteen = await t.inject({ method: 'POST', url: `/api/staff/booking-periods/00000000-0000-4000-8000-000000000000/activity-groups`, headers: staff, payload: { label: 'x', minAge: 1, maxAge: 2, places: 1, priceCents: 0, startsAt: '10:00', endsAt: '11:00', sessions: { weekdays: [3] } } });
    expect(canteen.statusCode).toBe(404);
    expect((await t.inject({ method: 'GET', url: `/api/staff/activity-groups/00000000-0000-4000-8000-000000000000`, headers: staff })).statusCode).toBe(404);
  });

  it('confirms at once a registration with nothing to pay (a free group)', async () => {
    const term = await newTerm(t, staff);
    const free = await newGroup(t, staff, term.period.id, { label: '7/11 ans Découverte', priceCents: 0 });
    const { family, guardian } = await activityFamily(t);
    const res = await register(t, guardian, [{ childId: family.children[0].id, groupId: free.id }]);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'confirmed', amountCents: 0, confirmedAt: expect.any(String), paymentId: null });
    const [event] = await t.dataSource.query(`SELECT type, payload FROM platform.outbox_event WHERE aggregate_id = $1`, [res.json().id]);
    expect(event).toMatchObject({ type: 'reservations.activity-place.confirmed.v1', payload: { paymentId: null, amountCents: 0 } });
    const planning = await t.inject({ method: 'GET', url: `/api/reservations/planning?childId=${family.children[0].id}&from=${term.period.startsOn}&to=${term.period.endsOn}`, headers: guardian });
    expect(planning.json().days.map((d: { date: string }) => d.date)).toEqual(free.sessions);
  });

  it('lists the children of a session day on the attendance sheet, with the group times, and lets staff mark them', async () => {
    const term = await newTerm(t, staff);
    const free = await newGroup(t, staff, term.period.id, { label: '7/11 ans Découverte', priceCents: 0 });
    const { family, guardian } = await activityFamily(t);
    const leo = family.children[0].id;
    expect((await register(t, guardian, [{ childId: leo, groupId: free.id }])).statusCode).toBe(201);
    // the first session has come
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    await t.dataSource.query(`UPDATE reservations.activity_session SET day = $2 WHERE group_id = $1 AND day = $3`, [free.id, today, free.sessions[0]]);

    const sheet = await t.inject({ method: 'GET', url: `/api/staff/reservations/attendance?serviceId=${term.service.id}&date=${today}`, headers: staff });
    expect(sheet.statusCode).toBe(200);
    expect(sheet.json().expected).toEqual([expect.objectContaining({ childId: leo, slot: { start: '14:00', end: '16:00' } })]);
    const mark = await t.inject({ method: 'PUT', url: '/api/staff/reservations/attendance', headers: staff, payload: { serviceId: term.service.id, date: today, entries: [{ childId: leo, status: 'present' }] } });
    expect(mark.statusCode).toBe(200);
    expect(mark.json().entries).toEqual([{ childId: leo, status: 'present', booked: true }]);
    // a child without a place cannot be marked
    const other = await t.inject({ method: 'PUT', url: '/api/staff/reservations/attendance', headers: staff, payload: { serviceId: term.service.id, date: today, entries: [{ childId: family.children[1].id, status: 'present' }] } });
    expect(other.statusCode).toBe(422);
  });

  it('removes a closure once (sessions are expanded around closures); an unknown one is 404', async () => {
    const term = await newTerm(t, staff);
    const closures = `/api/staff/establishments/${term.establishment.id}/closures`;
    const [closure] = (await t.inject({ method: 'POST', url: closures, headers: staff, payload: { startsOn: nextWeekday(inDays(20), 3), label: 'Gymnase fermé' } })).json();
    expect((await t.inject({ method: 'DELETE', url: `${closures}/${closure.id}`, headers: staff })).statusCode).toBe(204);
    expect((await t.inject({ method: 'DELETE', url: `${closures}/${closure.id}`, headers: staff })).statusCode).toBe(404);
  });
});
