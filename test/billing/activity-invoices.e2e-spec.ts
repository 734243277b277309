import { activityFamily, newGroup, newTerm, paymentId, raise, register } from '../factories/activities.factory';
import { newOffice } from '../factories/billing.factory';
import { balanceOf, billedCatalogue, deliver, events, expectReconciled, invoiceOf, invoiceState } from '../factories/money.factory';
import { Headers, staffHeaders } from '../factories/reservations.factory';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const year = new Date().getFullYear();
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Term activities paid at registration (seed 003): the online payment arrives as a payments event
 * (billing records it; no invoice exists yet: a credit kept for the registration), reservations
 * confirms the registration, billing issues its invoice and pays it with that payment — the guardian
 * finds it paid under "facturation". A payment that came too late, or a second payment of a
 * registration, is due back: a credit shown to staff "to refund", never used on invoices.
 */
describe('term-activity invoices and their payments', () => {
  let t: TestApp;
  let staff: Headers;

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', env: { ACTIVITY_SWEEP_INTERVAL_MS: '100' } });
    staff = await staffHeaders(t);
  });
  afterAll(() => t?.close());

  const invoiceOfRegistration = async (registrationId: string) =>
    (await t.dataSource.query(`SELECT id, number, total_cents AS "totalCents", settled_cents AS "settledCents" FROM billing.invoice WHERE registration_id = $1`, [registrationId]))[0];
  const statusOf = async (id: string) => (await t.dataSource.query(`SELECT status FROM reservations.activity_registration WHERE id = $1`, [id]))[0].status;
  /** A term billed by an office of its own, a group, a family holding places for both its children. */
  async function heldRegistration(options: { office?: boolean; places?: number } = {}) {
    const term = await newTerm(t, staff);
    const office = options.office === false ? null : await newOffice(t, staff, [term.establishment.id], { name: 'École municipale des sports' });
    const escalade = await newGroup(t, staff, term.period.id, { places: options.places ?? 12 });
    const who = await activityFamily(t);
    const res = await register(t, who.guardian, who.family.children.map((c) => ({ childId: c.id, groupId: escalade.id })));
    if (res.statusCode !== 201) throw new Error(res.body);
    return { term, office, escalade, ...who, held: res.json() };
  }

  it('the registration paid online gets its invoice, paid by that payment: the guardian finds it paid', async () => {
    const { office, escalade, family, guardian, held } = await heldRegistration();
    const payment = paymentId();
    await raise(t, 'payments.payment.validated.v1', { paymentId: payment, familyId: family.id, amountCents: 9000, invoiceIds: [], registrationIds: [held.id] });
    const invoice = await eventually(() => invoiceOfRegistration(held.id).then((i) => (i?.settledCents === 9000 ? i : undefined)));
    expect(invoice).toMatchObject({ number: `${office!.code}-${year}-000001`, totalCents: 9000 });

    const [listed] = (await t.inject({ method: 'GET', url: '/api/billing/invoices', headers: guardian })).json();
    expect(listed).toMatchObject({ id: invoice.id, label: `École municipale des sports — Inscription ${held.number}`, status: 'paid', statusLabel: 'Payée', remainingCents: 0, payable: false, issuedOn: today(), periodFrom: escalade.sessions[0], periodTo: escalade.sessions.at(-1) });
    const detail = (await t.inject({ method: 'GET', url: `/api/billing/invoices/${invoice.id}`, headers: guardian })).json();
    expect(detail.lines).toEqual([
      expect.objectContaining({ position: 1, kind: 'activity', childName: 'Léo Dupont', label: 'EMS 2026-2027 1er trimestre – 7/11 ans Escalade – Léo', quantity: 1, unitPriceCents: 4500, amountCents: 4500 }),
      expect.objectContaining({ position: 2, kind: 'activity', childName: 'Inès Dupont', label: 'EMS 2026-2027 1er trimestre – 7/11 ans Escalade – Inès', amountCents: 4500 }),
    ]);
    const [mine] = (await t.inject({ method: 'GET', url: '/api/billing/payments', headers: guardian })).json();
    expect(mine).toMatchObject({ method: 'online', amountCents: 9000, allocations: [{ invoiceId: invoice.id, amountCents: 9000 }], creditCents: 0, officeId: null });
    expect((await events(t, 'billing.invoice.issued.v1', family.id))[0]).toMatchObject({ invoiceId: invoice.id, officeId: office!.id, totalCents: 9000, remainingCents: 0, dueOn: today() });
    expect(await balanceOf(t, staff, family.id)).toMatchObject({ invoicedCents: 9000, paidCents: 9000, balanceCents: 0, creditCents: 0 });

    // the confirmation delivered again (a new event for the same registration) issues nothing more
    const again = { registrationId: held.id, familyId: family.id, paymentId: payment, amountCents: 9000, places: family.children.map((c) => ({ groupId: escalade.id, childId: c.id, priceCents: 4500 })) };
    expect(await deliver(t, 'MoneyEventsHandler.onActivityPlaceConfirmed', 'reservations.activity-place.confirmed.v1', again)).toBe('applied');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM billing.invoice WHERE office_id = $1`, [office!.id]))[0].n).toBe(1);
    await expectReconciled(t, staff, [family.id]);
  });

  it('in either order — confirmation before the payment, or payment first — the invoice ends paid by its payment; a run meanwhile does not take that money', async () => {
    const c = await billedCatalogue(t, staff);
    for (const order of ['confirmation first', 'payment first'] as const) {
      const { escalade, family, held } = await heldRegistration();
      const payment = paymentId();
      const paid = { paymentId: payment, familyId: family.id, amountCents: 9000, invoiceIds: [], registrationIds: [held.id] };
      const confirmed = { registrationId: held.id, familyId: family.id, paymentId: payment, amountCents: 9000, places: family.children.map((ch) => ({ groupId: escalade.id, childId: ch.id, priceCents: 4500 })) };
      if (order === 'confirmation first') {
        await deliver(t, 'MoneyEventsHandler.onActivityPlaceConfirmed', 'reservations.activity-place.confirmed.v1', confirmed);
        expect(await invoiceOfRegistration(held.id)).toMatchObject({ totalCents: 9000, settledCents: 0 });
        await deliver(t, 'MoneyEventsHandler.onPaymentValidated', 'payments.payment.validated.v1', paid);
      } else {
        await deliver(t, 'MoneyEventsHandler.onPaymentValidated', 'payments.payment.validated.v1', paid);
        expect(await balanceOf(t, staff, family.id)).toMatchObject({ creditCents: 9000, credits: [{ status: 'awaiting-registration', statusLabel: 'Réservé à une inscription en cours de confirmation' }] });
        // a canteen invoice of the family meanwhile: the money waiting for the registration is not used on it
        const canteen = await invoiceOf(t, staff, c, family, 1);
        expect(await invoiceState(t, canteen.id)).toMatchObject({ settledCents: 0 });
        await deliver(t, 'MoneyEventsHandler.onActivityPlaceConfirmed', 'reservations.activity-place.confirmed.v1', confirmed);
      }
      expect([order, await invoiceOfRegistration(held.id)]).toEqual([order, expect.objectContaining({ totalCents: 9000, settledCents: 9000 })]);
      expect(await balanceOf(t, staff, family.id)).toMatchObject({ creditCents: 0 });
      await expectReconciled(t, staff, [family.id]);
    }
  });

  it('a payment paying more than its registration: the rest is credit, available once the registration is invoiced', async () => {
    const c = await billedCatalogue(t, staff);
    const { family, held } = await heldRegistration();
    await raise(t, 'payments.payment.validated.v1', { paymentId: paymentId(), familyId: family.id, amountCents: 10000, invoiceIds: [], registrationIds: [held.id] });
    await eventually(() => invoiceOfRegistration(held.id).then((i) => i?.settledCents === 9000));
    expect(await balanceOf(t, staff, family.id)).toMatchObject({ creditCents: 1000, credits: [{ status: 'available', unusedCents: 1000 }] });
    const canteen = await invoiceOf(t, staff, c, family, 1); // 400
    expect(await invoiceState(t, canteen.id)).toMatchObject({ settledCents: 400 });
    await expectReconciled(t, staff, [family.id]);
  });

  it('no office bills the establishment: the confirmation becomes a dead letter; staff set up the office, replay it, the invoice is issued and paid', async () => {
    const { term, family, held } = await heldRegistration({ office: false });
    await raise(t, 'payments.payment.validated.v1', { paymentId: paymentId(), familyId: family.id, amountCents: 9000, invoiceIds: [], registrationIds: [held.id] });
    await eventually(async () => (await statusOf(held.id)) === 'confirmed');
    const dead = await eventually(async () => {
      const letters = (await t.inject({ method: 'GET', url: '/api/admin/events/dead-letters?status=dead', headers: staff })).json();
      return letters.find((l: { handler: string; lastError: string }) => l.handler === 'MoneyEventsHandler.onActivityPlaceConfirmed' && l.lastError.includes(held.id));
    });
    expect(dead.lastError).toContain('no active billing office bills establishment');
    expect(await invoiceOfRegistration(held.id)).toBeUndefined();
    // the money is recorded, kept for the registration
    expect(await balanceOf(t, staff, family.id)).toMatchObject({ paidCents: 9000, creditCents: 9000, credits: [{ status: 'awaiting-registration' }] });
    await expectReconciled(t, staff, [family.id]);

    await newOffice(t, staff, [term.establishment.id], { name: 'Sports' });
    expect((await t.inject({ method: 'POST', url: `/api/admin/events/dead-letters/${dead.id}/replay`, headers: staff })).statusCode).toBe(202);
    await eventually(() => invoiceOfRegistration(held.id).then((i) => i?.settledCents === 9000));
    expect(await balanceOf(t, staff, family.id)).toMatchObject({ balanceCents: 0, creditCents: 0 });
    await expectReconciled(t, staff, [family.id]);
  });

  it('a payment that came after the places were gone is due back: shown to staff "to refund", not used on invoices, then refunded', async () => {
    const c = await billedCatalogue(t, staff);
    const term = await newTerm(t, staff);
    await newOffice(t, staff, [term.establishment.id]);
    const escalade = await newGroup(t, staff, term.period.id, { places: 1 });
    const a = await activityFamily(t);
    const b = await activityFamily(t);
    const late = (await register(t, a.guardian, [{ childId: a.family.children[0].id, groupId: escalade.id }])).json();
    await t.dataSource.query(`UPDATE reservations.activity_registration SET hold_until = now() - interval '1 minute' WHERE id = $1`, [late.id]);
    expect((await register(t, b.guardian, [{ childId: b.family.children[0].id, groupId: escalade.id }])).statusCode).toBe(201);

    const payment = paymentId();
    await raise(t, 'payments.payment.validated.v1', { paymentId: payment, familyId: a.family.id, amountCents: 4500, invoiceIds: [], registrationIds: [late.id] });
    const [due] = await eventually(async () => {
      const rows = (await t.inject({ method: 'GET', url: `/api/staff/billing/refunds-due?familyId=${a.family.id}`, headers: staff })).json();
      return rows.length ? rows : undefined;
    });
    expect(due).toMatchObject({ familyId: a.family.id, sourcePaymentId: payment, amountCents: 4500, unusedCents: 4500, registrations: [{ registrationId: late.id, reason: 'payment-too-late', amountCents: 4500 }] });
    expect(due.label).toContain('paiement reçu après la libération des places');
    expect(await invoiceOfRegistration(late.id)).toBeUndefined();
    expect(await balanceOf(t, staff, a.family.id)).toMatchObject({ creditCents: 4500, creditToRefundCents: 4500, credits: [{ status: 'to-refund', statusLabel: 'À rembourser' }] });
    // the family's next invoice does not take it
    const canteen = await invoiceOf(t, staff, c, a.family, 1);
    expect(await invoiceState(t, canteen.id)).toMatchObject({ settledCents: 0 });
    await expectReconciled(t, staff, [a.family.id]);

    const refund = await t.inject({
      method: 'POST',
      url: '/api/staff/billing/refunds',
      headers: staff,
      payload: { paymentId: due.paymentId, amountCents: 4500, method: 'card', refundedOn: today(), reason: 'Inscription annulée : places prises avant le paiement' },
    });
    expect(refund.statusCode).toBe(201);
    expect((await t.inject({ method: 'GET', url: `/api/staff/billing/refunds-due?familyId=${a.family.id}`, headers: staff })).json()).toEqual([]);
    expect(await balanceOf(t, staff, a.family.id)).toMatchObject({ paidCents: 4500, refundedCents: 4500, creditCents: 0, balanceCents: 400, dueCents: 400 });
    const [mine] = (await t.inject({ method: 'GET', url: '/api/billing/payments', headers: a.guardian })).json();
    expect(mine).toMatchObject({ amountCents: 4500, refundedCents: 4500, creditCents: 0 });
    await expectReconciled(t, staff, [a.family.id, b.family.id]);
  });

  it('a second payment of a registration already paid is due back; the first pays the invoice', async () => {
    const { escalade, family, held } = await heldRegistration();
    const [first, second] = [paymentId(), paymentId()];
    const paid = (id: string) => ({ paymentId: id, familyId: family.id, amountCents: 9000, invoiceIds: [], registrationIds: [held.id] });
    const places = family.children.map((ch) => ({ groupId: escalade.id, childId: ch.id, priceCents: 4500 }));
    // the second payment is recorded before the confirmation by the first: it must not pay the invoice
    await deliver(t, 'MoneyEventsHandler.onPaymentValidated', 'payments.payment.validated.v1', paid(second));
    await deliver(t, 'MoneyEventsHandler.onActivityPlaceConfirmed', 'reservations.activity-place.confirmed.v1', { registrationId: held.id, familyId: family.id, paymentId: first, amountCents: 9000, places });
    expect(await invoiceOfRegistration(held.id)).toMatchObject({ settledCents: 0 });
    await deliver(t, 'MoneyEventsHandler.onPaymentValidated', 'payments.payment.validated.v1', paid(first));
    expect(await invoiceOfRegistration(held.id)).toMatchObject({ settledCents: 9000 });
    await deliver(t, 'MoneyEventsHandler.onActivityPaymentDeclined', 'reservations.activity-payment.declined.v1', { registrationId: held.id, familyId: family.id, paymentId: second, amountCents: 9000, reason: 'already-paid', confirmedBy: first });
    const [due] = (await t.inject({ method: 'GET', url: `/api/staff/billing/refunds-due?familyId=${family.id}`, headers: staff })).json();
    expect(due).toMatchObject({ sourcePaymentId: second, unusedCents: 9000, registrations: [{ reason: 'already-paid' }] });
    expect(due.label).toContain('déjà payée');
    expect(await balanceOf(t, staff, family.id)).toMatchObject({ balanceCents: -9000, creditCents: 9000, creditToRefundCents: 9000 });
    await expectReconciled(t, staff, [family.id]);
  });
});
