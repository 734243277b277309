import { guardianOf, newFamily } from '../factories/family.factory';
import { addDays, book, completeFiles, enrolledChild, Headers, inDays, isoWeekday, newCatalogue, nextWeekday, schoolYearOf, staffHeaders } from '../factories/reservations.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A guardian books and cancels canteen days: enrolment, the deadline (accepted at once, request,
 * too late), the calendar, the recap, the batch with its number and state, the history, and bad input.
 */
describe('booking days', () => {
  let t: TestApp;
  let staff: Headers;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    staff = await staffHeaders(t);
  });
  afterAll(() => t?.close());

  const bookings = (childId: string) =>
    t.dataSource.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, status FROM reservations.booking WHERE child_id = $1 ORDER BY day`, [childId]);
  const events = (type: string, familyId: string) =>
    t.dataSource.query(`SELECT payload FROM platform.outbox_event WHERE type = $1 AND payload->>'familyId' = $2 ORDER BY position`, [type, familyId]);

  it('refuses to enrol a child whose file is incomplete, saying what is missing; then enrols', async () => {
    const c = await newCatalogue(t, staff);
    const family = await newFamily(t);
    const guardian = (await guardianOf(t, family, 0)).headers;
    const body = { childId: family.children[0].id, serviceId: c.service.id, schoolYear: schoolYearOf(c.period.startsOn) };
    const refused = await t.inject({ method: 'POST', url: '/api/reservations/enrolments', headers: guardian, payload: body });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('reservations.file-incomplete');
    expect(refused.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['field:family.address', 'field:child.diet', 'field:child.contact']));
    expect(await t.dataSource.query(`SELECT * FROM reservations.enrolment WHERE child_id = $1`, [body.childId])).toEqual([]);

    await completeFiles(t, guardian, family);
    const ok = await t.inject({ method: 'POST', url: '/api/reservations/enrolments', headers: guardian, payload: body });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ childId: body.childId, serviceId: c.service.id, schoolYear: body.schoolYear, enrolledByRole: 'guardian' });
    // enrolling again is a no-op
    expect((await t.inject({ method: 'POST', url: '/api/reservations/enrolments', headers: guardian, payload: body })).json().id).toBe(ok.json().id);

    const children = (await t.inject({ method: 'GET', url: '/api/reservations/children', headers: guardian })).json();
    expect(children.map((ch: { enrolments: unknown[] }) => ch.enrolments.length)).toEqual([1, 0]);

    // a child not enrolled cannot book
    const notEnrolled = await book(t, guardian, c, family.children[1].id, { book: { dates: [nextWeekday(inDays(10), 1)] } });
    expect(notEnrolled.statusCode).toBe(422);
    expect(notEnrolled.json().code).toBe('reservations.not-enrolled');
  });

  it('books a day at once before the deadline: a numbered reservation, the calendar, an event', async () => {
    const c = await newCatalogue(t, staff);
    const { family, guardian, childId } = await enrolledChild(t, c);
    const day = nextWeekday(inDays(10), 1);

    const recap = await t.inject({ method: 'POST', url: '/api/reservations/preview', headers: guardian, payload: { childId, serviceId: c.service.id, periodId: c.period.id, book: { dates: [day] } } });
    expect(recap.statusCode).toBe(200);
    expect(recap.json()).toMatchObject({ id: null, number: null, state: 'accepted', items: [{ date: day, action: 'book', status: 'accepted' }] });
    expect(await bookings(childId)).toEqual([]);

    const res = await book(t, guardian, c, childId, { book: { dates: [day] } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ number: expect.stringMatching(/^R\d{4}-\d{6}$/), state: 'accepted', stateLabel: 'Acceptée', periodLabel: 'Période de test', items: [{ date: day, status: 'accepted' }] });
    expect(await bookings(childId)).toEqual([{ day, status: 'confirmed' }]);
    const [event] = await events('reservations.booking.confirmed.v1', family.id);
    expect(event.payload).toMatchObject({ reservationId: res.json().id, childId, serviceId: c.service.id, unit: 'day', via: 'immediate', days: [{ date: day, startsAt: null, endsAt: null }] });

    const month = day.slice(0, 7);
    const cal = await t.inject({ method: 'GET', url: `/api/reservations/calendar?childId=${childId}&serviceId=${c.service.id}&periodId=${c.period.id}&month=${month}`, headers: guardian });
    expect(cal.statusCode).toBe(200);
    const days = cal.json().days as { date: string; status: string; placesLeft: number; timing: string }[];
    expect(days.find((d) => d.date === day)).toMatchObject({ status: 'booked', placesLeft: 99, timing: 'immediate' });
    expect(days.filter((d) => isoWeekday(d.date) === 3).every((d) => d.status === 'closed')).toBe(true);
    expect(cal.json().deadlineLabel).toBe('J-2 à 18:00');

    // booking it again changes nothing
    const again = await book(t, guardian, c, childId, { book: { dates: [day] } });
    expect(again.statusCode).toBe(422);
    expect(again.json().code).toBe('reservations.nothing-to-do');

    // cancelling before the deadline is accepted at once and gives the place back
    const cancel = await book(t, guardian, c, childId, { cancel: { dates: [day] } });
    expect(cancel.json()).toMatchObject({ state: 'accepted', stateLabel: 'Annulation acceptée', items: [{ date: day, action: 'cancel', status: 'accepted' }] });
    expect(await bookings(childId)).toEqual([{ day, status: 'cancelled' }]);
    expect(await t.dataSource.query(`SELECT taken FROM reservations.occupancy WHERE service_id = $1`, [c.service.id])).toEqual([{ taken: 0 }]);
    expect((await events('reservations.booking.cancelled.v1', family.id))[0].payload).toMatchObject({ days: [{ date: day }], via: 'immediate' });

    const history = (await t.inject({ method: 'GET', url: '/api/reservations', headers: guardian })).json();
    expect(history.map((r: { stateLabel: string }) => r.stateLabel)).toEqual(['Annulation acceptée', 'Acceptée']);
    const detail = (await t.inject({ method: 'GET', url: `/api/reservations/${res.json().id}`, headers: guardian })).json();
    expect(detail).toMatchObject({ number: res.json().number, items: [{ date: day, status: 'accepted' }] });
    // staff see the same, to answer the family
    const staffHistory = (await t.inject({ method: 'GET', url: `/api/staff/reservations?familyId=${family.id}`, headers: staff })).json();
    expect(staffHistory.map((r: { number: string }) => r.number)).toEqual(history.map((r: { number: string }) => r.number));
    expect((await t.inject({ method: 'GET', url: `/api/staff/reservations/${res.json().id}`, headers: staff })).json()).toMatchObject({ familyId: family.id, items: detail.items });
    expect((await t.inject({ method: 'GET', url: `/api/staff/reservations/${res.json().id}`, headers: guardian })).statusCode).toBe(403);
  });

  it('books the opening days of a weekday pattern in one batch, skipping closed days', async () => {
    const c = await newCatalogue(t, staff);
    const { guardian, childId } = await enrolledChild(t, c);
    const closed = nextWeekday(inDays(20), 4);
    const closure = await t.inject({ method: 'POST', url: `/api/staff/establishments/${c.establishment.id}/closures`, headers: staff, payload: { startsOn: closed, label: 'Grève' } });
    expect(closure.statusCode).toBe(201);

    const res = await book(t, guardian, c, childId, { book: { weekdays: [1, 4] } });
    expect(res.statusCode).toBe(201);
    const booked = res.json().items.map((i: { date: string }) => i.date) as string[];
    expect(booked.every((d) => [1, 4].includes(isoWeekday(d)))).toBe(true);
    expect(booked).not.toContain(closed);
    expect(booked.length).toBeGreaterThan(15);
    expect((await bookings(childId)).length).toBe(booked.length);

    // an explicit closed day is an error naming it, and the batch records nothing
    const before = await bookings(childId);
    const bad = await book(t, guardian, c, childId, { book: { dates: [nextWeekday(inDays(30), 2), closed, nextWeekday(inDays(9), 3)] } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([
      { field: 'book.dates[1]', message: expect.stringContaining('Fermeture : Grève') },
      { field: 'book.dates[2]', message: expect.stringContaining('Pas d’accueil le mercredi') },
    ]);
    expect(await bookings(childId)).toEqual(before);

    // the week shown: cancel all its booked days
    const monday = booked.find((d) => isoWeekday(d) === 1)!;
    const week = await book(t, guardian, c, childId, { cancel: { from: monday, to: addDays(monday, 6) } });
    expect(week.statusCode).toBe(201);
    expect(week.json().items.map((i: { action: string }) => i.action)).toEqual(expect.arrayContaining(['cancel']));
    expect(week.json().items.every((i: { date: string }) => i.date >= monday && i.date <= addDays(monday, 6))).toBe(true);
  });

  it('makes a request of a change after the deadline, and refuses one past the cut-off', async () => {
    // deadline 30 days before at midnight, requests until 10 days before
    const c = await newCatalogue(t, staff, {}, { startsOn: inDays(3), endsOn: inDays(60), deadline: { daysBefore: 30, at: '00:00' }, cutoff: { daysBefore: 10, at: '00:00' } });
    const { guardian, childId } = await enrolledChild(t, c);
    const requestDay = nextWeekday(inDays(15), 2);
    const lateDay = nextWeekday(inDays(4), 2);

    const req = await book(t, guardian, c, childId, { book: { dates: [requestDay] } });
    expect(req.statusCode).toBe(201);
    expect(req.json()).toMatchObject({ state: 'requested', stateLabel: 'Demande en cours', items: [{ date: requestDay, status: 'pending' }] });
    expect(await bookings(childId)).toEqual([{ day: requestDay, status: 'requested' }]);

    const late = await book(t, guardian, c, childId, { book: { dates: [lateDay] } });
    expect(late.statusCode).toBe(422);
    expect(late.json().errors[0].message).toContain('délai');

    const cal = (await t.inject({ method: 'GET', url: `/api/reservations/calendar?childId=${childId}&serviceId=${c.service.id}&periodId=${c.period.id}&from=${lateDay}&to=${requestDay}`, headers: guardian })).json();
    expect(cal.days.find((d: { date: string }) => d.date === requestDay)).toMatchObject({ status: 'requested', timing: 'request' });
    expect(cal.days.find((d: { date: string }) => d.date === lateDay)).toMatchObject({ status: 'open', timing: 'too-late' });

    // taking back one's own pending request is immediate
    const withdraw = await book(t, guardian, c, childId, { cancel: { dates: [requestDay] } });
    expect(withdraw.json()).toMatchObject({ state: 'accepted', items: [{ status: 'accepted' }] });
    expect(await bookings(childId)).toEqual([{ day: requestDay, status: 'cancelled' }]);
    const first = (await t.inject({ method: 'GET', url: `/api/reservations/${req.json().id}`, headers: guardian })).json();
    expect(first).toMatchObject({ state: 'withdrawn', items: [{ status: 'withdrawn' }] });
  });

  it("answers 404 for another family's child, and refuses malformed or oversized batches", async () => {
    const c = await newCatalogue(t, staff);
    const mine = await enrolledChild(t, c);
    const theirs = await enrolledChild(t, c);
    const day = nextWeekday(inDays(10), 1);
    const other = await book(t, mine.guardian, c, theirs.childId, { book: { dates: [day] } });
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain(theirs.family.id);

    const many = Array.from({ length: 10_000 }, (_, i) => addDays(inDays(7), i % 90));
    const huge = await book(t, mine.guardian, c, mine.childId, { book: { dates: many } });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().errors[0]).toMatchObject({ field: 'book.dates' });

    const wrong = await book(t, mine.guardian, c, mine.childId, { book: { dates: ['2026-02-30'], weekdays: [8] } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors.map((e: { field: string }) => e.field)).toEqual(['book.dates', 'book.weekdays']);

    const outside = await book(t, mine.guardian, c, mine.childId, { book: { dates: [addDays(c.period.endsOn, 7)] } });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0].message).toContain('en dehors de la période');
    expect(await bookings(mine.childId)).toEqual([]);
    expect(await bookings(theirs.childId)).toEqual([]);
  });

  it("puts the family's enrolments, reservations and bookings in its data export, and nothing of another family", async () => {
    const c = await newCatalogue(t, staff);
    const mine = await enrolledChild(t, c);
    const theirs = await enrolledChild(t, c);
    const day = nextWeekday(inDays(10), 1);
    const res = await book(t, mine.guardian, c, mine.childId, { book: { dates: [day] } });
    await book(t, theirs.guardian, c, theirs.childId, { book: { dates: [day] } });
    const data = (await t.inject({ method: 'GET', url: '/api/family/export', headers: mine.guardian })).json();
    expect(data.sections.reservations).toMatchObject({
      enrolments: [expect.objectContaining({ childId: mine.childId, service: 'Restauration scolaire' })],
      reservations: [expect.objectContaining({ number: res.json().number, days: [expect.objectContaining({ day, action: 'book', status: 'accepted' })] })],
      bookings: [{ childId: mine.childId, service: 'Restauration scolaire', day, startsAt: null, endsAt: null, status: 'confirmed' }],
      attendance: [],
    });
    expect(JSON.stringify(data.sections.reservations)).not.toContain(theirs.childId);
  });
});
