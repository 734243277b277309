import { addDays, book, enrolledChild, Headers, inDays, newCatalogue, nextWeekday, staffHeaders } from '../factories/reservations.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Capacity is never exceeded: many guardians booking the last places at the same moment, against
 * the real database; exactly the places left succeed, the others are told "complet"; a waiting list
 * where staff enabled it.
 */
describe('capacity', () => {
  let t: TestApp;
  let staff: Headers;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api', env: { DATABASE_POOL_SIZE: '20' } });
    staff = await staffHeaders(t);
  });
  afterAll(() => t?.close());

  const confirmed = (serviceId: string, day: string) =>
    t.dataSource.query(`SELECT count(*)::int AS n FROM reservations.booking WHERE service_id = $1 AND day = $2 AND status IN ('confirmed', 'requested', 'cancel-requested')`, [serviceId, day]).then((r) => r[0].n);
  const taken = (serviceId: string, day: string) =>
    t.dataSource.query(`SELECT coalesce(sum(taken), 0)::int AS n FROM reservations.occupancy WHERE service_id = $1 AND day = $2`, [serviceId, day]).then((r) => r[0].n);

  it('lets exactly the places left be booked when 100 guardians book the last 10 at once', async () => {
    const c = await newCatalogue(t, staff, { capacity: 10 });
    const day = nextWeekday(inDays(12), 2);
    const children = [];
    for (let i = 0; i < 100; i++) children.push(await enrolledChild(t, c));

    const answers = await Promise.all(children.map((ch) => book(t, ch.guardian, c, ch.childId, { book: { dates: [day] } })));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(90);
    const full = answers.find((a) => a.statusCode === 409)!.json();
    expect(full).toMatchObject({ code: 'reservations.full', detail: expect.stringMatching(/^Complet/) });
    expect(full.errors[0].message).toMatch(/complet$/);
    expect(await confirmed(c.service.id, day)).toBe(10);
    expect(await taken(c.service.id, day)).toBe(10);
    // the refused batches left nothing behind
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM reservations.reservation WHERE service_id = $1`, [c.service.id]))[0].n).toBe(10);

    const cal = await t.inject({ method: 'GET', url: `/api/reservations/calendar?childId=${children[99].childId}&serviceId=${c.service.id}&periodId=${c.period.id}&from=${day}&to=${day}`, headers: children[99].guardian });
    expect(cal.json().days[0]).toMatchObject({ status: answers[99].statusCode === 201 ? 'booked' : 'full', placesLeft: 0 });
  }, 120_000);

  it('books a whole batch or none of it when one of its days is full', async () => {
    const c = await newCatalogue(t, staff, { capacity: 1 });
    const [a, b] = [await enrolledChild(t, c), await enrolledChild(t, c)];
    const d1 = nextWeekday(inDays(12), 1);
    const d2 = nextWeekday(d1, 2); // the Tuesday after that Monday (tests run on any date)
    expect((await book(t, a.guardian, c, a.childId, { book: { dates: [d2] } })).statusCode).toBe(201);
    const res = await book(t, b.guardian, c, b.childId, { book: { dates: [d1, d2] } });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([{ field: 'book', message: expect.stringContaining('complet') }]);
    expect(await taken(c.service.id, d1)).toBe(0);
    expect(await confirmed(c.service.id, d1)).toBe(0);
  });

  it('puts a full day on the waiting list when asked, and gives it the first freed place', async () => {
    const c = await newCatalogue(t, staff, { capacity: 1, waitlist: true });
    const [a, b, d] = [await enrolledChild(t, c), await enrolledChild(t, c), await enrolledChild(t, c)];
    const day = nextWeekday(inDays(12), 4);
    const other = nextWeekday(addDays(day, 1), 5);
    expect((await book(t, a.guardian, c, a.childId, { book: { dates: [day] } })).statusCode).toBe(201);

    const refused = await book(t, b.guardian, c, b.childId, { book: { dates: [day] } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('liste d’attente');

    const recap = await t.inject({ method: 'POST', url: '/api/reservations/preview', headers: b.guardian, payload: { childId: b.childId, serviceId: c.service.id, periodId: c.period.id, book: { dates: [day, other] }, waitlist: true } });
    expect(recap.json().items.map((i: { status: string }) => i.status)).toEqual(['waitlisted', 'accepted']);
    const waiting = await book(t, b.guardian, c, b.childId, { book: { dates: [day, other] }, waitlist: true });
    expect(waiting.statusCode).toBe(201);
    expect(waiting.json()).toMatchObject({ state: 'waitlisted', items: [{ date: day, status: 'waitlisted' }, { date: other, status: 'accepted' }] });
    await book(t, d.guardian, c, d.childId, { book: { dates: [day] }, waitlist: true });
    expect(await taken(c.service.id, day)).toBe(1);

    // a waiting child's calendar says so
    const cal = await t.inject({ method: 'GET', url: `/api/reservations/calendar?childId=${b.childId}&serviceId=${c.service.id}&periodId=${c.period.id}&from=${day}&to=${day}`, headers: b.guardian });
    expect(cal.json().days[0].status).toBe('waitlisted');

    // the booked child cancels: the first on the list gets the place, the second keeps waiting
    expect((await book(t, a.guardian, c, a.childId, { cancel: { dates: [day] } })).statusCode).toBe(201);
    const status = async (childId: string) => (await t.dataSource.query(`SELECT status FROM reservations.booking WHERE child_id = $1 AND day = $2`, [childId, day]))[0].status;
    expect(await status(b.childId)).toBe('confirmed');
    expect(await status(d.childId)).toBe('waitlisted');
    expect(await taken(c.service.id, day)).toBe(1);
    const detail = (await t.inject({ method: 'GET', url: `/api/reservations/${waiting.json().id}`, headers: b.guardian })).json();
    expect(detail).toMatchObject({ state: 'accepted', items: [{ date: day, status: 'accepted' }, { date: other, status: 'accepted' }] });
    const [event] = await t.dataSource.query(`SELECT payload FROM platform.outbox_event WHERE type = 'reservations.booking.confirmed.v1' AND payload->>'via' = 'waitlist'`);
    expect(event.payload).toMatchObject({ childId: b.childId, reservationId: waiting.json().id, days: [{ date: day }] });

    // leaving the waiting list is immediate
    expect((await book(t, d.guardian, c, d.childId, { cancel: { dates: [day] } })).json()).toMatchObject({ state: 'accepted' });
    expect(await status(d.childId)).toBe('cancelled');
  });
});
