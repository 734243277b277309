import { newOffice } from '../factories/billing.factory';
import { activityFamily, newGroup, newTerm, register } from '../factories/activities.factory';
import { guardianOf } from '../factories/family.factory';
import { billedCatalogue, events, expectReconciled, invoiceOf, invoiceState, payer } from '../factories/money.factory';
import { Headers, staffHeaders } from '../factories/reservations.factory';
import { eventually } from '../support/test-app';
import { age, billingPaymentsOf, browserReturn, checksOf, choose, payOnline, PaymentsHarness, paymentsHarness, started, startPayment, stateOf, untilState } from './payments.support';

/**
 * Paying online, end to end, with the real PayFiP simulator (SOAP, payment page choices,
 * notification over HTTP, browser return): the recap, a whole invoice, part of one then the rest,
 * several at once, a term-activity registration; refusals and abandonments with the 20-minute
 * window; the lock against paying twice (50 concurrent attempts). Money moves once, through
 * billing, and the reconciliation invariant holds after each scenario.
 */
describe('online payment: flows', () => {
  let h: PaymentsHarness;
  let staff: Headers;

  beforeAll(async () => {
    h = await paymentsHarness();
    staff = await staffHeaders(h.t);
  });
  afterAll(() => h?.close());

  async function setup(days = 5) {
    const c = await billedCatalogue(h.t, staff);
    await payOnline(h.t, staff, c.office.id);
    const p = await payer(h.t);
    const invoice = await invoiceOf(h.t, staff, c, p.family, days);
    return { c, ...p, invoice };
  }

  it('pays a whole invoice: recap, platform, notification, return, ticket, billing allocates, ticket e-mailed', async () => {
    const { c, family, guardian, invoice } = await setup(5);
    const preview = await h.t.inject({ method: 'POST', url: '/api/payments/preview', headers: guardian, payload: { invoices: [{ invoiceId: invoice.id, amountCents: 2000 }] } });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      officeId: c.office.id,
      invoices: [{ invoiceId: invoice.id, number: invoice.number, amountCents: 2000, remainingCents: 2000 }],
      registration: null,
      totalCents: 2000,
      email: family.guardians[0].email,
      emailConfirmed: true,
    });
    expect(await h.t.dataSource.query(`SELECT count(*)::int AS n FROM payments.transaction WHERE family_id = $1`, [family.id])).toEqual([{ n: 0 }]);

    const { id, idOp, redirectUrl } = await started(h.t, guardian, { invoices: [{ invoiceId: invoice.id, amountCents: 2000 }] });
    expect(redirectUrl).toBe(`${h.sim.url}/paiementws.web?idop=${idOp}`);
    const op = await h.control.operation(idOp);
    const [row] = await h.t.dataSource.query(`SELECT reference FROM payments.transaction WHERE id = $1`, [id]);
    expect(op).toMatchObject({ montant: '2000', numcli: '123456', refdet: row.reference, mel: family.guardians[0].email, saisie: 'T', urlnotif: `${h.t.url}/api/payments/payfip/notification` });
    expect((await h.t.inject({ method: 'GET', url: `/api/payments/${id}`, headers: guardian })).json()).toMatchObject({ state: 'pending', stateLabel: 'En attente de confirmation', ticket: null });

    await choose(h.control, idOp, 'P');
    // the notification (server to server, real HTTP) validates it
    await untilState(h.t, id, 'validated');
    const back = await browserReturn(h.t, idOp);
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(`${h.t.url}/paiements/${id}`);

    const view = (await h.t.inject({ method: 'GET', url: `/api/payments/${id}`, headers: guardian })).json();
    expect(view).toMatchObject({
      state: 'validated',
      stateLabel: 'Paiement accepté',
      amountCents: 2000,
      invoices: [{ invoiceId: invoice.id, number: invoice.number, amountCents: 2000 }],
      ticket: { number: expect.stringMatching(/^TP-\d{4}-\d{6}$/), amountCents: 2000, authorizationNumber: expect.any(String), invoices: [{ invoiceId: invoice.id, amountCents: 2000 }] },
    });
    // billing records it once and allocates it
    await eventually(async () => (await invoiceState(h.t, invoice.id)).settledCents === 2000);
    expect(await billingPaymentsOf(h.t, id)).toEqual([{ amountCents: 2000 }]);
    expect((await h.t.inject({ method: 'GET', url: `/api/billing/invoices/${invoice.id}`, headers: guardian })).json()).toMatchObject({ remainingCents: 0, payable: false });
    // the ticket, e-mailed to the payer
    const [mail] = await eventually(async () => {
      const rows = await h.t.dataSource.query(`SELECT recipient, subject, content FROM notifications.message WHERE kind = 'payment-ticket' AND recipient = $1`, [family.guardians[0].email]);
      return rows.length ? rows : undefined;
    });
    expect(mail.subject).toBe(`Ticket de paiement ${view.ticket.number}`);
    expect(mail.content.text).toContain(`Facture n° ${invoice.number}`);
    // both guardians of the family see it in "Mes paiements"
    const other = (await guardianOf(h.t, family, 1)).headers;
    expect((await h.t.inject({ method: 'GET', url: '/api/payments', headers: other })).json()).toEqual([expect.objectContaining({ id, state: 'validated', stateLabel: 'Paiement accepté' })]);
    expect((await checksOf(h.t, id)).map((c) => c.via)).toEqual(expect.arrayContaining(['start', 'notification', 'return']));
    await expectReconciled(h.t, staff, [family.id]);
  });

  it('pays part of an invoice (the amount is checked against the remaining due), then the rest', async () => {
    const { family, guardian, invoice } = await setup(5);
    const missing = await startPayment(h.t, guardian, { invoices: [{ invoiceId: invoice.id }] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual(expect.arrayContaining([{ field: 'invoices[0].amountCents', message: 'Le montant est obligatoire' }]));
    const tooMuch = await startPayment(h.t, guardian, { invoices: [{ invoiceId: invoice.id, amountCents: 2001 }] });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().errors).toEqual([{ field: 'invoices[0].amountCents', message: 'Le montant ne peut pas dépasser le restant dû (20,00\u00a0€)' }]);

    const first = await started(h.t, guardian, { invoices: [{ invoiceId: invoice.id, amountCents: 1500 }] });
    await choose(h.control, first.idOp, 'P');
    await untilState(h.t, first.id, 'validated');
    await eventually(async () => (await invoiceState(h.t, invoice.id)).settledCents === 1500);
    expect((await startPayment(h.t, guardian, { invoices: [{ invoiceId: invoice.id, amountCents: 600 }] })).json().errors[0].message).toBe('Le montant ne peut pas dépasser le restant dû (5,00\u00a0€)');

    const rest = await started(h.t, guardian, { invoices: [{ invoiceId: invoice.id, amountCents: 500 }] });
    expect((await h.control.operation(rest.idOp)).montant).toBe('500');
    await choose(h.control, rest.idOp, 'P');
    await untilState(h.t, rest.id, 'validated');
    await eventually(async () => (await invoiceState(h.t, invoice.id)).settledCents === 2000);
    expect((await startPayment(h.t, guardian, { invoices: [{ invoiceId: invoice.id, amountCents: 100 }] })).json()).toMatchObject({ status: 422, detail: `La facture ${invoice.number} n’est pas à payer.` });
    await expectReconciled(h.t, staff, [family.id]);
  });

  it('pays several invoices of one office at once, each in full; billing settles each', async () => {
    const { c, family, guardian, invoice: a } = await setup(2);
    const b = await invoiceOf(h.t, staff, c, family, 3);
    const partial = await startPayment(h.t, guardian, { invoices: [{ invoiceId: a.id, amountCents: 800 }, { invoiceId: b.id, amountCents: 100 }] });
    expect(partial.statusCode).toBe(422);
    expect(partial.json().errors[0].field).toBe('invoices[1].amountCents');

    const preview = (await h.t.inject({ method: 'POST', url: '/api/payments/preview', headers: guardian, payload: { invoices: [{ invoiceId: a.id, amountCents: 800 }, { invoiceId: b.id, amountCents: 1200 }] } })).json();
    expect(preview).toMatchObject({ totalCents: 2000, invoices: [{ number: a.number, amountCents: 800 }, { number: b.number, amountCents: 1200 }] });
    const p = await started(h.t, guardian, { invoices: [{ invoiceId: a.id, amountCents: 800 }, { invoiceId: b.id, amountCents: 1200 }] });
    expect((await h.control.operation(p.idOp)).objet.replace(/\s+/g, ' ')).toContain('Factures');
    await choose(h.control, p.idOp, 'P');
    await untilState(h.t, p.id, 'validated');
    for (const inv of [a, b]) {
      await eventually(async () => (await h.t.inject({ method: 'GET', url: `/api/billing/invoices/${inv.id}`, headers: guardian })).json().remainingCents === 0);
    }
    expect(await events(h.t, 'payments.payment.validated.v1', family.id)).toEqual([
      expect.objectContaining({ paymentId: p.id, amountCents: 2000, invoiceIds: [a.id, b.id], registrationIds: [] }),
    ]);
    // another office's invoice cannot join them
    const other = await billedCatalogue(h.t, staff);
    await payOnline(h.t, staff, other.office.id);
    const c2 = await invoiceOf(h.t, staff, other, family, 1);
    const c3 = await invoiceOf(h.t, staff, c, family, 1);
    const mixed = await startPayment(h.t, guardian, { invoices: [{ invoiceId: c3.id, amountCents: 400 }, { invoiceId: c2.id, amountCents: 400 }] });
    expect(mixed.statusCode).toBe(422);
    expect(mixed.json().code).toBe('payments.several-offices');
    await expectReconciled(h.t, staff, [family.id]);
  });

  it('locks an invoice while its payment is pending: 409 with the time and a status check; 50 concurrent attempts make 1 transaction', async () => {
    const { c, family, guardian, invoice } = await setup(5);
    const first = await started(h.t, guardian, { invoices: [{ invoiceId: invoice.id, amountCents: 2000 }] });
    const again = await startPayment(h.t, guardian, { invoices: [{ invoiceId: invoice.id, amountCents: 1000 }] });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'payments.payment-pending',
      pendingTransactionId: first.id,
      detail: expect.stringMatching(new RegExp(`^Un paiement est en cours pour la facture ${invoice.number}\\. Vous pourrez réessayer après \\d{2}:\\d{2}, ou vérifier son statut\\.$`)),
    });
    // the other guardian is refused too; the preview says so as well
    const other = (await guardianOf(h.t, family, 1)).headers;
    expect((await startPayment(h.t, other, { invoices: [{ invoiceId: invoice.id, amountCents: 2000 }] })).statusCode).toBe(409);
    expect((await h.t.inject({ method: 'POST', url: '/api/payments/preview', headers: other, payload: { invoices: [{ invoiceId: invoice.id, amountCents: 2000 }] } })).statusCode).toBe(409);
    // "vérifier le statut": asks the platform (no result yet: P5), still pending
    const checked = await h.t.inject({ method: 'POST', url: `/api/payments/${first.id}/check`, headers: other });
    expect(checked.statusCode).toBe(200);
    expect(checked.json()).toMatchObject({ state: 'pending', provisional: 'P5' });
    expect((await checksOf(h.t, first.id)).at(-1)).toMatchObject({ via: 'guardian', answer: 'P5', stateAfter: 'pending' });

    // fifty at once on a fresh invoice
    const target = await invoiceOf(h.t, staff, c, family, 2);
    const answers = await Promise.all(Array.from({ length: 50 }, () => startPayment(h.t, guardian, { invoices: [{ invoiceId: target.id, amountCents: 800 }] })));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((s) => s === 201)).toHaveLength(1);
    expect(codes.filter((s) => s === 409)).toHaveLength(49);
    expect(await h.t.dataSource.query(`SELECT count(*)::int AS n FROM payments.transaction_invoice WHERE invoice_id = $1`, [target.id])).toEqual([{ n: 1 }]);
    expect(await h.control.operations().then((ops) => ops.filter((o) => o.montant === '800').length)).toBeGreaterThanOrEqual(1);
  });

  it('a refusal inside the window is provisional and keeps the lock; after the window the poll makes it final and frees the invoice', async () => {
    const { family, guardian, invoice } = await setup(5);
    const p = await started(h.t, guardian, { invoices: [{ invoiceId: invoice.id, amountCents: 2000 }] });
    await choose(h.control, p.idOp, 'R');
    await eventually(async () => (await stateOf(h.t, p.id)).provisional === 'R');
    const view = (await h.t.inject({ method: 'GET', url: `/api/payments/${p.id}`, headers: guardian })).json();
    expect(view).toMatchObject({ state: 'pending', provisional: 'R', provisionalLabel: expect.stringContaining('refusé') });
    expect((await startPayment(h.t, guardian, { invoices: [{ invoiceId: invoice.id, amountCents: 2000 }] })).statusCode).toBe(409);

    await age(h.t, p.id, 21);
    await untilState(h.t, p.id, 'refused');
    expect(await events(h.t, 'payments.payment.failed.v1', family.id)).toEqual([expect.objectContaining({ paymentId: p.id, outcome: 'refused', invoiceIds: [invoice.id] })]);
    expect(await billingPaymentsOf(h.t, p.id)).toEqual([]);
    expect((await h.t.inject({ method: 'GET', url: `/api/payments/${p.id}`, headers: guardian })).json()).toMatchObject({ state: 'refused', stateLabel: 'Paiement refusé', ticket: null });
    // the invoice can be paid again
    const retry = await started(h.t, guardian, { invoices: [{ invoiceId: invoice.id, amountCents: 2000 }] });
    await choose(h.control, retry.idOp, 'P');
    await untilState(h.t, retry.id, 'validated');
    await eventually(async () => (await invoiceState(h.t, invoice.id)).settledCents === 2000);
    await expectReconciled(h.t, staff, [family.id]);
  });

  it('an abandonment never frees the invoice inside the window (notification, return, status check); the poll ends it after', async () => {
    const { family, guardian, invoice } = await setup(5);
    const p = await started(h.t, guardian, { invoices: [{ invoiceId: invoice.id, amountCents: 2000 }] });
    await choose(h.control, p.idOp, 'A');
    await eventually(async () => (await stateOf(h.t, p.id)).provisional === 'A');
    await browserReturn(h.t, p.idOp);
    expect((await h.t.inject({ method: 'POST', url: `/api/payments/${p.id}/check`, headers: guardian })).json()).toMatchObject({ state: 'pending', provisional: 'A' });
    expect((await startPayment(h.t, guardian, { invoices: [{ invoiceId: invoice.id, amountCents: 2000 }] })).statusCode).toBe(409);
    await age(h.t, p.id, 21);
    await untilState(h.t, p.id, 'abandoned');
    expect(await events(h.t, 'payments.payment.failed.v1', family.id)).toEqual([expect.objectContaining({ paymentId: p.id, outcome: 'abandoned' })]);
    expect((await startPayment(h.t, guardian, { invoices: [{ invoiceId: invoice.id, amountCents: 2000 }] })).statusCode).toBe(201);
  });

  it('a term-activity registration: paid → places confirmed and its invoice paid; refused → places released', async () => {
    const term = await newTerm(h.t, staff);
    const office = await newOffice(h.t, staff, [term.establishment.id]);
    await payOnline(h.t, staff, office.id);
    const group = await newGroup(h.t, staff, term.period.id);
    const { family, guardian } = await activityFamily(h.t);
    const reg = await register(h.t, guardian, [{ childId: family.children[0].id, groupId: group.id }]);
    expect(reg.statusCode).toBe(201);
    const registrationId = reg.json().id;

    const preview = (await h.t.inject({ method: 'POST', url: '/api/payments/preview', headers: guardian, payload: { registrationId } })).json();
    expect(preview).toMatchObject({ officeId: office.id, totalCents: 4500, invoices: [], registration: { registrationId, amountCents: 4500 } });
    const p = await started(h.t, guardian, { registrationId });
    expect((await startPayment(h.t, guardian, { registrationId })).statusCode).toBe(409);
    await choose(h.control, p.idOp, 'P');
    await untilState(h.t, p.id, 'validated');
    await eventually(async () => (await h.t.dataSource.query(`SELECT status FROM reservations.activity_registration WHERE id = $1`, [registrationId]))[0].status === 'confirmed');
    const [invoice] = await eventually(async () => {
      const rows = await h.t.dataSource.query(`SELECT id, total_cents AS "totalCents", settled_cents AS "settledCents" FROM billing.invoice WHERE registration_id = $1`, [registrationId]);
      return rows.length && rows[0].settledCents === 4500 ? rows : undefined;
    });
    expect(invoice.totalCents).toBe(4500);
    await expectReconciled(h.t, staff, [family.id]);

    // another family's registration, refused: its places are released (after the window)
    const second = await activityFamily(h.t);
    const reg2res = await register(h.t, second.guardian, [{ childId: second.family.children[0].id, groupId: group.id }]);
    expect(reg2res.statusCode).toBe(201);
    const reg2 = reg2res.json();
    const p2 = await started(h.t, second.guardian, { registrationId: reg2.id });
    await choose(h.control, p2.idOp, 'R');
    await eventually(async () => (await stateOf(h.t, p2.id)).provisional === 'R');
    expect((await h.t.dataSource.query(`SELECT status FROM reservations.activity_registration WHERE id = $1`, [reg2.id]))[0].status).toBe('held');
    await age(h.t, p2.id, 21);
    await untilState(h.t, p2.id, 'refused');
    await eventually(async () => (await h.t.dataSource.query(`SELECT status FROM reservations.activity_registration WHERE id = $1`, [reg2.id]))[0].status === 'released');
    expect(await billingPaymentsOf(h.t, p2.id)).toEqual([]);
    await expectReconciled(h.t, staff, [family.id, second.family.id]);
  });
});
