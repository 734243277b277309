import { runBilling } from '../factories/billing.factory';
import { balanceOf, billedCatalogue, events, expectReconciled, invoiceOf, invoiceState, pay, payer } from '../factories/money.factory';
import { Headers, staffHeaders } from '../factories/reservations.factory';
import { startTestApp, TestApp } from '../support/test-app';

const year = new Date().getFullYear();
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Credit notes and corrections (issue 7, item 6): a credit note with its reason, traced to its
 * invoice, numbered in its office's own gap-free series; it settles what the invoice still owes, the
 * rest is a family credit. Cancelling an invoice: it keeps its number, gets a credit note of its whole
 * amount, what was paid on it becomes credit, its units go back to be billed. The reconciliation
 * invariant is checked after each scenario.
 */
describe('credit notes and cancellations', () => {
  let t: TestApp;
  let staff: Headers;

  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    staff = await staffHeaders(t);
  });
  afterAll(() => t?.close());

  const creditNote = (invoiceId: string, body: Record<string, unknown>) => t.inject({ method: 'POST', url: `/api/staff/billing/invoices/${invoiceId}/credit-notes`, headers: staff, payload: body });
  const cancel = (invoiceId: string, reason = 'Facture émise à tort') => t.inject({ method: 'POST', url: `/api/staff/billing/invoices/${invoiceId}/cancel`, headers: staff, payload: { reason } });
  const billedDays = async (invoiceId: string): Promise<{ from: string; to: string }> =>
    (
      await t.dataSource.query(
        `SELECT to_char(min(b.day), 'YYYY-MM-DD') AS "from", to_char(max(b.day), 'YYYY-MM-DD') AS "to" FROM billing.billed_unit b JOIN billing.invoice_line l ON l.id = b.line_id WHERE l.invoice_id = $1`,
        [invoiceId],
      )
    )[0];

  it('corrects an unpaid invoice: the credit note settles part of it, numbered in its own series; never beyond the total', async () => {
    const c = await billedCatalogue(t, staff);
    const { family, guardian } = await payer(t);
    const invoice = await invoiceOf(t, staff, c, family, 5); // 2 000

    const first = await creditNote(invoice.id, { amountCents: 500, reason: '  Repas facturé deux fois  ' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      number: `AV-${c.office.code}-${year}-000001`,
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      amountCents: 500,
      allocatedCents: 500,
      creditCents: 0,
      unusedCents: 0,
      reason: 'Repas facturé deux fois',
      cancels: false,
      issuedOn: today(),
    });
    expect((await t.inject({ method: 'GET', url: `/api/billing/invoices/${invoice.id}`, headers: guardian })).json()).toMatchObject({ paidCents: 500, remainingCents: 1500, status: 'partly-paid' });
    expect(await events(t, 'billing.payment.allocated.v1', family.id)).toEqual([
      { familyId: family.id, paymentId: null, creditNoteId: first.json().id, allocations: [{ invoiceId: invoice.id, number: invoice.number, amountCents: 500, remainingCents: 1500 }] },
    ]);

    const tooMuch = await creditNote(invoice.id, { amountCents: 1501, reason: 'Erreur' });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json()).toMatchObject({ code: 'billing.credit-note-too-large', errors: [{ field: 'amountCents', message: expect.stringContaining('15,00') }] });
    expect((await creditNote(invoice.id, { amountCents: 100, reason: '' })).statusCode).toBe(400);
    expect((await creditNote('00000000-0000-4000-8000-000000000000', { amountCents: 100, reason: 'x' })).statusCode).toBe(404);

    // the refused ones took no number: the next one follows without a gap
    const second = await creditNote(invoice.id, { amountCents: 1500, reason: 'Geste commercial' });
    expect(second.json()).toMatchObject({ number: `AV-${c.office.code}-${year}-000002`, allocatedCents: 1500 });
    expect(await invoiceState(t, invoice.id)).toMatchObject({ settledCents: 2000 });
    expect((await creditNote(invoice.id, { amountCents: 1, reason: 'Encore' })).json()).toMatchObject({ errors: [{ field: 'amountCents', message: expect.stringContaining('tout son montant') }] });
    expect(await balanceOf(t, staff, family.id)).toMatchObject({ invoicedCents: 2000, creditNotesCents: 2000, balanceCents: 0, dueCents: 0, creditCents: 0 });
    const staffMovements = (await balanceOf(t, staff, family.id)).movements.map((m: { label: string }) => m.label);
    expect(staffMovements).toContain(`Avoir AV-${c.office.code}-${year}-000001 sur la facture ${invoice.number} — Repas facturé deux fois`);
    // guardians see the credit note, not staff's words
    const guardianMovements = (await t.inject({ method: 'GET', url: '/api/billing/balance', headers: guardian })).json().movements.map((m: { label: string }) => m.label);
    expect(guardianMovements).toContain(`Avoir AV-${c.office.code}-${year}-000001 sur la facture ${invoice.number}`);
    await expectReconciled(t, staff, [family.id]);
  });

  it('a credit note after payment becomes a family credit, used on the next invoice', async () => {
    const c = await billedCatalogue(t, staff);
    const { family } = await payer(t);
    const invoice = await invoiceOf(t, staff, c, family, 5); // 2 000
    await pay(t, staff, { familyId: family.id, amountCents: 2000 });
    const note = (await creditNote(invoice.id, { amountCents: 300, reason: 'Sortie annulée' })).json();
    expect(note).toMatchObject({ allocatedCents: 0, creditCents: 300, unusedCents: 300 });
    expect(await events(t, 'billing.credit.created.v1', family.id)).toEqual([{ familyId: family.id, amountCents: 300, paymentId: null, creditNoteId: note.id }]);
    expect(await balanceOf(t, staff, family.id)).toMatchObject({ balanceCents: -300, creditCents: 300, credits: [{ kind: 'credit-note', id: note.id, unusedCents: 300, status: 'available' }] });
    await expectReconciled(t, staff, [family.id]);

    const next = await invoiceOf(t, staff, c, family, 2); // 800
    expect(await invoiceState(t, next.id)).toMatchObject({ settledCents: 300 });
    expect((await events(t, 'billing.payment.allocated.v1', family.id)).at(-1)).toEqual({
      familyId: family.id,
      paymentId: null,
      creditNoteId: note.id,
      allocations: [{ invoiceId: next.id, number: next.number, amountCents: 300, remainingCents: 500 }],
    });
    expect((await t.inject({ method: 'GET', url: `/api/staff/billing/credit-notes/${note.id}`, headers: staff })).json()).toMatchObject({ unusedCents: 0, creditCents: 300 });
    await expectReconciled(t, staff, [family.id]);
  });

  it('cancelling a partly paid invoice: it keeps its number, what was paid becomes credit, its days are billed again by the next run (which uses that credit)', async () => {
    const c = await billedCatalogue(t, staff);
    const { family, guardian } = await payer(t);
    const invoice = await invoiceOf(t, staff, c, family, 3); // 1 200
    const days = await billedDays(invoice.id);
    await pay(t, staff, { familyId: family.id, amountCents: 500 });

    const res = await cancel(invoice.id, 'Tarif erroné');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      unitsReversed: 3,
      creditNote: { number: `AV-${c.office.code}-${year}-000001`, amountCents: 1200, allocatedCents: 700, creditCents: 500, unusedCents: 500, cancels: true, reason: 'Tarif erroné' },
    });
    const view = (await t.inject({ method: 'GET', url: `/api/billing/invoices/${invoice.id}`, headers: guardian })).json();
    expect(view).toMatchObject({ number: invoice.number, status: 'cancelled', statusLabel: 'Annulée', remainingCents: 0, payable: false, cancelReason: 'Tarif erroné' });
    expect(await events(t, 'billing.invoice.cancelled.v1', family.id)).toEqual([
      { invoiceId: invoice.id, familyId: family.id, officeId: c.office.id, number: invoice.number, creditNoteId: res.json().creditNote.id },
    ]);
    expect(await events(t, 'billing.credit.created.v1', family.id)).toEqual([{ familyId: family.id, amountCents: 500, paymentId: null, creditNoteId: res.json().creditNote.id }]);
    const reversed = await t.dataSource.query(`SELECT sum(amount_cents)::int AS s, count(*)::int AS n FROM billing.billed_unit WHERE credit_note_id = $1`, [res.json().creditNote.id]);
    expect(reversed[0]).toEqual({ s: -1200, n: 3 });
    expect(await balanceOf(t, staff, family.id)).toMatchObject({ invoicedCents: 1200, creditNotesCents: 1200, paidCents: 500, balanceCents: -500, dueCents: 0, creditCents: 500 });
    await expectReconciled(t, staff, [family.id]);

    expect((await cancel(invoice.id)).statusCode).toBe(409);
    expect((await creditNote(invoice.id, { amountCents: 100, reason: 'x' })).statusCode).toBe(409);
    expect((await pay(t, staff, { familyId: family.id, amountCents: 100, invoiceIds: [invoice.id] })).json()).toMatchObject({ allocations: [], creditCents: 100 });

    // the next run bills the three days again, as they are now, and uses the credit (500 + 100)
    const rerun = await runBilling(t, staff, { officeId: c.office.id, ...days, label: 'Refacturation' });
    expect(rerun.json()).toMatchObject({ invoices: 1, totalCents: 1200 });
    const [again] = await t.dataSource.query(`SELECT id, number FROM billing.invoice WHERE run_id = $1`, [rerun.json().runId]);
    expect(again.number).not.toBe(invoice.number);
    expect(await invoiceState(t, again.id)).toMatchObject({ totalCents: 1200, settledCents: 600 });
    // days billed again after a cancellation are ordinary lines (3 days at 400), not a "Régularisation"
    const lines = await t.dataSource.query(`SELECT kind, quantity::float AS quantity, unit_price_cents AS "priceCents", amount_cents AS "amountCents" FROM billing.invoice_line WHERE invoice_id = $1`, [again.id]);
    expect(lines).toEqual([{ kind: 'day', quantity: 3, priceCents: 400, amountCents: 1200 }]);
    // and a run after it bills nothing more
    expect((await runBilling(t, staff, { officeId: c.office.id, ...days })).json()).toMatchObject({ invoices: 0, totalCents: 0 });
    expect(await balanceOf(t, staff, family.id)).toMatchObject({ balanceCents: 600, dueCents: 600, creditCents: 0 });
    await expectReconciled(t, staff, [family.id]);
  });

  it('cancelling after a correction and a payment credits only what was not credited yet', async () => {
    const c = await billedCatalogue(t, staff);
    const { family } = await payer(t);
    const invoice = await invoiceOf(t, staff, c, family, 3); // 1 200
    await creditNote(invoice.id, { amountCents: 200, reason: 'Correction' });
    await pay(t, staff, { familyId: family.id, amountCents: 300 });
    const res = (await cancel(invoice.id)).json();
    expect(res.creditNote).toMatchObject({ number: `AV-${c.office.code}-${year}-000002`, amountCents: 1000, allocatedCents: 700, creditCents: 300 });
    expect(await invoiceState(t, invoice.id)).toEqual({ totalCents: 1200, settledCents: 1200, cancelled: true });
    expect(await balanceOf(t, staff, family.id)).toMatchObject({ balanceCents: -300, creditCents: 300 });
    await expectReconciled(t, staff, [family.id]);

    // an invoice credited in full has nothing left to cancel
    const other = await invoiceOf(t, staff, c, family, 1); // 400, paid by the 300 of credit and…
    await creditNote(other.id, { amountCents: 400, reason: 'Offert' });
    expect((await cancel(other.id)).json()).toMatchObject({ code: 'billing.invoice-fully-credited' });
    await expectReconciled(t, staff, [family.id]);
  });

  it('numbers credit notes without gaps when staff issue them at once', async () => {
    const c = await billedCatalogue(t, staff);
    const { family } = await payer(t);
    const invoices = [];
    for (let i = 0; i < 5; i++) invoices.push(await invoiceOf(t, staff, c, family, 2));
    const [cancelled, ...corrected] = invoices;
    const answers = await Promise.all([
      ...corrected.map((i) => creditNote(i.id, { amountCents: 100, reason: 'Remise' })),
      cancel(cancelled.id),
      ...corrected.map((i) => creditNote(i.id, { amountCents: 50, reason: 'Remise' })),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 201, 201, 201, 201, 201, 201, 201, 201]);
    const seqs = await t.dataSource.query(`SELECT seq FROM billing.credit_note WHERE office_id = $1 ORDER BY seq`, [c.office.id]);
    expect(seqs.map((s: { seq: number }) => s.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await expectReconciled(t, staff, [family.id]);
  });

  it('staff refund a family credit, at most what is left of it; the balance goes back up by it', async () => {
    const c = await billedCatalogue(t, staff);
    const { family } = await payer(t);
    const invoice = await invoiceOf(t, staff, c, family, 2); // 800
    await pay(t, staff, { familyId: family.id, amountCents: 800 });
    const note = (await cancel(invoice.id, 'Service non rendu')).json().creditNote;
    expect(note).toMatchObject({ creditCents: 800 });
    const refund = (body: Record<string, unknown>) =>
      t.inject({ method: 'POST', url: '/api/staff/billing/refunds', headers: staff, payload: { method: 'transfer', refundedOn: today(), reason: 'Remboursement du service non rendu', ...body } });

    expect((await refund({ creditNoteId: note.id, amountCents: 801 })).json()).toMatchObject({ code: 'billing.refund-too-large', errors: [{ field: 'amountCents' }] });
    expect((await refund({ amountCents: 100 })).json()).toMatchObject({ errors: [{ field: 'paymentId' }] });
    expect((await refund({ creditNoteId: note.id, paymentId: note.id, amountCents: 100 })).statusCode).toBe(400);
    expect((await refund({ creditNoteId: note.id, amountCents: 100, refundedOn: '2000-01-01' })).json()).toMatchObject({ errors: [{ field: 'refundedOn' }] });
    expect((await refund({ creditNoteId: '00000000-0000-4000-8000-000000000000', amountCents: 100 })).statusCode).toBe(404);
    const ok = await refund({ creditNoteId: note.id, amountCents: 500, reference: 'VIR-R-1' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ familyId: family.id, creditNoteId: note.id, paymentId: null, amountCents: 500, method: 'transfer', methodLabel: 'Virement', reference: 'VIR-R-1' });
    const balance = await balanceOf(t, staff, family.id);
    expect(balance).toMatchObject({ refundedCents: 500, balanceCents: -300, creditCents: 300 });
    expect(balance.movements.at(-1)).toMatchObject({ kind: 'refund', label: 'Remboursement : Virement', signedCents: 500, balanceCents: -300 });
    await expectReconciled(t, staff, [family.id]);
  });
});
