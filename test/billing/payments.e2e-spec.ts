import { InvoicesForPayment } from '../../src/modules/billing';
import { paymentId, raise } from '../factories/activities.factory';
import { runBilling } from '../factories/billing.factory';
import { balanceOf, billedCatalogue, deliver, events, expectReconciled, invoiceOf, invoiceState, pay, payer } from '../factories/money.factory';
import { addDays, Headers, staffHeaders } from '../factories/reservations.factory';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Payments and their allocation (issue 7, item 5): staff record what they received, the payments
 * module's validated payments arrive as events; an amount goes to the invoices named (in that order)
 * or to the family's open invoices oldest first, never beyond what each still owes; the rest is a
 * family credit, used on the next invoices. After each scenario, the reconciliation invariant:
 * Σ invoices − Σ credit notes − Σ payments + Σ refunds = Σ remaining due − credit, for every family.
 */
describe('payments and their allocation', () => {
  let t: TestApp;
  let staff: Headers;

  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    staff = await staffHeaders(t);
  });
  afterAll(() => t?.close());

  it('a partial payment settles part of an invoice; the rest of it later settles it; the guardian sees both payments', async () => {
    const c = await billedCatalogue(t, staff);
    const { family, guardian } = await payer(t);
    const invoice = await invoiceOf(t, staff, c, family, 5);
    expect(invoice.totalCents).toBe(2000);

    const first = await pay(t, staff, { familyId: family.id, amountCents: 1500, method: 'cheque', reference: ' 1234567 ' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      familyId: family.id,
      officeId: c.office.id,
      amountCents: 1500,
      method: 'cheque',
      methodLabel: 'Chèque',
      reference: '1234567',
      allocations: [{ invoiceId: invoice.id, number: invoice.number, amountCents: 1500 }],
      allocatedCents: 1500,
      creditCents: 0,
      creditStatus: null,
    });
    expect((await t.inject({ method: 'GET', url: `/api/billing/invoices/${invoice.id}`, headers: guardian })).json()).toMatchObject({
      paidCents: 1500,
      remainingCents: 500,
      status: 'partly-paid',
      statusLabel: 'Partiellement payée',
      payable: true,
    });
    await expectReconciled(t, staff, [family.id]);

    expect((await pay(t, staff, { familyId: family.id, amountCents: 500, method: 'cash' })).statusCode).toBe(201);
    expect(await invoiceState(t, invoice.id)).toEqual({ totalCents: 2000, settledCents: 2000, cancelled: false });
    const mine = (await t.inject({ method: 'GET', url: '/api/billing/payments', headers: guardian })).json();
    expect(mine.map((p: { amountCents: number; methodLabel: string }) => [p.amountCents, p.methodLabel]).sort()).toEqual([
      [1500, 'Chèque'],
      [500, 'Espèces'],
    ]);
    expect((await t.inject({ method: 'GET', url: '/api/billing/invoices?state=paid', headers: guardian })).json()).toEqual([expect.objectContaining({ id: invoice.id, status: 'paid', payable: false })]);
    const allocated = await events(t, 'billing.payment.allocated.v1', family.id);
    expect(allocated).toEqual([
      { familyId: family.id, paymentId: first.json().id, creditNoteId: null, allocations: [{ invoiceId: invoice.id, number: invoice.number, amountCents: 1500, remainingCents: 500 }] },
      expect.objectContaining({ allocations: [{ invoiceId: invoice.id, number: invoice.number, amountCents: 500, remainingCents: 0 }] }),
    ]);
    const balance = (await t.inject({ method: 'GET', url: '/api/billing/balance', headers: guardian })).json();
    expect(balance).toMatchObject({ familyId: family.id, invoicedCents: 2000, paidCents: 2000, balanceCents: 0, dueCents: 0, creditCents: 0, openInvoices: [] });
    await expectReconciled(t, staff, [family.id]);
  });

  it('by default pays the open invoices oldest first; an overpayment becomes a family credit the next run uses', async () => {
    const c = await billedCatalogue(t, staff);
    const { family, guardian } = await payer(t);
    const older = await invoiceOf(t, staff, c, family, 2); // 800
    const newer = await invoiceOf(t, staff, c, family, 3); // 1200
    // the newer one falls due first: it is the oldest to pay
    await t.dataSource.query(`UPDATE billing.invoice SET due_on = due_on - 1 WHERE id = $1`, [newer.id]);

    const res = await pay(t, staff, { familyId: family.id, amountCents: 2500, method: 'transfer', reference: 'VIR-2026-11-001' });
    // the payment's allocations are shown oldest invoice first; its event keeps the order they were made in
    expect(res.json()).toMatchObject({
      allocations: [
        { invoiceId: newer.id, amountCents: 1200 },
        { invoiceId: older.id, amountCents: 800 },
      ],
      creditCents: 500,
      creditStatus: 'available',
      creditStatusLabel: 'Disponible : déduit des prochaines factures',
    });
    expect(await events(t, 'billing.credit.created.v1', family.id)).toEqual([{ familyId: family.id, amountCents: 500, paymentId: res.json().id, creditNoteId: null }]);
    expect(await balanceOf(t, staff, family.id)).toMatchObject({
      invoicedCents: 2000,
      paidCents: 2500,
      balanceCents: -500,
      dueCents: 0,
      creditCents: 500,
      credits: [{ kind: 'payment', id: res.json().id, label: 'Paiement : Virement n° VIR-2026-11-001', unusedCents: 500, status: 'available' }],
    });
    await expectReconciled(t, staff, [family.id]);

    // the next invoice (a run) is paid by the credit: 500 of its 1 200
    const next = await invoiceOf(t, staff, c, family, 3);
    expect(await invoiceState(t, next.id)).toMatchObject({ totalCents: 1200, settledCents: 500 });
    const [issued] = await t.dataSource.query(`SELECT payload FROM platform.outbox_event WHERE type = 'billing.invoice.issued.v1' AND aggregate_id = $1`, [next.id]);
    expect(issued.payload).toMatchObject({ totalCents: 1200, remainingCents: 700 });
    expect((await events(t, 'billing.payment.allocated.v1', family.id)).at(-1)).toEqual({
      familyId: family.id,
      paymentId: res.json().id,
      creditNoteId: null,
      allocations: [{ invoiceId: next.id, number: next.number, amountCents: 500, remainingCents: 700 }],
    });
    expect((await t.inject({ method: 'GET', url: `/api/billing/invoices/${next.id}`, headers: guardian })).json()).toMatchObject({ status: 'partly-paid', remainingCents: 700 });
    expect(await balanceOf(t, staff, family.id)).toMatchObject({ balanceCents: 700, dueCents: 700, creditCents: 0 });
    await expectReconciled(t, staff, [family.id]);
  });

  it('pays the invoices named, in that order, and only what each owes; the rest is credit', async () => {
    const c = await billedCatalogue(t, staff);
    const { family } = await payer(t);
    const a = await invoiceOf(t, staff, c, family, 1); // 400
    const b = await invoiceOf(t, staff, c, family, 2); // 800
    const d = await invoiceOf(t, staff, c, family, 3); // 1200
    const res = await pay(t, staff, { familyId: family.id, amountCents: 1000, invoiceIds: [d.id, a.id] });
    expect(res.json()).toMatchObject({ allocations: [{ invoiceId: d.id, amountCents: 1000 }], creditCents: 0 });
    const more = await pay(t, staff, { familyId: family.id, amountCents: 1000, invoiceIds: [d.id, a.id] });
    expect(more.json()).toMatchObject({ allocations: [{ invoiceId: a.id, amountCents: 400 }, { invoiceId: d.id, amountCents: 200 }], creditCents: 400 });
    expect((await events(t, 'billing.payment.allocated.v1', family.id)).at(-1)).toMatchObject({
      allocations: [
        { invoiceId: d.id, amountCents: 200, remainingCents: 0 },
        { invoiceId: a.id, amountCents: 400, remainingCents: 0 },
      ],
    });
    expect(await invoiceState(t, b.id)).toMatchObject({ settledCents: 0 });
    await expectReconciled(t, staff, [family.id]);
  });

  it('refuses what it cannot record, naming the field, and writes nothing', async () => {
    const c = await billedCatalogue(t, staff);
    const { family } = await payer(t);
    const other = await payer(t);
    const invoice = await invoiceOf(t, staff, c, family, 1);
    const otherInvoice = await invoiceOf(t, staff, c, other.family, 1);
    const count = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM billing.payment`))[0].n;
    const before = await count();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ familyId: family.id, amountCents: 100, invoiceIds: [invoice.id, otherInvoice.id] }, 400, 'invoiceIds[1]'],
      [{ familyId: family.id, amountCents: 100, receivedOn: addDays(today(), 2) }, 400, 'receivedOn'],
      [{ familyId: family.id, amountCents: 0 }, 400, 'amountCents'],
      [{ familyId: family.id, amountCents: 12.5 }, 400, 'amountCents'],
      [{ familyId: family.id, amountCents: 100, method: 'bitcoin' }, 400, 'method'],
      [{ familyId: family.id, amountCents: 100, invoiceIds: [] }, 400, 'invoiceIds'],
      [{ familyId: family.id, amountCents: 100, invoiceIds: [invoice.id, invoice.id] }, 400, 'invoiceIds'],
      [{ familyId: family.id, amountCents: 100, officeId: '00000000-0000-4000-8000-000000000000' }, 400, 'officeId'],
    ];
    for (const [body, status, field] of cases) {
      const res = await pay(t, staff, body);
      expect([JSON.stringify(body), res.statusCode, res.json().errors?.map((e: { field: string }) => e.field)]).toEqual([JSON.stringify(body), status, [field]]);
    }
    expect((await pay(t, staff, { familyId: '00000000-0000-4000-8000-000000000000', amountCents: 100 })).statusCode).toBe(404);
    expect(await count()).toBe(before);
    expect(await invoiceState(t, otherInvoice.id)).toMatchObject({ settledCents: 0 });
  });

  it('20 concurrent payments of one invoice never over-settle it: what it did not need is credit', async () => {
    const c = await billedCatalogue(t, staff);
    const { family } = await payer(t);
    const invoice = await invoiceOf(t, staff, c, family, 10); // 4 000
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => pay(t, staff, { familyId: family.id, amountCents: 300, invoiceIds: [invoice.id], reference: `C${i}` })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(201));
    expect(await invoiceState(t, invoice.id)).toEqual({ totalCents: 4000, settledCents: 4000, cancelled: false });
    const allocated = answers.map((a) => a.json().allocatedCents).sort((x: number, y: number) => x - y);
    // 13 payments of 3 € and one of 1 € settle the 40 €; the others are credit
    expect(allocated.reduce((s: number, n: number) => s + n, 0)).toBe(4000);
    expect(allocated.filter((n: number) => n === 300)).toHaveLength(13);
    expect(allocated.filter((n: number) => n === 100)).toHaveLength(1);
    expect(await balanceOf(t, staff, family.id)).toMatchObject({ dueCents: 0, creditCents: 2000, balanceCents: -2000 });
    await expectReconciled(t, staff, [family.id]);
  });

  it('two staff paying the same invoices at once, in opposite orders: no deadlock, no over-settlement', async () => {
    const c = await billedCatalogue(t, staff);
    const { family } = await payer(t);
    const a = await invoiceOf(t, staff, c, family, 2); // 800
    const b = await invoiceOf(t, staff, c, family, 2); // 800
    const other = await staffHeaders(t);
    for (let round = 0; round < 5; round++) {
      await Promise.all([
        pay(t, staff, { familyId: family.id, amountCents: 150, invoiceIds: [a.id, b.id] }),
        pay(t, other, { familyId: family.id, amountCents: 150, invoiceIds: [b.id, a.id] }),
        pay(t, other, { familyId: family.id, amountCents: 100 }),
      ]).then((answers) => expect(answers.map((r) => r.statusCode)).toEqual([201, 201, 201]));
    }
    const [sa, sb] = [await invoiceState(t, a.id), await invoiceState(t, b.id)];
    expect(sa.settledCents + sb.settledCents).toBe(1600);
    expect(await balanceOf(t, staff, family.id)).toMatchObject({ dueCents: 0, creditCents: 400 });
    await expectReconciled(t, staff, [family.id]);
  });

  it('an online payment (payments event) is allocated to its invoices in order, partly, once even if the event comes again', async () => {
    const c = await billedCatalogue(t, staff);
    const { family, guardian } = await payer(t);
    const other = await payer(t);
    const a = await invoiceOf(t, staff, c, family, 2); // 800
    const b = await invoiceOf(t, staff, c, family, 2); // 800
    const theirs = await invoiceOf(t, staff, c, other.family, 1);
    const id = paymentId();
    const payload = { paymentId: id, familyId: family.id, amountCents: 1000, invoiceIds: [b.id, theirs.id, a.id], registrationIds: [] };
    await raise(t, 'payments.payment.validated.v1', payload);
    await eventually(async () => (await invoiceState(t, a.id)).settledCents === 200);
    expect(await invoiceState(t, b.id)).toMatchObject({ settledCents: 800 });
    expect(await invoiceState(t, theirs.id)).toMatchObject({ settledCents: 0 });

    // the same payment again: through the queue (a new event), and straight to the handler
    await raise(t, 'payments.payment.validated.v1', payload);
    expect(await deliver(t, 'MoneyEventsHandler.onPaymentValidated', 'payments.payment.validated.v1', payload)).toBe('applied');
    await new Promise((r) => setTimeout(r, 300));
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM billing.payment WHERE source_payment_id = $1`, [id]))[0].n).toBe(1);
    expect(await invoiceState(t, a.id)).toMatchObject({ settledCents: 200 });
    const [mine] = (await t.inject({ method: 'GET', url: '/api/billing/payments', headers: guardian })).json();
    expect(mine).toMatchObject({ method: 'online', methodLabel: 'Paiement en ligne', amountCents: 1000, receivedOn: today(), allocations: [{ invoiceId: a.id, amountCents: 200 }, { invoiceId: b.id, amountCents: 800 }] });
    expect(await events(t, 'billing.payment.allocated.v1', family.id)).toEqual([
      { familyId: family.id, paymentId: mine.id, creditNoteId: null, allocations: [{ invoiceId: b.id, number: b.number, amountCents: 800, remainingCents: 0 }, { invoiceId: a.id, number: a.number, amountCents: 200, remainingCents: 600 }] },
    ]);
    // malformed ids are left out (logged), never a reason to lose a payment: all of it is credit
    const odd = { paymentId: paymentId(), familyId: family.id, amountCents: 100, invoiceIds: ['not-an-id'], registrationIds: ['nor-this'] };
    expect(await deliver(t, 'MoneyEventsHandler.onPaymentValidated', 'payments.payment.validated.v1', odd)).toBe('applied');
    expect(await balanceOf(t, staff, family.id)).toMatchObject({ creditCents: 100, credits: [{ status: 'available', unusedCents: 100 }] });
    await expectReconciled(t, staff, [family.id, other.family.id]);
  });

  it('a balance at a past date counts what was issued, paid and credited by then', async () => {
    const c = await billedCatalogue(t, staff);
    const { family } = await payer(t);
    const invoice = await invoiceOf(t, staff, c, family, 3); // 1 200, issued today
    const day = (n: number) => addDays(today(), n);
    await t.dataSource.query(`UPDATE billing.invoice SET issued_on = $2 WHERE id = $1`, [invoice.id, day(-20)]);
    expect((await pay(t, staff, { familyId: family.id, amountCents: 500, receivedOn: day(-10) })).statusCode).toBe(201);
    expect((await pay(t, staff, { familyId: family.id, amountCents: 1000, receivedOn: day(-5) })).statusCode).toBe(201);
    expect(await balanceOf(t, staff, family.id, day(-30))).toMatchObject({ balanceCents: 0, dueCents: 0, creditCents: 0, movements: [] });
    expect(await balanceOf(t, staff, family.id, day(-15))).toMatchObject({ balanceCents: 1200, dueCents: 1200, openInvoices: [{ id: invoice.id, remainingCents: 1200 }] });
    expect(await balanceOf(t, staff, family.id, day(-10))).toMatchObject({ balanceCents: 700, dueCents: 700, creditCents: 0 });
    const now = await balanceOf(t, staff, family.id, day(-1));
    expect(now).toMatchObject({ balanceCents: -300, dueCents: 0, creditCents: 300, openInvoices: [] });
    expect(now.movements.map((m: { kind: string; balanceCents: number }) => [m.kind, m.balanceCents])).toEqual([
      ['invoice', 1200],
      ['payment', 700],
      ['payment', -300],
    ]);
    expect((await t.inject({ method: 'GET', url: `/api/staff/billing/families/${family.id}/balance?at=${day(3)}`, headers: staff })).statusCode).toBe(400);
    await expectReconciled(t, staff, [family.id]);
  });

  it('tells the payments module what an invoice still owes, for its family only', async () => {
    const c = await billedCatalogue(t, staff);
    const { family } = await payer(t);
    const other = await payer(t);
    const a = await invoiceOf(t, staff, c, family, 2);
    const b = await invoiceOf(t, staff, c, family, 1);
    const theirs = await invoiceOf(t, staff, c, other.family, 1);
    await pay(t, staff, { familyId: family.id, amountCents: 300, invoiceIds: [a.id] });
    await pay(t, staff, { familyId: family.id, amountCents: 400, invoiceIds: [b.id] });
    const faces = await t.app.get(InvoicesForPayment).forPayment(family.id, [b.id, theirs.id, a.id, 'not-an-id', a.id]);
    expect(faces).toEqual([
      expect.objectContaining({ invoiceId: b.id, number: b.number, remainingCents: 0, payable: false, officeId: c.office.id, paymentLockMinutes: 30 }),
      expect.objectContaining({ invoiceId: a.id, number: a.number, totalCents: 800, remainingCents: 500, payable: true, label: 'Restauration scolaire — Période de test' }),
    ]);
  });

  it('a run uses the credit of several families at once, oldest credit first, on their new invoices only', async () => {
    const c = await billedCatalogue(t, staff);
    const families = [await payer(t), await payer(t), await payer(t)];
    for (const f of families) await pay(t, staff, { familyId: f.family.id, amountCents: 300, receivedOn: addDays(today(), -3), reference: 'old' });
    await pay(t, staff, { familyId: families[0].family.id, amountCents: 900, reference: 'new' });
    // one run for the three families: 2 days each (800)
    const day = addDays(c.period.startsOn, 80);
    for (const f of families) {
      await t.dataSource.query(`INSERT INTO billing.unit (child_id, service_id, day, family_id, establishment_id, booked) VALUES ($1, $2, $3, $4, $5, true), ($1, $2, $6, $4, $5, true)`, [
        f.family.children[0].id, c.service.id, day, f.family.id, c.establishment.id, addDays(day, 1),
      ]);
    }
    const run = (await runBilling(t, staff, { officeId: c.office.id, from: day, to: addDays(day, 1) })).json();
    expect(run).toMatchObject({ invoices: 3, totalCents: 2400 });
    const invoices = await t.dataSource.query(`SELECT family_id AS "familyId", settled_cents AS settled FROM billing.invoice WHERE run_id = $1`, [run.runId]);
    const settled = (f: { family: { id: string } }) => invoices.find((i: { familyId: string }) => i.familyId === f.family.id).settled;
    expect(families.map(settled)).toEqual([800, 300, 300]);
    const first = (await t.inject({ method: 'GET', url: `/api/staff/billing/families/${families[0].family.id}/payments`, headers: staff })).json();
    expect(first.map((p: { reference: string; creditCents: number }) => [p.reference, p.creditCents])).toEqual([
      ['new', 400],
      ['old', 0],
    ]);
    await expectReconciled(t, staff, families.map((f) => f.family.id));
  });
});
