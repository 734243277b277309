import { billedCatalogue, expectReconciled, invoiceOf, invoiceState, payer } from '../factories/money.factory';
import { Headers, staffHeaders } from '../factories/reservations.factory';
import { bearer, newSession } from '../factories/identity.factory';
import { eventually } from '../support/test-app';
import { age, billingPaymentsOf, browserReturn, checksOf, choose, notify, payOnline, PaymentsHarness, paymentsHarness, started, startPayment, stateOf, untilState } from './payments.support';

/**
 * Notifications twice, late, never; "no result yet" for a while; forged notifications; an answer
 * that does not match ours; a replayed return; another family's ids; the platform failing at
 * creation; staff's reconciliation. Money moves once, and only for a verified result.
 */
describe('online payment: hostile and unreliable traffic, reconciliation', () => {
  let h: PaymentsHarness;
  let staff: Headers;

  beforeAll(async () => {
    h = await paymentsHarness();
    staff = await staffHeaders(h.t);
  });
  afterAll(() => h?.close());
  afterEach(() => h.control.reset());

  async function setup(days = 5) {
    const c = await billedCatalogue(h.t, staff);
    await payOnline(h.t, staff, c.office.id);
    const p = await payer(h.t);
    const invoice = await invoiceOf(h.t, staff, c, p.family, days);
    return { c, ...p, invoice };
  }
  const whole = (invoice: { id: string; totalCents: number }) => ({ invoices: [{ invoiceId: invoice.id, amountCents: invoice.totalCents }] });

  it('a notification sent twice, and a replayed return, move the money once', async () => {
    const { family, guardian, invoice } = await setup();
    await h.control.configure({ notifyCount: 2 });
    const p = await started(h.t, guardian, whole(invoice));
    await choose(h.control, p.idOp, 'P');
    await untilState(h.t, p.id, 'validated');
    await eventually(async () => (await h.control.operation(p.idOp)).notifications.length === 2);
    for (let i = 0; i < 3; i++) expect((await browserReturn(h.t, p.idOp)).headers.location).toBe(`${h.t.url}/paiements/${p.id}`);
    expect((await h.t.inject({ method: 'GET', url: `/api/payments/payfip/return?idOp=${p.idOp}` })).statusCode).toBe(303);
    await eventually(async () => (await invoiceState(h.t, invoice.id)).settledCents === invoice.totalCents);
    await new Promise((r) => setTimeout(r, 300));
    expect(await billingPaymentsOf(h.t, p.id)).toEqual([{ amountCents: invoice.totalCents }]);
    expect((await checksOf(h.t, p.id)).filter((c) => c.via === 'return').every((c) => c.answer === 'not-asked: already ended')).toBe(true);
    expect(await h.t.dataSource.query(`SELECT count(*)::int AS n FROM platform.outbox_event WHERE type = 'payments.payment.validated.v1' AND aggregate_id = $1`, [p.id])).toEqual([{ n: 1 }]);
    await expectReconciled(h.t, staff, [family.id]);
  });

  it('a notification never sent: the poll converges; a late one changes nothing', async () => {
    const { guardian, invoice } = await setup();
    await h.control.configure({ notifyCount: 0 });
    const p = await started(h.t, guardian, whole(invoice));
    await choose(h.control, p.idOp, 'P');
    await new Promise((r) => setTimeout(r, 300));
    expect((await stateOf(h.t, p.id)).state).toBe('pending');
    // the poll looks at transactions started more than a minute ago
    await age(h.t, p.id, 2);
    await untilState(h.t, p.id, 'validated');
    expect((await checksOf(h.t, p.id)).find((c) => c.stateAfter === 'validated')).toMatchObject({ via: 'poll', answer: 'P' });
    // late: it comes now
    const late = await h.control.notify(p.idOp);
    expect(late.status).toBe(200);
    await eventually(async () => (await checksOf(h.t, p.id)).some((c) => c.via === 'notification'));
    await eventually(async () => (await billingPaymentsOf(h.t, p.id)).length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await billingPaymentsOf(h.t, p.id)).toHaveLength(1);
  });

  it('a late notification after the browser return: the return applied it, the notification is a no-op', async () => {
    const { guardian, invoice } = await setup();
    await h.control.configure({ notifyDelayMs: 800 });
    const p = await started(h.t, guardian, whole(invoice));
    await choose(h.control, p.idOp, 'P');
    await browserReturn(h.t, p.idOp);
    expect((await stateOf(h.t, p.id)).state).toBe('validated');
    await eventually(async () => (await checksOf(h.t, p.id)).some((c) => c.via === 'notification'));
    expect((await checksOf(h.t, p.id)).find((c) => c.via === 'notification')).toMatchObject({ answer: 'not-asked: already ended', stateAfter: 'validated' });
    await eventually(async () => (await billingPaymentsOf(h.t, p.id)).length === 1);
  });

  it('"no result yet" (P5) for a while keeps it pending; then the result arrives', async () => {
    const { guardian, invoice } = await setup();
    await h.control.configure({ notifyCount: 0, pendingForMs: 1500 });
    const p = await started(h.t, guardian, whole(invoice));
    await choose(h.control, p.idOp, 'P');
    await browserReturn(h.t, p.idOp);
    expect(await stateOf(h.t, p.id)).toMatchObject({ state: 'pending', provisional: 'P5' });
    expect((await h.t.inject({ method: 'GET', url: `/api/payments/${p.id}`, headers: guardian })).json()).toMatchObject({ state: 'pending', provisionalLabel: 'Le paiement est en cours sur la plateforme de paiement.' });
    await age(h.t, p.id, 2);
    await untilState(h.t, p.id, 'validated');
  });

  it('P5 after the window means expired: the invoice is free again, nothing paid', async () => {
    const { guardian, invoice } = await setup();
    const p = await started(h.t, guardian, whole(invoice));
    await age(h.t, p.id, 21);
    await untilState(h.t, p.id, 'expired');
    expect(await billingPaymentsOf(h.t, p.id)).toEqual([]);
    expect((await startPayment(h.t, guardian, whole(invoice))).statusCode).toBe(201);
  });

  it('forged notifications: an unknown idOp, garbage, an idOp of a pending unpaid operation — answered 200, nothing moves', async () => {
    const { guardian, invoice } = await setup();
    const p = await started(h.t, guardian, whole(invoice));
    for (const body of ['idOp=doesnotexist123', 'idOp=%00%27%3B--', 'foo=bar', '', `idOp=${p.idOp}`, `idop=${p.idOp}`]) {
      const res = await notify(h.t, body);
      expect(res.statusCode).toBe(200);
    }
    const json = await h.t.inject({ method: 'POST', url: '/api/payments/payfip/notification', payload: { idOp: p.idOp, resultrans: 'P', montant: '1' } });
    expect(json.statusCode).toBe(200);
    await eventually(async () => (await checksOf(h.t, p.id)).filter((c) => c.via === 'notification').length >= 3);
    expect(await stateOf(h.t, p.id)).toMatchObject({ state: 'pending', provisional: 'P5' });
    // a return naming an unknown operation goes to the list, changes nothing
    const back = await h.t.inject({ method: 'GET', url: '/api/payments/payfip/return?idOp=forged1&resultrans=P' });
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(`${h.t.url}/paiements`);
    expect(await billingPaymentsOf(h.t, p.id)).toEqual([]);
    // form bodies are refused elsewhere
    expect((await h.t.inject({ method: 'POST', url: '/api/payments', headers: { ...guardian, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'registrationId=x' })).statusCode).toBe(415);
  });

  it('an answer whose amount or reference differs from ours moves no money and is flagged for staff', async () => {
    const { guardian, invoice, family } = await setup();
    await h.control.configure({ detailsOverride: { montant: '1' } });
    const p = await started(h.t, guardian, whole(invoice));
    await choose(h.control, p.idOp, 'P');
    await untilState(h.t, p.id, 'error');
    expect(await stateOf(h.t, p.id)).toMatchObject({ mismatch: true, errorReason: expect.stringContaining(`montant 1 au lieu de ${invoice.totalCents}`) });
    await h.control.configure({ detailsOverride: { refdet: 'FORGED0001' } });
    const invoice2 = await invoiceOf(h.t, staff, (await billedCatalogueWithOnline()), family, 1);
    const q = await started(h.t, guardian, whole(invoice2));
    await choose(h.control, q.idOp, 'P');
    await untilState(h.t, q.id, 'error');
    expect((await stateOf(h.t, q.id)).errorReason).toContain('refdet "FORGED0001"');
    await new Promise((r) => setTimeout(r, 300));
    expect(await billingPaymentsOf(h.t, p.id)).toEqual([]);
    expect(await billingPaymentsOf(h.t, q.id)).toEqual([]);
    expect((await h.t.inject({ method: 'GET', url: `/api/payments/${p.id}`, headers: guardian })).json()).toMatchObject({ state: 'error', ticket: null });
    const flagged = (await h.t.inject({ method: 'GET', url: `/api/staff/payments/transactions?mismatch=true&familyId=${family.id}`, headers: staff })).json();
    expect(flagged.items.map((i: { id: string }) => i.id).sort()).toEqual([p.id, q.id].sort());
    await expectReconciled(h.t, staff, [family.id]);
  });

  async function billedCatalogueWithOnline() {
    const c = await billedCatalogue(h.t, staff);
    await payOnline(h.t, staff, c.office.id);
    return c;
  }

  it("another family's invoice or payment: 404, without telling which exists", async () => {
    const { guardian, invoice } = await setup();
    const b = await payer(h.t);
    const res = await startPayment(h.t, b.guardian, whole(invoice));
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe('Facture introuvable.');
    expect((await startPayment(h.t, b.guardian, { invoices: [{ invoiceId: '00000000-0000-4000-8000-000000000000', amountCents: 100 }] })).json().detail).toBe('Facture introuvable.');
    const p = await started(h.t, guardian, whole(invoice));
    for (const [method, url] of [['GET', `/api/payments/${p.id}`], ['POST', `/api/payments/${p.id}/check`]] as const) {
      const r = await h.t.inject({ method, url, headers: b.guardian });
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain(invoice.number);
    }
    expect((await h.t.inject({ method: 'GET', url: '/api/payments', headers: b.guardian })).json()).toEqual([]);
  });

  it('refuses without a confirmed e-mail address, and for an office not set up for PayFiP', async () => {
    const { family, guardian, invoice } = await setup();
    await h.t.dataSource.query(`UPDATE identity.account SET email_confirmed_at = NULL WHERE family_id = $1`, [family.id]);
    const res = await startPayment(h.t, guardian, whole(invoice));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'payments.email-required', detail: expect.stringContaining('adresse électronique') });
    expect((await h.t.inject({ method: 'POST', url: '/api/payments/preview', headers: guardian, payload: whole(invoice) })).json()).toMatchObject({ emailConfirmed: false });

    const c = await billedCatalogue(h.t, staff);
    const p = await payer(h.t);
    const inv = await invoiceOf(h.t, staff, c, p.family, 1);
    const notOffered = await startPayment(h.t, p.guardian, whole(inv));
    expect(notOffered.statusCode).toBe(422);
    expect(notOffered.json().detail).toBe('Le paiement en ligne n’est pas proposé pour cette facture.');
    expect((await h.t.inject({ method: 'GET', url: `/api/staff/payments/offices/${c.office.id}`, headers: staff })).json()).toMatchObject({ numcli: null, onlinePayment: false, paymentLockMinutes: 30 });
    const bad = await h.t.inject({ method: 'PUT', url: `/api/staff/payments/offices/${c.office.id}`, headers: staff, payload: { numcli: '12345', mode: 'Q' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['mode', 'numcli']);
    expect((await h.t.inject({ method: 'PUT', url: '/api/staff/payments/offices/00000000-0000-4000-8000-000000000000', headers: staff, payload: { numcli: '123456', mode: 'T' } })).statusCode).toBe(404);
  });

  it('the platform failing at creation: 503, the attempt ends in error and frees the invoice', async () => {
    const { guardian, invoice } = await setup();
    await h.control.configure({ techErrorCalls: 1 });
    const res = await startPayment(h.t, guardian, whole(invoice));
    expect(res.statusCode).toBe(503);
    const [row] = await h.t.dataSource.query(`SELECT id, state, error_reason AS "errorReason" FROM payments.transaction t WHERE EXISTS (SELECT 1 FROM payments.transaction_invoice i WHERE i.transaction_id = t.id AND i.invoice_id = $1)`, [invoice.id]);
    expect(row.state).toBe('error');
    expect((await startPayment(h.t, guardian, whole(invoice))).statusCode).toBe(201);
  });

  it('staff: transactions by state and day, stale pending ones, daily totals, a re-check recorded with the staff account', async () => {
    const { c, family, guardian, invoice } = await setup(5);
    const paid = await started(h.t, guardian, whole(invoice));
    await choose(h.control, paid.idOp, 'P');
    await untilState(h.t, paid.id, 'validated');
    const other = await invoiceOf(h.t, staff, c, family, 2);
    const stale = await started(h.t, guardian, whole(other));
    await h.control.configure({ http503Calls: 1000 });
    await age(h.t, stale.id, 45);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    const validated = (await h.t.inject({ method: 'GET', url: `/api/staff/payments/transactions?state=validated&officeId=${c.office.id}&from=${today}&to=${today}`, headers: staff })).json();
    expect(validated).toMatchObject({ count: 1, items: [{ id: paid.id, state: 'validated', reference: expect.any(String), operationId: paid.idOp, resultCode: 'P', mismatch: false }] });
    const staleList = (await h.t.inject({ method: 'GET', url: `/api/staff/payments/transactions?stale=true&familyId=${family.id}`, headers: staff })).json();
    expect(staleList.items.map((i: { id: string }) => i.id)).toEqual([stale.id]);
    const totals = (await h.t.inject({ method: 'GET', url: `/api/staff/payments/daily-totals?officeId=${c.office.id}&from=${today}&to=${today}`, headers: staff })).json();
    expect(totals).toMatchObject({ days: [{ day: today, officeId: c.office.id, count: 1, amountCents: invoice.totalCents }], totalCents: invoice.totalCents });

    // the platform down: the re-check is recorded, nothing changes
    const staffAccount = await newSession(h.t.dataSource, 'staff');
    const down = await h.t.inject({ method: 'POST', url: `/api/staff/payments/transactions/${stale.id}/check`, headers: bearer(staffAccount.token) });
    expect(down.statusCode).toBe(200);
    expect(down.json().checks.at(-1)).toMatchObject({ via: 'staff', accountId: staffAccount.accountId, answer: 'unavailable', stateAfter: 'pending' });
    await h.control.configure({ http503Calls: 0 });
    const up = (await h.t.inject({ method: 'POST', url: `/api/staff/payments/transactions/${stale.id}/check`, headers: bearer(staffAccount.token) })).json();
    expect(up).toMatchObject({ state: 'expired' });
    expect(up.checks.at(-1)).toMatchObject({ via: 'staff', accountId: staffAccount.accountId, answer: 'P5', stateAfter: 'expired' });
    await expectReconciled(h.t, staff, [family.id]);
  });
});
