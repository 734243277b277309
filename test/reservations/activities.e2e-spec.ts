import { ActivityRegistrations } from '../../src/modules/reservations';
import { DomainEvent, EventConsumers } from '../../src/platform/events';
import { activityFamily, newGroup, newTerm, paymentId, raise, register } from '../factories/activities.factory';
import { addDays, book, enrol, Headers, inDays, isoWeekday, newCatalogue, nextWeekday, schoolYearOf, staffHeaders } from '../factories/reservations.factory';
import { eventually, startTestApp, TestApp } from '../support/test-app';

/**
 * Term activities with immediate payment (seed 003), end to end in one process (api + worker):
 * staff set up the groups of a term, a guardian sees the groups that fit each child, registers
 * (places held), and the payments module's events — raised here exactly as payments will, through
 * the outbox — confirm or release the places through the relay, BullMQ and the consumer.
 */
describe('term activities with immediate payment', () => {
  let t: TestApp;
  let staff: Headers;

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', env: { ACTIVITY_SWEEP_INTERVAL_MS: '100' } });
    staff = await staffHeaders(t);
  });
  afterAll(() => t?.close());

  const registration = async (guardian: Headers, id: string) => (await t.inject({ method: 'GET', url: `/api/reservations/activities/registrations/${id}`, headers: guardian })).json();
  const group = async (id: string) => (await t.inject({ method: 'GET', url: `/api/staff/activity-groups/${id}`, headers: staff })).json();
  const events = (type: string, registrationId: string) =>
    t.dataSource.query(`SELECT payload FROM platform.outbox_event WHERE type = $1 AND aggregate_id = $2 ORDER BY position`, [type, registrationId]);
  const statusOf = async (id: string) => (await t.dataSource.query(`SELECT status FROM reservations.activity_registration WHERE id = $1`, [id]))[0].status;
  const expire = (id: string) => t.dataSource.query(`UPDATE reservations.activity_registration SET hold_until = now() - interval '1 minute' WHERE id = $1`, [id]);

  it('staff set up a term; a guardian sees the groups fitting each child, holds places, pays: confirmed, sessions on the planning', async () => {
    const term = await newTerm(t, staff);
    const closedWednesday = nextWeekday(inDays(30), 3);
    expect((await t.inject({ method: 'POST', url: `/api/staff/establishments/${term.establishment.id}/closures`, headers: staff, payload: { startsOn: closedWednesday, label: 'Gymnase indisponible' } })).statusCode).toBe(201);

    const escalade = await newGroup(t, staff, term.period.id);
    const billard = await newGroup(t, staff, term.period.id, { label: '8/11 ans Billard français', minAge: 8, priceCents: 5000, places: 8, startsAt: '10:00', endsAt: '11:30' });
    // the first open Wednesday of the term (a public holiday would be left out too)
    const first = escalade.sessions[0];
    const badminton = await newGroup(t, staff, term.period.id, { label: '11/14 ans Badminton', minAge: 11, maxAge: 14, sessions: { dates: [escalade.sessions[3], first] } });
    expect(escalade.sessions.every((d) => isoWeekday(d) === 3 && d >= term.period.startsOn && d <= term.period.endsOn)).toBe(true);
    expect(first < addDays(term.period.startsOn, 14)).toBe(true);
    expect(escalade.sessions.length).toBeGreaterThan(8);
    expect(escalade.sessions).not.toContain(closedWednesday);
    expect(badminton.sessions).toEqual([first, escalade.sessions[3]]);
    const listed = (await t.inject({ method: 'GET', url: `/api/staff/booking-periods/${term.period.id}/activity-groups`, headers: staff })).json();
    expect(listed.map((g: { label: string }) => g.label)).toEqual(['7/11 ans Escalade', '8/11 ans Billard français', '11/14 ans Badminton']);
    expect(listed[0]).toMatchObject({ places: 12, taken: 0, placesLeft: 12, priceCents: 4500, startsAt: '14:00', endsAt: '16:00' });

    const { family, guardian } = await activityFamily(t);
    const [leo, ines] = family.children;
    const offer = (await t.inject({ method: 'GET', url: '/api/reservations/activities', headers: guardian })).json();
    const mine = offer.find((o: { periodId: string }) => o.periodId === term.period.id);
    expect(mine).toMatchObject({ label: 'EMS 2026-2027 1er trimestre', serviceLabel: 'École municipale des sports', open: true, reason: null });
    const offered = (childId: string) => mine.children.find((c: { childId: string }) => c.childId === childId);
    expect(offered(leo.id)).toMatchObject({ firstName: 'Léo', fileComplete: true, missing: [], registration: null });
    expect(offered(leo.id).groups.map((g: { label: string }) => g.label)).toEqual(['7/11 ans Escalade', '8/11 ans Billard français']);
    expect(offered(ines.id).groups.map((g: { label: string }) => g.label)).toEqual(['7/11 ans Escalade']);
    expect(offered(ines.id).groups[0]).toMatchObject({ ageLabel: '7 à 11 ans', childAge: 7, placesLeft: 12, priceCents: 4500, registrable: true, reason: null, sessions: escalade.sessions });

    const res = await register(t, guardian, [
      { childId: leo.id, groupId: billard.id },
      { childId: ines.id, groupId: escalade.id },
    ]);
    expect(res.statusCode).toBe(201);
    const held = res.json();
    expect(held).toMatchObject({
      number: expect.stringMatching(/^I\d{4}-\d{6}$/),
      status: 'held',
      statusLabel: 'En attente de paiement',
      amountCents: 9500,
      paymentId: null,
      label: 'EMS 2026-2027 1er trimestre – 8/11 ans Billard français – Léo ; EMS 2026-2027 1er trimestre – 7/11 ans Escalade – Inès',
    });
    const holdMinutes = (Date.parse(held.holdUntil) - Date.parse(held.createdAt)) / 60_000;
    expect(holdMinutes).toBeCloseTo(45, 1);
    expect(held.places).toHaveLength(2);
    expect(held.places.find((p: { childId: string }) => p.childId === leo.id)).toMatchObject({ groupLabel: '8/11 ans Billard français', priceCents: 5000, firstSession: first, sessionCount: billard.sessions.length, startsAt: '10:00' });
    expect((await events('reservations.activity-place.held.v1', held.id))[0].payload).toMatchObject({ familyId: family.id, amountCents: 9500, holdUntil: held.holdUntil, places: expect.arrayContaining([{ groupId: billard.id, childId: leo.id, priceCents: 5000 }]) });
    expect(await group(billard.id)).toMatchObject({ taken: 1, held: 1, confirmed: 0, placesLeft: 7 });
    const heldOffer = (await t.inject({ method: 'GET', url: '/api/reservations/activities', headers: guardian })).json().find((o: { periodId: string }) => o.periodId === term.period.id);
    expect(heldOffer.children[0].registration).toMatchObject({ registrationId: held.id, status: 'held', groupId: billard.id });
    expect(heldOffer.children[0].groups.every((g: { registrable: boolean }) => !g.registrable)).toBe(true);

    // what the payments module will read before sending the guardian to PayFiP
    const forPayment = await t.app.get(ActivityRegistrations).forPayment(family.id, held.id);
    expect(forPayment).toMatchObject({ registrationId: held.id, number: held.number, amountCents: 9500, status: 'held', payable: true, label: held.label });
    expect(forPayment!.lines).toEqual([
      { childId: leo.id, groupId: billard.id, serviceId: term.service.id, label: 'EMS 2026-2027 1er trimestre – 8/11 ans Billard français – Léo', amountCents: 5000, firstSession: billard.sessions[0], lastSession: billard.sessions.at(-1) },
      { childId: ines.id, groupId: escalade.id, serviceId: term.service.id, label: 'EMS 2026-2027 1er trimestre – 7/11 ans Escalade – Inès', amountCents: 4500, firstSession: escalade.sessions[0], lastSession: escalade.sessions.at(-1) },
    ]);
    const planningUrl = (childId: string) => `/api/reservations/planning?childId=${childId}&from=${term.period.startsOn}&to=${term.period.endsOn}`;
    expect((await t.inject({ method: 'GET', url: planningUrl(leo.id), headers: guardian })).json().days).toEqual([]); // not paid yet

    const payment = paymentId();
    await raise(t, 'payments.payment.validated.v1', { paymentId: payment, familyId: family.id, amountCents: 9500, invoiceIds: [], registrationIds: [held.id] });
    await eventually(async () => (await statusOf(held.id)) === 'confirmed');
    expect(await registration(guardian, held.id)).toMatchObject({ status: 'confirmed', statusLabel: 'Confirmée', paymentId: payment, confirmedAt: expect.any(String) });
    expect((await events('reservations.activity-place.confirmed.v1', held.id))[0].payload).toMatchObject({ familyId: family.id, paymentId: payment, amountCents: 9500 });
    expect(await group(billard.id)).toMatchObject({ taken: 1, held: 0, confirmed: 1 });

    const planning = (await t.inject({ method: 'GET', url: planningUrl(leo.id), headers: guardian })).json();
    expect(planning.days.map((d: { date: string }) => d.date)).toEqual(billard.sessions);
    expect(planning.days[0].entries).toEqual([
      { kind: 'activity', serviceId: term.service.id, serviceLabel: 'École municipale des sports', registrationId: held.id, groupId: billard.id, groupLabel: '8/11 ans Billard français', periodLabel: 'EMS 2026-2027 1er trimestre', startsAt: '10:00', endsAt: '11:30' },
    ]);
    const list = (await t.inject({ method: 'GET', url: '/api/reservations/activities/registrations', headers: guardian })).json();
    expect(list.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([[held.id, 'confirmed']]);
    const staffView = (await t.inject({ method: 'GET', url: `/api/staff/activity-groups/${escalade.id}/registrations?status=confirmed`, headers: staff })).json();
    expect(staffView).toEqual([expect.objectContaining({ registrationId: held.id, number: held.number, childId: ines.id, childFirstName: 'Inès', familyId: family.id, priceCents: 4500, status: 'confirmed', active: true })]);

    // The same event delivered again, and a copy of it under a new id: nothing changes.
    const [row] = await t.dataSource.query(`SELECT id, type, version, aggregate_id, payload, occurred_at FROM platform.outbox_event WHERE type = 'payments.payment.validated.v1' AND aggregate_id = $1`, [payment]);
    const event = { id: row.id, type: row.type, version: row.version, occurredAt: row.occurred_at.toISOString(), aggregateId: row.aggregate_id, payload: row.payload } as DomainEvent;
    const consumers = t.app.get(EventConsumers);
    const snapshot = () =>
      t.dataSource.query(
        `SELECT (SELECT json_agg(r) FROM reservations.activity_registration r WHERE r.family_id = $1) AS registrations,
                (SELECT json_agg(g ORDER BY g.id) FROM reservations.activity_group g WHERE g.period_id = $2) AS groups,
                (SELECT count(*) FROM platform.outbox_event WHERE type LIKE 'reservations.activity%') AS events`,
        [family.id, term.period.id],
      );
    const before = await snapshot();
    await expect(consumers.deliver({ event, handler: 'PaymentOutcomeHandler.onPaymentValidated' })).resolves.toBe('duplicate');
    const copy = { ...event, id: '00000000-0000-4000-8000-0000000000aa' };
    await expect(consumers.deliver({ event: copy, handler: 'PaymentOutcomeHandler.onPaymentValidated' })).resolves.toBe('applied');
    await expect(consumers.deliver({ event: copy, handler: 'PaymentOutcomeHandler.onPaymentValidated' })).resolves.toBe('duplicate');
    expect(await snapshot()).toEqual(before);

    // the family's data export holds its registrations
    const exported = (await t.inject({ method: 'GET', url: '/api/family/export', headers: guardian })).json();
    expect(exported.sections['term-activities']).toEqual([expect.objectContaining({ id: held.id, number: held.number, status: 'confirmed', places: expect.any(Array) })]);
  });

  it('shows the booked days of every service and the activity sessions on the same planning', async () => {
    const term = await newTerm(t, staff);
    const escalade = await newGroup(t, staff, term.period.id);
    const canteen = await newCatalogue(t, staff, { weekdays: [1, 2, 3, 4, 5] });
    const { family, guardian } = await activityFamily(t);
    const leo = family.children[0].id;
    for (const year of new Set([schoolYearOf(canteen.period.startsOn), schoolYearOf(canteen.period.endsOn)])) await enrol(t, guardian, leo, canteen.service.id, year);
    const [day, next] = escalade.sessions;
    expect((await book(t, guardian, canteen, leo, { book: { dates: [day] } })).statusCode).toBe(201);
    const held = (await register(t, guardian, [{ childId: leo, groupId: escalade.id }])).json();
    await raise(t, 'payments.payment.validated.v1', { paymentId: paymentId(), familyId: family.id, amountCents: 4500, invoiceIds: [], registrationIds: [held.id] });
    await eventually(async () => (await statusOf(held.id)) === 'confirmed');

    const res = await t.inject({ method: 'GET', url: `/api/reservations/planning?childId=${leo}&from=${day}&to=${next}`, headers: guardian });
    expect(res.statusCode).toBe(200);
    expect(res.json().days).toEqual([
      {
        date: day,
        entries: [
          { kind: 'booking', serviceId: canteen.service.id, serviceLabel: 'Restauration scolaire', status: 'confirmed', startsAt: null, endsAt: null },
          expect.objectContaining({ kind: 'activity', groupLabel: '7/11 ans Escalade', startsAt: '14:00', endsAt: '16:00' }),
        ],
      },
      { date: next, entries: [expect.objectContaining({ kind: 'activity', groupLabel: '7/11 ans Escalade' })] },
    ]);
    // the planning of another family's child, or over too long a span
    const other = await activityFamily(t);
    expect((await t.inject({ method: 'GET', url: `/api/reservations/planning?childId=${leo}&from=${day}&to=${day}`, headers: other.guardian })).statusCode).toBe(404);
    const long = await t.inject({ method: 'GET', url: `/api/reservations/planning?childId=${leo}&from=2026-01-01&to=2027-06-01`, headers: guardian });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].field).toBe('to');
    const bad = await t.inject({ method: 'GET', url: `/api/reservations/planning?childId=x&from=2026-02-30`, headers: guardian });
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['childId', 'from', 'to']);
  });

  it.each([
    ['refused', 'payment-refused', 'Annulée : paiement refusé'],
    ['abandoned', 'payment-abandoned', 'Annulée : paiement abandonné'],
  ] as const)('releases the places when the payment is %s', async (outcome, reason, label) => {
    const term = await newTerm(t, staff);
    const escalade = await newGroup(t, staff, term.period.id, { places: 2 });
    const { family, guardian } = await activityFamily(t);
    const held = (await register(t, guardian, family.children.map((c) => ({ childId: c.id, groupId: escalade.id })))).json();
    expect(await group(escalade.id)).toMatchObject({ taken: 2, placesLeft: 0 });

    const payment = paymentId();
    await raise(t, 'payments.payment.failed.v1', { paymentId: payment, familyId: family.id, outcome, invoiceIds: [], registrationIds: [held.id] });
    await eventually(async () => (await statusOf(held.id)) === 'released');
    expect(await registration(guardian, held.id)).toMatchObject({ status: 'released', releaseReason: reason, statusLabel: label, releasedAt: expect.any(String), paymentId: null });
    expect(await group(escalade.id)).toMatchObject({ taken: 0, placesLeft: 2, held: 0 });
    expect((await events('reservations.activity-place.released.v1', held.id))[0].payload).toMatchObject({ reason, paymentId: payment, amountCents: 9000, places: expect.arrayContaining([{ groupId: escalade.id, childId: family.children[1].id, priceCents: 4500 }]) });
    expect(await t.app.get(ActivityRegistrations).forPayment(family.id, held.id)).toMatchObject({ status: 'released', payable: false });

    // the places are free again: the family can register anew
    expect((await register(t, guardian, [{ childId: family.children[0].id, groupId: escalade.id }])).statusCode).toBe(201);
  });

  it('releases a hold past its time (worker); a payment coming after takes the places again while they are free', async () => {
    const term = await newTerm(t, staff);
    const escalade = await newGroup(t, staff, term.period.id, { places: 3 });
    const { family, guardian } = await activityFamily(t);
    const held = (await register(t, guardian, [{ childId: family.children[0].id, groupId: escalade.id }])).json();
    await expire(held.id);
    await eventually(async () => (await statusOf(held.id)) === 'released');
    expect(await registration(guardian, held.id)).toMatchObject({ releaseReason: 'expired', statusLabel: 'Annulée : paiement non reçu à temps' });
    expect(await group(escalade.id)).toMatchObject({ taken: 0 });
    expect((await events('reservations.activity-place.released.v1', held.id))[0].payload).toMatchObject({ reason: 'expired', paymentId: null, amountCents: 4500 });

    const payment = paymentId();
    await raise(t, 'payments.payment.validated.v1', { paymentId: payment, familyId: family.id, amountCents: 4500, invoiceIds: [], registrationIds: [held.id] });
    await eventually(async () => (await statusOf(held.id)) === 'confirmed');
    expect(await registration(guardian, held.id)).toMatchObject({ status: 'confirmed', paymentId: payment, releaseReason: null, releasedAt: null });
    expect(await group(escalade.id)).toMatchObject({ taken: 1, confirmed: 1 });
    expect((await events('reservations.activity-place.confirmed.v1', held.id))[0].payload).toMatchObject({ paymentId: payment });
  });

  it('refuses a payment that comes after the last place went to another child (payment-too-late), and declines a second payment', async () => {
    const term = await newTerm(t, staff);
    const escalade = await newGroup(t, staff, term.period.id, { places: 1 });
    const a = await activityFamily(t);
    const b = await activityFamily(t);
    const late = (await register(t, a.guardian, [{ childId: a.family.children[0].id, groupId: escalade.id }])).json();
    expect((await register(t, b.guardian, [{ childId: b.family.children[0].id, groupId: escalade.id }])).json().code).toBe('reservations.activity-full');
    await expire(late.id);
    // the expired hold is released (by the sweeper, or by B's registration itself) and B takes the place
    const taken = await register(t, b.guardian, [{ childId: b.family.children[0].id, groupId: escalade.id }]);
    expect(taken.statusCode).toBe(201);
    expect(await statusOf(late.id)).toBe('released');

    const payment = paymentId();
    await raise(t, 'payments.payment.validated.v1', { paymentId: payment, familyId: a.family.id, amountCents: 4500, invoiceIds: [], registrationIds: [late.id] });
    await eventually(async () => (await registration(a.guardian, late.id)).releaseReason === 'payment-too-late');
    expect(await registration(a.guardian, late.id)).toMatchObject({ status: 'released', paymentId: payment, statusLabel: expect.stringContaining('remboursé') });
    expect((await events('reservations.activity-place.released.v1', late.id)).map((e: { payload: { reason: string; paymentId: string | null } }) => [e.payload.reason, e.payload.paymentId])).toEqual([
      ['expired', null],
      ['payment-too-late', payment],
    ]);
    expect(await group(escalade.id)).toMatchObject({ taken: 1, places: 1 });

    // B pays twice (two payments validated): the second is declined, the money is due back
    const first = paymentId();
    const second = paymentId();
    await raise(t, 'payments.payment.validated.v1', { paymentId: first, familyId: b.family.id, amountCents: 4500, invoiceIds: [], registrationIds: [taken.json().id] });
    // deliveries of different events may run in any order: the second is raised once the first is applied
    await eventually(async () => (await registration(b.guardian, taken.json().id)).status === 'confirmed');
    await raise(t, 'payments.payment.validated.v1', { paymentId: second, familyId: b.family.id, amountCents: 4500, invoiceIds: [], registrationIds: [taken.json().id] });
    const [declined] = await eventually(() => events('reservations.activity-payment.declined.v1', taken.json().id).then((rows) => (rows.length ? rows : undefined)));
    expect(declined.payload).toEqual({ registrationId: taken.json().id, familyId: b.family.id, paymentId: second, amountCents: 4500, reason: 'already-paid', confirmedBy: first });
    expect(await registration(b.guardian, taken.json().id)).toMatchObject({ status: 'confirmed', paymentId: first });
  });

  it('does not confirm registrations a payment does not cover: the delivery fails (retried, then a dead letter for staff)', async () => {
    const term = await newTerm(t, staff);
    const escalade = await newGroup(t, staff, term.period.id);
    const { family, guardian } = await activityFamily(t);
    const held = (await register(t, guardian, [{ childId: family.children[0].id, groupId: escalade.id }])).json();
    const event = {
      id: '00000000-0000-4000-8000-0000000000bb',
      type: 'payments.payment.validated.v1',
      version: 1,
      occurredAt: new Date().toISOString(),
      aggregateId: 'pay-short',
      payload: { paymentId: 'pay-short', familyId: family.id, amountCents: 100, invoiceIds: [], registrationIds: [held.id] },
    } as DomainEvent;
    await expect(t.app.get(EventConsumers).deliver({ event, handler: 'PaymentOutcomeHandler.onPaymentValidated' })).rejects.toThrow(/does not cover/);
    expect(await registration(guardian, held.id)).toMatchObject({ status: 'held', paymentId: null });
  });

  it("leaves alone the registrations a payment event names for another family", async () => {
    const term = await newTerm(t, staff);
    const escalade = await newGroup(t, staff, term.period.id);
    const a = await activityFamily(t);
    const b = await activityFamily(t);
    const held = (await register(t, b.guardian, [{ childId: b.family.children[0].id, groupId: escalade.id }])).json();
    const payment = paymentId();
    await raise(t, 'payments.payment.validated.v1', { paymentId: payment, familyId: a.family.id, amountCents: 4500, invoiceIds: [], registrationIds: [held.id] });
    await raise(t, 'payments.payment.failed.v1', { paymentId: paymentId(), familyId: a.family.id, outcome: 'refused', invoiceIds: [], registrationIds: [held.id] });
    await eventually(async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM platform.event_inbox WHERE handler LIKE 'PaymentOutcomeHandler.%' AND event_id IN (SELECT id FROM platform.outbox_event WHERE payload->>'familyId' = $1)`, [a.family.id]))[0].n === 2);
    expect(await registration(b.guardian, held.id)).toMatchObject({ status: 'held', paymentId: null });
    expect(await t.app.get(ActivityRegistrations).forPayment(a.family.id, held.id)).toBeUndefined();
    expect((await t.inject({ method: 'GET', url: `/api/reservations/activities/registrations/${held.id}`, headers: a.guardian })).statusCode).toBe(404);
  });
});
