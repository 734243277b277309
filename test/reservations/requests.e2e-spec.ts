import { bearer, newSession } from '../factories/identity.factory';
import { book, Catalogue, enrolledChild, Headers, inDays, newCatalogue } from '../factories/reservations.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { openDays } from './days.support';

/**
 * Staff decide the requests made after the deadline (bookings and cancellations): the queue, bulk
 * accept/refuse in one transaction, places given back and the waiting list promoted, 409 when an
 * item is no longer pending, what the guardian sees, the events, and bad input.
 */
describe('staff desk: pending requests', () => {
  let t: TestApp;
  let staff: Headers;
  let staffId: string;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    const session = await newSession(t.dataSource, 'staff');
    staff = bearer(session.token);
    staffId = session.accountId;
  });
  afterAll(() => t?.close());

  /** Every day of the week, no school calendar, 1 place with a waiting list; deadline 30 days before, requests until the day starts. */
  const smallCanteen = () =>
    newCatalogue(t, staff, { weekdays: [1, 2, 3, 4, 5, 6, 7], followsSchoolCalendar: false, capacity: 1, waitlist: true }, { startsOn: inDays(3), endsOn: inDays(60), deadline: { daysBefore: 30, at: '00:00' } });

  const bookingsOf = (childId: string) =>
    t.dataSource.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, status FROM reservations.booking WHERE child_id = $1 ORDER BY day`, [childId]);
  const taken = (serviceId: string) =>
    t.dataSource.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, taken FROM reservations.occupancy WHERE service_id = $1 ORDER BY day`, [serviceId]);
  const eventsOf = (type: string, familyId: string) =>
    t.dataSource.query(`SELECT aggregate_id AS "aggregateId", payload FROM platform.outbox_event WHERE type = $1 AND payload->>'familyId' = $2 ORDER BY position`, [type, familyId]);
  const pending = async (c: Catalogue) => {
    const res = await t.inject({ method: 'GET', url: `/api/staff/reservations/requests?serviceId=${c.service.id}`, headers: staff });
    expect(res.statusCode).toBe(200);
    return res.json() as { itemId: string; day: string; action: string; reservationId: string; reservationNumber: string; child: { id: string; firstName: string; lastName: string } }[];
  };
  const decide = (payload: unknown) => t.inject({ method: 'POST', url: '/api/staff/reservations/requests/decisions', headers: staff, payload: payload as object });

  it('lists the pending requests oldest first, with the reservation number, the child, the service and the establishment', async () => {
    const c = await smallCanteen();
    const a = await enrolledChild(t, c);
    const b = await enrolledChild(t, c);
    const [x, y, z] = openDays(15, 3);
    const first = await book(t, a.guardian, c, a.childId, { book: { dates: [z, x] } });
    expect(first.json()).toMatchObject({ state: 'requested', items: [{ status: 'pending' }, { status: 'pending' }] });
    const second = await book(t, b.guardian, c, b.childId, { book: { dates: [y] } });
    expect(second.json().state).toBe('requested');

    const list = await pending(c);
    expect(list.map((r) => [r.reservationNumber, r.day])).toEqual([
      [first.json().number, x],
      [first.json().number, z],
      [second.json().number, y],
    ]);
    expect(list[0]).toMatchObject({
      itemId: expect.any(String),
      reservationId: first.json().id,
      action: 'book',
      actionLabel: 'Demande de réservation',
      slot: null,
      child: { id: a.childId, firstName: 'Léo', lastName: 'Dupont' },
      familyId: a.family.id,
      serviceId: c.service.id,
      serviceLabel: 'Restauration scolaire',
      establishmentId: c.establishment.id,
      establishmentName: expect.stringMatching(/^École /),
      periodLabel: 'Période de test',
      requestedAt: expect.any(String),
    });
    // no health data in the queue
    expect(JSON.stringify(list)).not.toMatch(/no-pork|diet|careplan/);

    // filters: the establishment, the days
    const byEstablishment = await t.inject({ method: 'GET', url: `/api/staff/reservations/requests?establishmentId=${c.establishment.id}&from=${y}&to=${y}`, headers: staff });
    expect(byEstablishment.json().map((r: { day: string }) => r.day)).toEqual([y]);
    const paged = await t.inject({ method: 'GET', url: `/api/staff/reservations/requests?serviceId=${c.service.id}&limit=1&offset=1`, headers: staff });
    expect(paged.json().map((r: { day: string }) => r.day)).toEqual([z]);
    const bad = await t.inject({ method: 'GET', url: `/api/staff/reservations/requests?serviceId=x&from=2026-02-30&limit=0`, headers: staff });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['serviceId', 'from', 'limit']);
  });

  it('accepts and refuses booking requests in bulk; a refusal gives the place to the waiting list; the guardian sees the outcome', async () => {
    const c = await smallCanteen();
    const a = await enrolledChild(t, c);
    const b = await enrolledChild(t, c);
    const [d1, d2] = openDays(15, 2);
    const request = await book(t, a.guardian, c, a.childId, { book: { dates: [d1, d2] } });
    expect(request.statusCode).toBe(201);
    // the requests hold the only place: the other child waits
    const waiting = await book(t, b.guardian, c, b.childId, { book: { dates: [d1, d2] }, waitlist: true });
    expect(waiting.json()).toMatchObject({ state: 'waitlisted', items: [{ status: 'waitlisted' }, { status: 'waitlisted' }] });

    const items = await pending(c);
    const item = (day: string) => items.find((i) => i.day === day)!.itemId;

    const accepted = await decide({ itemIds: [item(d1)], decision: 'accept' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ decision: 'accept', items: [{ itemId: item(d1), day: d1, action: 'book', status: 'accepted', bookingStatus: 'confirmed' }], promotedFromWaitlist: 0 });

    const reason = 'La cantine est complète ce jour-là : nous ne pouvons pas accueillir Léo.';
    const refused = await decide({ itemIds: [item(d2)], decision: 'refuse', reason });
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ decision: 'refuse', items: [{ itemId: item(d2), status: 'refused', bookingStatus: 'refused' }], promotedFromWaitlist: 1 });

    expect(await bookingsOf(a.childId)).toEqual([{ day: d1, status: 'confirmed' }, { day: d2, status: 'refused' }]);
    expect(await bookingsOf(b.childId)).toEqual([{ day: d1, status: 'waitlisted' }, { day: d2, status: 'confirmed' }]);
    expect(await taken(c.service.id)).toEqual([{ day: d1, taken: 1 }, { day: d2, taken: 1 }]);
    expect(await pending(c)).toEqual([]);
    const [decidedBy] = await t.dataSource.query(`SELECT decided_by AS "decidedBy", reason FROM reservations.reservation_item WHERE id = $1`, [item(d2)]);
    expect(decidedBy).toEqual({ decidedBy: staffId, reason });

    // the guardian's reservation and calendar
    const detail = (await t.inject({ method: 'GET', url: `/api/reservations/${request.json().id}`, headers: a.guardian })).json();
    expect(detail).toMatchObject({ state: 'partly-accepted', items: [{ date: d1, status: 'accepted' }, { date: d2, status: 'refused', reason }] });
    const cal = (await t.inject({ method: 'GET', url: `/api/reservations/calendar?childId=${a.childId}&serviceId=${c.service.id}&periodId=${c.period.id}&from=${d1}&to=${d2}`, headers: a.guardian })).json();
    expect(cal.days).toMatchObject([{ date: d1, status: 'booked' }, { date: d2, status: 'refused', reason }]);
    const other = (await t.inject({ method: 'GET', url: `/api/reservations/${waiting.json().id}`, headers: b.guardian })).json();
    expect(other.items).toMatchObject([{ date: d1, status: 'waitlisted' }, { date: d2, status: 'accepted' }]);

    // events: per reservation decided, never the reason; billing's confirmations
    const acceptedEvents = await eventsOf('reservations.request.accepted.v1', a.family.id);
    expect(acceptedEvents).toEqual([{ aggregateId: request.json().id, payload: expect.objectContaining({ reservationId: request.json().id, action: 'book', itemIds: [item(d1)], days: [d1], childId: a.childId, serviceId: c.service.id, establishmentId: c.establishment.id }) }]);
    const refusedEvents = await eventsOf('reservations.request.refused.v1', a.family.id);
    expect(refusedEvents).toEqual([{ aggregateId: request.json().id, payload: expect.objectContaining({ action: 'book', itemIds: [item(d2)], days: [d2] }) }]);
    expect(JSON.stringify(refusedEvents)).not.toContain('complète');
    const confirmedA = await eventsOf('reservations.booking.confirmed.v1', a.family.id);
    expect(confirmedA.map((e: { payload: unknown }) => e.payload)).toEqual([expect.objectContaining({ via: 'request-accepted', unit: 'day', days: [{ date: d1, startsAt: null, endsAt: null }] })]);
    const confirmedB = await eventsOf('reservations.booking.confirmed.v1', b.family.id);
    expect(confirmedB.map((e: { payload: unknown }) => e.payload)).toEqual([expect.objectContaining({ via: 'waitlist', days: [{ date: d2, startsAt: null, endsAt: null }] })]);

    // deciding them again: 409, nothing changes
    const again = await decide({ itemIds: [item(d1), item(d2)], decision: 'refuse', reason: 'Non' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'reservations.request-not-pending' });
    expect(again.json().errors).toEqual([
      { field: 'itemIds[0]', message: expect.stringContaining('déjà acceptée') },
      { field: 'itemIds[1]', message: expect.stringContaining('déjà refusée') },
    ]);
    expect(await bookingsOf(a.childId)).toEqual([{ day: d1, status: 'confirmed' }, { day: d2, status: 'refused' }]);
  });

  it('accepts a cancellation request (place given back, waiting list promoted) and refuses one (the day stays booked)', async () => {
    const c = await smallCanteen();
    const a = await enrolledChild(t, c);
    const b = await enrolledChild(t, c);
    const [d1, d2] = openDays(17, 2);
    await book(t, a.guardian, c, a.childId, { book: { dates: [d1, d2] } });
    expect(await decide({ itemIds: (await pending(c)).map((i) => i.itemId), decision: 'accept' })).toHaveProperty('statusCode', 200);
    expect(await bookingsOf(a.childId)).toEqual([{ day: d1, status: 'confirmed' }, { day: d2, status: 'confirmed' }]);
    await book(t, b.guardian, c, b.childId, { book: { dates: [d1] }, waitlist: true });

    // after the deadline, cancelling is a request too
    const cancel = await book(t, a.guardian, c, a.childId, { cancel: { dates: [d1, d2] } });
    expect(cancel.json()).toMatchObject({ state: 'requested', stateLabel: 'Demande d’annulation en cours' });
    expect(await bookingsOf(a.childId)).toEqual([{ day: d1, status: 'cancel-requested' }, { day: d2, status: 'cancel-requested' }]);
    const queue = await pending(c);
    expect(queue.map((i) => [i.day, i.action])).toEqual([[d1, 'cancel'], [d2, 'cancel']]);
    expect(queue[0]).toMatchObject({ actionLabel: 'Demande d’annulation', reservationId: cancel.json().id });

    const accepted = await decide({ itemIds: [queue[0].itemId], decision: 'accept' });
    expect(accepted.json()).toMatchObject({ items: [{ status: 'accepted', bookingStatus: 'cancelled' }], promotedFromWaitlist: 1 });
    const reason = 'Le repas est déjà commandé.';
    const refused = await decide({ itemIds: [queue[1].itemId], decision: 'refuse', reason });
    expect(refused.json()).toMatchObject({ items: [{ status: 'refused', bookingStatus: 'confirmed' }], promotedFromWaitlist: 0 });

    expect(await bookingsOf(a.childId)).toEqual([{ day: d1, status: 'cancelled' }, { day: d2, status: 'confirmed' }]);
    expect(await bookingsOf(b.childId)).toEqual([{ day: d1, status: 'confirmed' }]);
    expect(await taken(c.service.id)).toEqual([{ day: d1, taken: 1 }, { day: d2, taken: 1 }]);

    const cancelled = await eventsOf('reservations.booking.cancelled.v1', a.family.id);
    expect(cancelled.map((e: { payload: unknown }) => e.payload)).toEqual([expect.objectContaining({ reservationId: cancel.json().id, via: 'request-accepted', days: [{ date: d1, startsAt: null, endsAt: null }] })]);
    const refusedEvents = await eventsOf('reservations.request.refused.v1', a.family.id);
    expect(refusedEvents.map((e: { payload: unknown }) => e.payload)).toEqual([expect.objectContaining({ action: 'cancel', days: [d2] })]);

    const detail = (await t.inject({ method: 'GET', url: `/api/reservations/${cancel.json().id}`, headers: a.guardian })).json();
    expect(detail).toMatchObject({ stateLabel: 'Partiellement acceptée', items: [{ date: d1, status: 'accepted' }, { date: d2, status: 'refused', reason }] });
    const cal = (await t.inject({ method: 'GET', url: `/api/reservations/calendar?childId=${a.childId}&serviceId=${c.service.id}&periodId=${c.period.id}&from=${d1}&to=${d2}`, headers: a.guardian })).json();
    // the place went to the child waiting: the day is full for Léo now
    expect(cal.days).toMatchObject([{ date: d1, status: 'full' }, { date: d2, status: 'booked' }]);
  });

  it('answers 409 naming an item the guardian withdrew meanwhile, and decides nothing', async () => {
    const c = await smallCanteen();
    const a = await enrolledChild(t, c);
    const [d1, d2] = openDays(21, 2);
    await book(t, a.guardian, c, a.childId, { book: { dates: [d1, d2] } });
    const items = await pending(c);
    // the guardian takes the second request back
    const withdraw = await book(t, a.guardian, c, a.childId, { cancel: { dates: [d2] } });
    expect(withdraw.json().items).toMatchObject([{ status: 'accepted' }]);

    const res = await decide({ itemIds: items.map((i) => i.itemId), decision: 'accept' });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors).toEqual([{ field: 'itemIds[1]', message: expect.stringContaining('retirée par la famille') }]);
    expect(res.json().detail).toContain('rien n’a été enregistré');
    expect(await bookingsOf(a.childId)).toEqual([{ day: d1, status: 'requested' }, { day: d2, status: 'cancelled' }]);
    expect((await pending(c)).map((i) => i.day)).toEqual([d1]);
    expect(await eventsOf('reservations.request.accepted.v1', a.family.id)).toEqual([]);
  });

  it('keeps the counters right when staff decide while guardians withdraw, wait and book at the same time', async () => {
    const c = await newCatalogue(
      t,
      staff,
      { weekdays: [1, 2, 3, 4, 5, 6, 7], followsSchoolCalendar: false, capacity: 2, waitlist: true },
      { startsOn: inDays(3), endsOn: inDays(60), deadline: { daysBefore: 30, at: '00:00' } },
    );
    const kids = [];
    for (let i = 0; i < 6; i++) kids.push(await enrolledChild(t, c));
    const [a, b, w1, w2, late1, late2] = kids;
    const days = openDays(22, 3);
    for (const k of [a, b]) {
      const res = await book(t, k.guardian, c, k.childId, { book: { dates: days } });
      expect(res.body).toContain('"number"');
    }
    for (const k of [w1, w2]) expect((await book(t, k.guardian, c, k.childId, { book: { dates: days }, waitlist: true })).json().state).toBe('waitlisted');
    const items = await pending(c);
    expect(items).toHaveLength(6);

    const answers = await Promise.all([
      book(t, a.guardian, c, a.childId, { cancel: { dates: [days[1]] } }),
      decide({ itemIds: items.filter((i) => i.child.id === a.childId || i.day === days[0]).map((i) => i.itemId), decision: 'refuse', reason: 'Complet.' }),
      decide({ itemIds: items.filter((i) => i.child.id === b.childId && i.day !== days[0]).map((i) => i.itemId), decision: 'accept' }),
      book(t, w1.guardian, c, w1.childId, { cancel: { dates: [days[2]] } }),
      book(t, late1.guardian, c, late1.childId, { book: { dates: days }, waitlist: true }),
      book(t, late2.guardian, c, late2.childId, { book: { dates: days }, waitlist: true }),
    ]);
    for (const res of answers) expect([200, 201, 409, 422]).toContain(res.statusCode);

    const counters = await t.dataSource.query(
      `SELECT to_char(d, 'YYYY-MM-DD') AS day,
              coalesce((SELECT taken FROM reservations.occupancy o WHERE o.service_id = $1 AND o.day = d AND o.step = 0), 0) AS taken,
              (SELECT count(*)::int FROM reservations.booking b WHERE b.service_id = $1 AND b.day = d AND b.status IN ('confirmed', 'requested', 'cancel-requested')) AS holding
       FROM unnest($2::date[]) AS d ORDER BY d`,
      [c.service.id, days],
    );
    for (const row of counters) {
      expect(row.taken).toBe(row.holding);
      expect(row.taken).toBeLessThanOrEqual(2);
    }
    // every item still pending is the last change of its booking, and every decided item of a request left it so
    const orphans = await t.dataSource.query(
      `SELECT i.id FROM reservations.reservation_item i JOIN reservations.reservation r ON r.id = i.reservation_id
       LEFT JOIN reservations.booking b ON b.child_id = r.child_id AND b.service_id = r.service_id AND b.day = i.day
       WHERE r.service_id = $1 AND i.status = 'pending' AND (b.item_id IS DISTINCT FROM i.id OR b.status NOT IN ('requested', 'cancel-requested'))`,
      [c.service.id],
    );
    expect(orphans).toEqual([]);
  });

  it('refuses bad decisions with the field at fault, and staff routes to guardians', async () => {
    const c = await smallCanteen();
    const a = await enrolledChild(t, c);
    await book(t, a.guardian, c, a.childId, { book: { dates: openDays(25) } });
    const [item] = await pending(c);

    const noReason = await decide({ itemIds: [item.itemId], decision: 'refuse' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([{ field: 'reason', message: expect.stringContaining('motif') }]);
    const blank = await decide({ itemIds: [item.itemId], decision: 'refuse', reason: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    const tooLong = await decide({ itemIds: [item.itemId], decision: 'refuse', reason: 'x'.repeat(501) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    const wrong = await decide({ itemIds: ['nope', item.itemId, item.itemId], decision: 'maybe' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors.map((e: { field: string }) => e.field)).toEqual(['itemIds', 'decision']);
    const empty = await decide({ itemIds: [], decision: 'accept' });
    expect(empty.statusCode).toBe(400);
    const unknown = await decide({ itemIds: [item.itemId, '00000000-0000-4000-8000-000000000000'], decision: 'accept' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().errors).toEqual([{ field: 'itemIds[1]', message: expect.any(String) }]);
    expect((await pending(c)).map((i) => i.itemId)).toEqual([item.itemId]);

    for (const [method, url] of [
      ['GET', '/api/staff/reservations/requests'],
      ['POST', '/api/staff/reservations/requests/decisions'],
    ] as const) {
      const res = await t.inject({ method, url, headers: a.guardian, payload: method === 'POST' ? { itemIds: [item.itemId], decision: 'accept' } : undefined });
      expect(res.statusCode).toBe(403);
    }
    expect((await pending(c)).map((i) => i.itemId)).toEqual([item.itemId]);
  });
});
