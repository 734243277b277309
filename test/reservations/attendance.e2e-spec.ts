import { newFamily } from '../factories/family.factory';
import { bearer, newSession } from '../factories/identity.factory';
import { addDays, book, Catalogue, enrolledChild, Headers, inDays, newCatalogue } from '../factories/reservations.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { openDays } from './days.support';

/**
 * Attendance lists for canteen and after-school agents (who is expected, with the diet and PAI flags,
 * as JSON and CSV; every read of health data recorded) and marking presence (upsert, unbooked
 * presences flagged, future days and unknown children refused, an event with the entries).
 *
 * A day can only be marked once it has come, and bookings are made before their day: the bookings
 * are made through the API on a future day, then moved to today with SQL (bookings, items, counters).
 */
describe('staff desk: attendance', () => {
  let t: TestApp;
  let staff: Headers;
  let staffId: string;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    const session = await newSession(t.dataSource, 'staff');
    staff = bearer(session.token);
    staffId = session.accountId;
  });
  afterAll(() => t?.close());

  const moveDay = async (serviceId: string, from: string, to: string) => {
    await t.dataSource.query(`UPDATE reservations.booking SET day = $3 WHERE service_id = $1 AND day = $2`, [serviceId, from, to]);
    await t.dataSource.query(
      `UPDATE reservations.reservation_item i SET day = $3 FROM reservations.reservation r WHERE r.id = i.reservation_id AND r.service_id = $1 AND i.day = $2`,
      [serviceId, from, to],
    );
    await t.dataSource.query(`UPDATE reservations.occupancy SET day = $3 WHERE service_id = $1 AND day = $2`, [serviceId, from, to]);
  };
  const rename = (childId: string, firstName: string, lastName: string) =>
    t.dataSource.query(`UPDATE family.child SET first_name = $2, last_name = $3 WHERE id = $1`, [childId, firstName, lastName]);
  const pendingItems = (c: Catalogue) =>
    t.inject({ method: 'GET', url: `/api/staff/reservations/requests?serviceId=${c.service.id}`, headers: staff }).then((r) => r.json() as { itemId: string; child: { id: string }; action: string }[]);
  const decide = (itemIds: string[], decision: 'accept' | 'refuse') =>
    t.inject({ method: 'POST', url: '/api/staff/reservations/requests/decisions', headers: staff, payload: { itemIds, decision } });
  const list = (serviceId: string, date: string, format = '') => t.inject({ method: 'GET', url: `/api/staff/reservations/attendance?serviceId=${serviceId}&date=${date}${format}`, headers: staff });
  const mark = (payload: unknown) => t.inject({ method: 'PUT', url: '/api/staff/reservations/attendance', headers: staff, payload: payload as object });
  const attendanceRows = (serviceId: string) =>
    t.dataSource.query(`SELECT child_id AS "childId", status, booked, recorded_by AS "recordedBy" FROM reservations.attendance WHERE service_id = $1 ORDER BY status, child_id`, [serviceId]);

  /**
   * Today's canteen: Alice (confirmed; allergy with details, PAI), Bruno (cancellation requested),
   * Chloé (a booking request still pending), Emma (enrolled, not booked). Every day of the week opens;
   * the deadline is 30 days before, so every change is a request that staff decide.
   */
  async function todaysCanteen() {
    const c = await newCatalogue(t, staff, { weekdays: [1, 2, 3, 4, 5, 6, 7], followsSchoolCalendar: false, capacity: 20 }, { startsOn: inDays(3), endsOn: inDays(60), deadline: { daysBefore: 30, at: '00:00' } });
    const [day] = openDays(4);
    const [alice, bruno, chloe, emma] = [await enrolledChild(t, c), await enrolledChild(t, c), await enrolledChild(t, c), await enrolledChild(t, c)];
    await rename(alice.childId, 'Alice', 'Martin');
    await rename(bruno.childId, 'Bruno', 'Bernard');
    await rename(chloe.childId, 'Chloé', 'Petit');
    await rename(emma.childId, 'Emma', 'Durand');
    const consent = { accepted: true, version: 1 };
    const health = await t.inject({
      method: 'PATCH',
      url: `/api/family/children/${alice.childId}`,
      headers: alice.guardian,
      payload: { diet: { kind: 'allergy', details: 'Arachides et fruits à coque' }, careplan: { hasPlan: true, details: 'Trousse d’urgence au bureau' }, consent },
    });
    expect(health.statusCode).toBe(200);
    for (const child of [alice, bruno, chloe]) expect((await book(t, child.guardian, c, child.childId, { book: { dates: [day] } })).statusCode).toBe(201);
    const requests = await pendingItems(c);
    expect((await decide(requests.filter((r) => r.child.id !== chloe.childId).map((r) => r.itemId), 'accept')).statusCode).toBe(200);
    expect((await book(t, bruno.guardian, c, bruno.childId, { cancel: { dates: [day] } })).json().state).toBe('requested');
    await moveDay(c.service.id, day, today);
    return { c, alice, bruno, chloe, emma };
  }

  it('lists who is expected today with the diet and PAI flags, the requests apart, and records the read of health data', async () => {
    const { c, alice, bruno, chloe, emma } = await todaysCanteen();
    const res = await list(c.service.id, today);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      serviceId: c.service.id,
      serviceLabel: 'Restauration scolaire',
      establishmentName: expect.stringMatching(/^École /),
      date: today,
      counts: { expected: 2, withDiet: 2, withCareplan: 1, pending: 1, present: 0, absent: 0, excused: 0, unbooked: 0 },
    });
    expect(body.expected).toEqual([
      {
        childId: bruno.childId,
        familyId: bruno.family.id,
        firstName: 'Bruno',
        lastName: 'Bernard',
        school: 'École Jules Ferry',
        className: 'CE2',
        bookingStatus: 'cancel-requested',
        statusLabel: 'Annulation demandée',
        slot: null,
        diet: { kind: 'no-pork', label: 'Sans porc', hasDetails: false },
        careplan: false,
        attendance: null,
      },
      expect.objectContaining({
        childId: alice.childId,
        firstName: 'Alice',
        lastName: 'Martin',
        bookingStatus: 'confirmed',
        statusLabel: 'Attendu',
        diet: { kind: 'allergy', label: 'Allergie ou intolérance alimentaire', hasDetails: true },
        careplan: true,
        attendance: null,
      }),
    ]);
    expect(body.pending).toEqual([expect.objectContaining({ childId: chloe.childId, firstName: 'Chloé', bookingStatus: 'requested', statusLabel: 'En attente' })]);
    expect(body.unbooked).toEqual([]);
    // flags only: the details stay in the child file
    expect(res.body).not.toContain('Arachides');
    expect(res.body).not.toContain('Trousse');
    expect(res.body).not.toContain(emma.childId);

    const accesses = await t.dataSource.query(`SELECT child_id AS "childId", family_id AS "familyId", what FROM family.health_access WHERE account_id = $1 ORDER BY child_id`, [staffId]);
    expect(accesses).toEqual(
      [alice, bruno, chloe].map((x) => ({ childId: x.childId, familyId: x.family.id, what: 'attendance-list' })).sort((a, b) => a.childId.localeCompare(b.childId)),
    );
    // the family sees the read among the staff reads of its health data
    const seen = await t.inject({ method: 'GET', url: `/api/staff/families/${alice.family.id}/health-accesses`, headers: staff });
    expect(seen.json()).toEqual([expect.objectContaining({ accountId: staffId, childId: alice.childId, what: 'attendance-list' })]);
  });

  it('downloads the list as CSV for Excel: BOM, French headers, semicolons, counts at the top, an attachment', async () => {
    const { c } = await todaysCanteen();
    const res = await list(c.service.id, today, '&format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="presences-restauration-scolaire-${today}\\.csv"`));
    const raw = res.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = raw.subarray(3).toString('utf8').split('\r\n');
    expect(lines.slice(0, 8)).toEqual([
      'Service;Restauration scolaire',
      expect.stringMatching(/^Établissement;École /),
      `Date;${today.split('-').reverse().join('/')}`,
      'Attendus;2',
      'Avec régime alimentaire;2',
      'Avec PAI;1',
      'En attente;1',
      '',
    ]);
    expect(lines[8]).toBe('Nom;Prénom;École;Classe;Statut;Créneau;Régime alimentaire;Précisions au dossier;PAI;Présence');
    expect(lines.slice(9, 12)).toEqual([
      'Bernard;Bruno;École Jules Ferry;CE2;Annulation demandée;;Sans porc;Non;Non;',
      'Martin;Alice;École Jules Ferry;CE2;Attendu;;Allergie ou intolérance alimentaire;Oui;Oui;',
      'Petit;Chloé;École Jules Ferry;CE2;En attente;;Sans porc;Non;Non;',
    ]);
    expect(res.body).not.toContain('Arachides');
  });

  it('marks presence: booked or enrolled children only, unbooked presences flagged, re-marking replaces, an event with the entries', async () => {
    const { c, alice, bruno, chloe, emma } = await todaysCanteen();
    const res = await mark({ serviceId: c.service.id, date: today, entries: [{ childId: alice.childId, status: 'present' }, { childId: bruno.childId, status: 'absent' }, { childId: emma.childId, status: 'present' }] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      serviceId: c.service.id,
      date: today,
      entries: [
        { childId: alice.childId, status: 'present', booked: true },
        { childId: bruno.childId, status: 'absent', booked: true },
        { childId: emma.childId, status: 'present', booked: false },
      ],
    });
    expect(await attendanceRows(c.service.id)).toEqual(
      expect.arrayContaining([
        { childId: alice.childId, status: 'present', booked: true, recordedBy: staffId },
        { childId: emma.childId, status: 'present', booked: false, recordedBy: staffId },
        { childId: bruno.childId, status: 'absent', booked: true, recordedBy: staffId },
      ]),
    );

    // re-marking replaces the status; a pending request is not a booking
    const again = await mark({ serviceId: c.service.id, date: today, entries: [{ childId: alice.childId, status: 'excused' }, { childId: chloe.childId, status: 'present' }] });
    expect(again.statusCode).toBe(200);
    expect((await attendanceRows(c.service.id)).length).toBe(4);
    expect((await attendanceRows(c.service.id)).find((r: { childId: string }) => r.childId === alice.childId)).toMatchObject({ status: 'excused', booked: true });
    expect((await attendanceRows(c.service.id)).find((r: { childId: string }) => r.childId === chloe.childId)).toMatchObject({ status: 'present', booked: false });

    const events = await t.dataSource.query(`SELECT payload FROM platform.outbox_event WHERE type = 'reservations.attendance.recorded.v1' AND payload->>'serviceId' = $1 ORDER BY position`, [c.service.id]);
    expect(events.map((e: { payload: unknown }) => e.payload)).toEqual([
      {
        serviceId: c.service.id,
        establishmentId: c.establishment.id,
        day: today,
        entries: [
          { childId: alice.childId, familyId: alice.family.id, status: 'present', booked: true },
          { childId: bruno.childId, familyId: bruno.family.id, status: 'absent', booked: true },
          { childId: emma.childId, familyId: emma.family.id, status: 'present', booked: false },
        ],
      },
      {
        serviceId: c.service.id,
        establishmentId: c.establishment.id,
        day: today,
        entries: [
          { childId: alice.childId, familyId: alice.family.id, status: 'excused', booked: true },
          { childId: chloe.childId, familyId: chloe.family.id, status: 'present', booked: false },
        ],
      },
    ]);

    // the list shows what was recorded, and the unbooked presences apart
    const body = (await list(c.service.id, today)).json();
    // present/absent/excused count everyone recorded that day; unbooked, the children recorded who were neither expected nor waiting
    expect(body.counts).toMatchObject({ expected: 2, pending: 1, present: 2, absent: 1, excused: 1, unbooked: 1 });
    expect(body.expected.map((e: { attendance: string }) => e.attendance)).toEqual(['absent', 'excused']);
    expect(body.pending).toEqual([expect.objectContaining({ childId: chloe.childId, attendance: 'present' })]);
    expect(body.unbooked).toEqual([expect.objectContaining({ childId: emma.childId, firstName: 'Emma', bookingStatus: null, statusLabel: 'Non réservé', attendance: 'present' })]);
  });

  it('refuses a child neither enrolled nor booked, a future day, bad entries — writing nothing', async () => {
    const { c, alice } = await todaysCanteen();
    const stranger = await newFamily(t);
    const before = await attendanceRows(c.service.id);

    const notEnrolled = await mark({ serviceId: c.service.id, date: today, entries: [{ childId: alice.childId, status: 'present' }, { childId: stranger.children[0].id, status: 'present' }] });
    expect(notEnrolled.statusCode).toBe(422);
    expect(notEnrolled.json()).toMatchObject({ code: 'reservations.attendance-rejected', errors: [{ field: 'entries[1].childId', message: expect.stringContaining('ni inscrit ni réservé') }] });

    const future = await mark({ serviceId: c.service.id, date: addDays(today, 1), entries: [{ childId: alice.childId, status: 'present' }] });
    expect(future.statusCode).toBe(422);
    expect(future.json().errors).toEqual([{ field: 'date', message: expect.stringContaining('pas encore') }]);

    const bad = await mark({ serviceId: c.service.id, date: '2026-13-01', entries: [{ childId: 'x', status: 'late' }, { childId: alice.childId }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['date', 'entries[0].childId', 'entries[0].status', 'entries[1].status']);
    const twice = await mark({ serviceId: c.service.id, date: today, entries: [{ childId: alice.childId, status: 'present' }, { childId: alice.childId, status: 'absent' }] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors.map((e: { field: string }) => e.field)).toEqual(['entries']);
    const none = await mark({ serviceId: c.service.id, date: today, entries: [] });
    expect(none.statusCode).toBe(400);
    const unknown = await mark({ serviceId: '00000000-0000-4000-8000-000000000000', date: today, entries: [{ childId: alice.childId, status: 'present' }] });
    expect(unknown.statusCode).toBe(404);

    expect(await attendanceRows(c.service.id)).toEqual(before);
    const events = await t.dataSource.query(`SELECT 1 FROM platform.outbox_event WHERE type = 'reservations.attendance.recorded.v1' AND payload->>'serviceId' = $1`, [c.service.id]);
    expect(events).toEqual([]);

    // bad queries, and guardians kept out
    const badQuery = await t.inject({ method: 'GET', url: `/api/staff/reservations/attendance?serviceId=x&date=demain&format=pdf`, headers: staff });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().errors.map((e: { field: string }) => e.field)).toEqual(['serviceId', 'date', 'format']);
    for (const [method, payload] of [['GET', undefined], ['PUT', { serviceId: c.service.id, date: today, entries: [{ childId: alice.childId, status: 'present' }] }]] as const) {
      const res = await t.inject({ method, url: `/api/staff/reservations/attendance?serviceId=${c.service.id}&date=${today}`, headers: alice.guardian, payload });
      expect(res.statusCode).toBe(403);
    }
    expect(await attendanceRows(c.service.id)).toEqual(before);
  });

  it('shows the slot of each child for hourly services', async () => {
    const c = await newCatalogue(t, staff, { kind: 'early-childhood', unit: 'hourly-slot', capacity: 10, opensAt: '07:30', closesAt: '18:30', slotMinutes: 30, weekdays: [1, 2, 3, 4, 5, 6, 7], followsSchoolCalendar: false });
    const child = await enrolledChild(t, c);
    const [day] = openDays(10);
    expect((await book(t, child.guardian, c, child.childId, { book: { dates: [day] }, slot: { start: '08:00', end: '12:30' } })).statusCode).toBe(201);
    await moveDay(c.service.id, day, today);
    const body = (await list(c.service.id, today)).json();
    expect(body.expected).toEqual([expect.objectContaining({ childId: child.childId, slot: { start: '08:00', end: '12:30' } })]);
    const csv = (await list(c.service.id, today, '&format=csv')).body;
    expect(csv).toContain(';Attendu;08:00-12:30;');
  });
});
