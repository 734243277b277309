import { book, enrolledChild, Headers, inDays, newCatalogue, nextWeekday, staffHeaders } from '../factories/reservations.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The less common paths of a batch, what each writes: hourly slots (a slot per day, a change of slot,
 * places counted per time step), a full day with and without the waiting list, a freed place given to
 * the first child waiting, and the recap of a full day.
 */
describe('booking: slots, full days, waiting list', () => {
  let t: TestApp;
  let staff: Headers;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    staff = await staffHeaders(t);
  });
  afterAll(() => t?.close());

  const bookings = (childId: string) =>
    t.dataSource.query(
      `SELECT to_char(b.day, 'YYYY-MM-DD') AS day, b.status, to_char(b.starts_at, 'HH24:MI') AS "startsAt", to_char(b.ends_at, 'HH24:MI') AS "endsAt", i.status AS "itemStatus"
       FROM reservations.booking b JOIN reservations.reservation_item i ON i.id = b.item_id WHERE b.child_id = $1 ORDER BY b.day`,
      [childId],
    );
  const occupancy = (serviceId: string) =>
    t.dataSource.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, step, taken FROM reservations.occupancy WHERE service_id = $1 AND taken > 0 ORDER BY day, step`, [serviceId]);
  const items = (reservationId: string) =>
    t.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, to_char(starts_at, 'HH24:MI') AS "startsAt", action, status, decided_at IS NOT NULL AS decided FROM reservations.reservation_item WHERE reservation_id = $1 ORDER BY day`,
      [reservationId],
    );

  it('books hourly slots, counts places per step, and changes a slot', async () => {
    const c = await newCatalogue(t, staff, { kind: 'after-school-evening', unit: 'hourly-slot', capacity: 2, opensAt: '16:00', closesAt: '19:00', slotMinutes: 30 });
    const { guardian, childId } = await enrolledChild(t, c);
    const monday = nextWeekday(inDays(10), 1);
    const tuesday = nextWeekday(monday, 2); // the Tuesday after that Monday (tests run on any date)

    const first = await book(t, guardian, c, childId, { book: { dates: [monday, tuesday] }, slot: { start: '16:30', end: '17:30' } });
    expect(first.statusCode).toBe(201);
    expect(first.json().items).toEqual([
      { date: monday, action: 'book', status: 'accepted', slot: { start: '16:30', end: '17:30' } },
      { date: tuesday, action: 'book', status: 'accepted', slot: { start: '16:30', end: '17:30' } },
    ]);
    expect(await bookings(childId)).toEqual([
      { day: monday, status: 'confirmed', startsAt: '16:30', endsAt: '17:30', itemStatus: 'accepted' },
      { day: tuesday, status: 'confirmed', startsAt: '16:30', endsAt: '17:30', itemStatus: 'accepted' },
    ]);
    expect(await occupancy(c.service.id)).toEqual([
      { day: monday, step: 33, taken: 1 },
      { day: monday, step: 34, taken: 1 },
      { day: tuesday, step: 33, taken: 1 },
      { day: tuesday, step: 34, taken: 1 },
    ]);

    const change = await book(t, guardian, c, childId, { slots: [{ date: monday, start: '17:00', end: '18:00' }] });
    expect(change.statusCode).toBe(201);
    expect(change.json().items).toEqual([{ date: monday, action: 'book', status: 'accepted', slot: { start: '17:00', end: '18:00' } }]);
    expect(await items(change.json().id)).toEqual([{ day: monday, startsAt: '17:00', action: 'book', status: 'accepted', decided: true }]);
    expect((await bookings(childId))[0]).toEqual({ day: monday, status: 'confirmed', startsAt: '17:00', endsAt: '18:00', itemStatus: 'accepted' });
    expect((await occupancy(c.service.id)).filter((o: { day: string }) => o.day === monday)).toEqual([
      { day: monday, step: 34, taken: 1 },
      { day: monday, step: 35, taken: 1 },
    ]);

    const noSlot = await book(t, guardian, c, childId, { book: { dates: [nextWeekday(inDays(20), 4)] } });
    expect(noSlot.statusCode).toBe(422);
    expect(noSlot.json().errors).toEqual([{ field: 'slot', message: expect.any(String) }]);
  });

  it('refuses a full day, or puts it on the waiting list; a freed place goes to the child waiting', async () => {
    const c = await newCatalogue(t, staff, { capacity: 1, waitlist: true });
    const first = await enrolledChild(t, c);
    const second = await enrolledChild(t, c);
    const day = nextWeekday(inDays(10), 1);
    const other = nextWeekday(day, 2); // the Tuesday after that Monday (tests run on any date)
    expect((await book(t, first.guardian, c, first.childId, { book: { dates: [day] } })).statusCode).toBe(201);

    const recap = await t.inject({ method: 'POST', url: '/api/reservations/preview', headers: second.guardian, payload: { childId: second.childId, serviceId: c.service.id, periodId: c.period.id, book: { dates: [day, other] } } });
    expect(recap.json().items.map((i: { status: string }) => i.status)).toEqual(['full', 'accepted']);

    const full = await book(t, second.guardian, c, second.childId, { book: { dates: [day, other] } });
    expect(full.statusCode).toBe(409);
    expect(full.json()).toMatchObject({ code: 'reservations.full', errors: [{ field: 'book', message: expect.stringContaining('complet') }] });
    expect(await bookings(second.childId)).toEqual([]);
    expect(await occupancy(c.service.id)).toEqual([{ day, step: 0, taken: 1 }]);

    const waiting = await book(t, second.guardian, c, second.childId, { book: { dates: [day, other] }, waitlist: true });
    expect(waiting.statusCode).toBe(201);
    expect(waiting.json()).toMatchObject({ state: 'waitlisted', items: [{ date: day, status: 'waitlisted' }, { date: other, status: 'accepted' }] });
    expect(await items(waiting.json().id)).toEqual([
      { day, startsAt: null, action: 'book', status: 'waitlisted', decided: false },
      { day: other, startsAt: null, action: 'book', status: 'accepted', decided: true },
    ]);
    expect(await bookings(second.childId)).toEqual([
      { day, status: 'waitlisted', startsAt: null, endsAt: null, itemStatus: 'waitlisted' },
      { day: other, status: 'confirmed', startsAt: null, endsAt: null, itemStatus: 'accepted' },
    ]);

    const cancel = await book(t, first.guardian, c, first.childId, { cancel: { dates: [day] } });
    expect(cancel.statusCode).toBe(201);
    expect(await bookings(second.childId)).toEqual([
      { day, status: 'confirmed', startsAt: null, endsAt: null, itemStatus: 'accepted' },
      { day: other, status: 'confirmed', startsAt: null, endsAt: null, itemStatus: 'accepted' },
    ]);
    expect(await occupancy(c.service.id)).toEqual([
      { day, step: 0, taken: 1 },
      { day: other, step: 0, taken: 1 },
    ]);
    const promoted = await t.dataSource.query(`SELECT payload FROM platform.outbox_event WHERE type = 'reservations.booking.confirmed.v1' AND payload->>'via' = 'waitlist' AND payload->>'childId' = $1`, [second.childId]);
    expect(promoted.map((e: { payload: unknown }) => e.payload)).toEqual([expect.objectContaining({ reservationId: waiting.json().id, days: [{ date: day, startsAt: null, endsAt: null }] })]);

    // taking back one's place on the waiting list is at once
    const third = await enrolledChild(t, c);
    expect((await book(t, third.guardian, c, third.childId, { book: { dates: [day] }, waitlist: true })).json().state).toBe('waitlisted');
    const withdraw = await book(t, third.guardian, c, third.childId, { cancel: { dates: [day] } });
    expect(withdraw.json()).toMatchObject({ state: 'accepted', items: [{ date: day, action: 'cancel', status: 'accepted' }] });
    expect(await bookings(third.childId)).toEqual([{ day, status: 'cancelled', startsAt: null, endsAt: null, itemStatus: 'accepted' }]);
    expect(await occupancy(c.service.id)).toEqual([
      { day, step: 0, taken: 1 },
      { day: other, step: 0, taken: 1 },
    ]);
  });
});
