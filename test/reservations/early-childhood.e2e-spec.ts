import { book, enrolledChild, Headers, inDays, newCatalogue, nextWeekday, staffHeaders } from '../factories/reservations.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** Early childhood: hourly slots within opening hours, copy a slot and paste it on chosen days, capacity counted per time step. */
describe('early-childhood hourly slots', () => {
  let t: TestApp;
  let staff: Headers;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    staff = await staffHeaders(t);
  });
  afterAll(() => t?.close());

  const nursery = () =>
    newCatalogue(t, staff, { kind: 'early-childhood', label: 'Multi-accueil', unit: 'hourly-slot', capacity: 2, weekdays: [1, 2, 3, 4, 5], opensAt: '07:30', closesAt: '18:30', slotMinutes: 30, followsSchoolCalendar: false });
  const slots = (childId: string) =>
    t.dataSource.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, to_char(starts_at, 'HH24:MI') AS start, to_char(ends_at, 'HH24:MI') AS "end", status FROM reservations.booking WHERE child_id = $1 ORDER BY day`, [childId]);

  it('pastes a slot on chosen days, one request, and shows it on the recap and calendar', async () => {
    const c = await nursery();
    const { guardian, childId } = await enrolledChild(t, c);
    const monday = nextWeekday(inDays(10), 1);
    const days = [monday, nextWeekday(monday, 2), nextWeekday(monday, 4)];
    const recap = await t.inject({ method: 'POST', url: '/api/reservations/preview', headers: guardian, payload: { childId, serviceId: c.service.id, periodId: c.period.id, book: { dates: days }, slot: { start: '08:30', end: '17:00' } } });
    expect(recap.statusCode).toBe(200);
    expect(recap.json().items).toEqual(days.map((date) => ({ date, action: 'book', status: 'accepted', slot: { start: '08:30', end: '17:00' } })));

    const res = await book(t, guardian, c, childId, { book: { dates: days }, slot: { start: '08:30', end: '17:00' } });
    expect(res.statusCode).toBe(201);
    expect(await slots(childId)).toEqual(days.map((day) => ({ day, start: '08:30', end: '17:00', status: 'confirmed' })));
    const [event] = await t.dataSource.query(`SELECT payload FROM platform.outbox_event WHERE type = 'reservations.booking.confirmed.v1' AND payload->>'childId' = $1`, [childId]);
    expect(event.payload).toMatchObject({ unit: 'hourly-slot', days: days.map((date) => ({ date, startsAt: '08:30', endsAt: '17:00' })) });

    const cal = await t.inject({ method: 'GET', url: `/api/reservations/calendar?childId=${childId}&serviceId=${c.service.id}&periodId=${c.period.id}&from=${monday}&to=${days[2]}`, headers: guardian });
    expect(cal.json().days[0]).toMatchObject({ status: 'booked', slot: { start: '08:30', end: '17:00' }, placesLeft: 1 });

    // another slot on a booked day, before the deadline: the slot is changed and its steps moved
    const change = await book(t, guardian, c, childId, { slots: [{ date: monday, start: '13:00', end: '18:30' }] });
    expect(change.statusCode).toBe(201);
    expect((await slots(childId))[0]).toEqual({ day: monday, start: '13:00', end: '18:30', status: 'confirmed' });
    const steps = await t.dataSource.query(`SELECT step, taken FROM reservations.occupancy WHERE service_id = $1 AND day = $2 AND taken > 0 ORDER BY step`, [c.service.id, monday]);
    expect(steps.map((s: { step: number }) => s.step)).toEqual(Array.from({ length: 11 }, (_, i) => 26 + i));
  });

  it('refuses a slot outside the opening hours or off the 30-minute steps, and a day service slot', async () => {
    const c = await nursery();
    const { guardian, childId } = await enrolledChild(t, c);
    const day = nextWeekday(inDays(10), 2);
    const res = await book(t, guardian, c, childId, {
      slots: [
        { date: day, start: '07:00', end: '12:00' },
        { date: nextWeekday(inDays(10), 3), start: '08:15', end: '12:00' },
        { date: nextWeekday(inDays(10), 4), start: '12:00', end: '11:00' },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { field: 'slots[0]', message: expect.stringContaining('entre 07:30 et 18:30') },
      { field: 'slots[1]', message: expect.stringContaining('tranches de 30 minutes') },
      { field: 'slots[2]', message: expect.stringContaining('fin doit suivre') },
    ]);
    const noSlot = await book(t, guardian, c, childId, { book: { dates: [day] } });
    expect(noSlot.json().errors).toEqual([{ field: 'slot', message: expect.stringContaining('créneau') }]);
    expect(await slots(childId)).toEqual([]);

    const canteen = await newCatalogue(t, staff);
    const other = await enrolledChild(t, canteen);
    const withSlot = await book(t, other.guardian, canteen, other.childId, { book: { dates: [nextWeekday(inDays(10), 1)] }, slot: { start: '11:30', end: '13:30' } });
    expect(withSlot.statusCode).toBe(422);
    expect(withSlot.json().errors).toEqual([{ field: 'slot', message: expect.stringContaining('à la journée') }]);
  });

  it('counts capacity per time step: overlapping slots are full, slots side by side are not', async () => {
    const c = await nursery();
    const [a, b, d] = [await enrolledChild(t, c), await enrolledChild(t, c), await enrolledChild(t, c)];
    const day = nextWeekday(inDays(10), 5);
    expect((await book(t, a.guardian, c, a.childId, { slots: [{ date: day, start: '08:00', end: '12:00' }] })).statusCode).toBe(201);
    expect((await book(t, b.guardian, c, b.childId, { slots: [{ date: day, start: '11:30', end: '14:00' }] })).statusCode).toBe(201);
    // 11:30–12:00 has 2 children: a third overlapping it is refused, whole
    const full = await book(t, d.guardian, c, d.childId, { slots: [{ date: day, start: '10:00', end: '13:00' }] });
    expect(full.statusCode).toBe(409);
    expect(await t.dataSource.query(`SELECT max(taken)::int AS max, sum(taken)::int AS sum FROM reservations.occupancy WHERE service_id = $1 AND day = $2`, [c.service.id, day])).toEqual([{ max: 2, sum: 8 + 5 }]);
    // after 12:00 one place is left
    expect((await book(t, d.guardian, c, d.childId, { slots: [{ date: day, start: '12:00', end: '13:00' }] })).statusCode).toBe(201);
  });
});
