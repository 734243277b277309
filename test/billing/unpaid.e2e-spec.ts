import { InvoiceReminders } from '../../src/modules/billing/application/invoice-reminders';
import { euros } from '../../src/modules/billing/domain/money';
import { todayInParis } from '../../src/platform/dates';
import { addDays, Headers, staffHeaders } from '../factories/reservations.factory';
import { mailsTo, pause } from '../notifications/notifications.support';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { invoicedFamilies, recordPayment } from './follow-up.support';

/**
 * Unpaid follow-up: staff's list of an office's open invoices (remaining due, days overdue,
 * reminders), the reminders raised by the worker once per rank after the office's delays (15 and 45
 * days past the due date by default), and the e-mails they and a new invoice become, through the real
 * outbox, queue, handler, sender and local SMTP sink. Invoices are made overdue by moving `due_on`.
 */
describe('unpaid invoices and reminders', () => {
  let t: TestApp;
  let staff: Headers;
  const today = todayInParis();

  beforeAll(async () => {
    t = await startTestApp({ role: 'all', env: { BILLING_REMINDER_INTERVAL_MS: '50' } });
    staff = await staffHeaders(t);
  });
  afterAll(() => t?.close());

  const unpaid = async (officeId: string, overdueOnly?: boolean) => {
    const res = await t.inject({ method: 'GET', url: `/api/staff/billing/unpaid?officeId=${officeId}${overdueOnly === undefined ? '' : `&overdueOnly=${overdueOnly}`}`, headers: staff });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const overdueBy = (invoiceId: string, days: number) => t.dataSource.query(`UPDATE billing.invoice SET due_on = $2 WHERE id = $1`, [invoiceId, addDays(today, -days)]);
  const reminders = async (invoiceId: string): Promise<number[]> =>
    (await t.dataSource.query(`SELECT rank FROM billing.reminder WHERE invoice_id = $1 ORDER BY rank`, [invoiceId])).map((r: { rank: number }) => r.rank);
  const reminderEvents = async (invoiceId: string): Promise<number[]> =>
    (await t.dataSource.query(`SELECT (payload->>'rank')::int AS rank FROM platform.outbox_event WHERE type = 'billing.invoice.reminder-due.v1' AND aggregate_id = $1 ORDER BY 1`, [invoiceId])).map(
      (r: { rank: number }) => r.rank,
    );
  const reminderMails = async (email: string) => (await mailsTo(t, email)).filter((m) => /rappel/i.test(m.subject));

  it('mails each new invoice to the guardians with an account', async () => {
    const { invoiced } = await invoicedFamilies(t, staff, [[3]]);
    const [a] = invoiced;
    const [withAccount, withoutAccount] = a.family.guardians;
    const mail = (await eventually(async () => (await mailsTo(t, withAccount.email))[0]))!;
    expect(mail.subject).toBe(`Nouvelle facture ${a.number}`);
    expect(mail.text_body).toContain('Bonjour Marie Dupont,');
    expect(mail.text_body).toContain(`n° ${a.number}, d’un montant de ${euros(1200)}`);
    expect(mail.text_body).toContain(`${t.config.publicUrl}/factures/${a.invoiceId}`);
    expect(mail.html_body).toContain(`href="${t.config.publicUrl}/factures/${a.invoiceId}"`);
    await pause(200);
    expect(await mailsTo(t, withAccount.email)).toHaveLength(1);
    expect(await mailsTo(t, withoutAccount.email)).toEqual([]);
  });

  it('lists the open invoices of an office with what remains due, how late they are and the reminders sent', async () => {
    const { office, invoiced } = await invoicedFamilies(t, staff, [[3], [2], [1]]);
    const [a, b, c] = invoiced;
    await recordPayment(t, { familyId: b.family.id, officeId: office.id, amountCents: 300, receivedOn: today, allocations: [{ invoiceId: b.invoiceId, amountCents: 300 }] });
    await recordPayment(t, { familyId: c.family.id, officeId: office.id, amountCents: 400, receivedOn: today, allocations: [{ invoiceId: c.invoiceId, amountCents: 400 }] });
    await overdueBy(a.invoiceId, 3);

    const all = await unpaid(office.id);
    expect(all).toMatchObject({ officeId: office.id, today, count: 2, remainingCents: 1200 + 500 });
    expect(all.invoices).toEqual([
      expect.objectContaining({ invoiceId: a.invoiceId, number: a.number, familyId: a.family.id, familyName: 'Marie Dupont et Karim Dupont', familyReference: a.family.reference, totalCents: 1200, paidCents: 0, remainingCents: 1200, daysOverdue: 3, reminders: [] }),
      expect.objectContaining({ invoiceId: b.invoiceId, totalCents: 800, paidCents: 300, remainingCents: 500, daysOverdue: 0, reminders: [] }),
    ]);
    const overdue = await unpaid(office.id, true);
    expect(overdue).toMatchObject({ count: 1, remainingCents: 1200 });
    expect(overdue.invoices.map((i: { invoiceId: string }) => i.invoiceId)).toEqual([a.invoiceId]);

    expect((await t.inject({ method: 'GET', url: `/api/staff/billing/unpaid?officeId=${office.id}&overdueOnly=peut-être`, headers: staff })).json()).toMatchObject({
      errors: [expect.objectContaining({ field: 'overdueOnly' })],
    });
    expect((await t.inject({ method: 'GET', url: '/api/staff/billing/unpaid', headers: staff })).statusCode).toBe(400);
    expect((await t.inject({ method: 'GET', url: '/api/staff/billing/unpaid?officeId=00000000-0000-4000-8000-000000000000', headers: staff })).statusCode).toBe(404);
  });

  it('reminds 15 days after the due date, then 45 days after, once each, by e-mail to the guardians with an account', async () => {
    const { office, invoiced } = await invoicedFamilies(t, staff, [[3], [2]]);
    const [a, b] = invoiced;
    const email = a.family.guardians[0].email;
    await eventually(async () => (await mailsTo(t, email)).length === 1); // « Nouvelle facture »

    // 14 days late: not yet
    await overdueBy(a.invoiceId, 14);
    await pause(300);
    expect(await reminders(a.invoiceId)).toEqual([]);

    // 15 days: the first reminder, once
    await overdueBy(a.invoiceId, 15);
    await eventually(async () => (await reminders(a.invoiceId)).length === 1);
    const first = (await eventually(async () => (await reminderMails(email))[0]))!;
    expect(first.subject).toBe(`Rappel : facture ${a.number} à régler`);
    expect(first.text_body).toContain('Bonjour Marie Dupont,');
    expect(first.text_body).toContain(`la facture n° ${a.number}`);
    expect(first.text_body).toContain(`il reste ${euros(1200)} à payer`);
    expect(first.text_body).toContain(`${t.config.publicUrl}/factures/${a.invoiceId}`);
    expect(first.text_body).not.toContain('comptable public');
    await pause(400);
    expect(await reminders(a.invoiceId)).toEqual([1]);
    expect(await reminderEvents(a.invoiceId)).toEqual([1]);
    expect(await reminderMails(email)).toHaveLength(1);
    expect(await reminderMails(a.family.guardians[1].email)).toEqual([]);
    expect(await reminders(b.invoiceId)).toEqual([]);
    expect((await unpaid(office.id, true)).invoices[0]).toMatchObject({ invoiceId: a.invoiceId, daysOverdue: 15, reminders: [{ rank: 1, sentAt: expect.any(String) }] });

    // 45 days: the second, with what remains due after a partial payment
    await recordPayment(t, { familyId: a.family.id, officeId: office.id, amountCents: 200, receivedOn: today, allocations: [{ invoiceId: a.invoiceId, amountCents: 200 }] });
    await overdueBy(a.invoiceId, 45);
    await eventually(async () => (await reminderMails(email)).length === 2);
    const second = (await reminderMails(email))[1];
    expect(second.subject).toBe(`Second rappel : facture ${a.number} à régler`);
    expect(second.text_body).toContain(`il reste ${euros(1000)} à payer`);
    expect(second.text_body).toContain('comptable public');
    await pause(400);
    expect(await reminders(a.invoiceId)).toEqual([1, 2]);
    expect(await reminderEvents(a.invoiceId)).toEqual([1, 2]);
    expect(await reminderMails(email)).toHaveLength(2);

    // much later: no third delay in the office, nothing more
    await overdueBy(a.invoiceId, 200);
    await pause(300);
    expect(await reminders(a.invoiceId)).toEqual([1, 2]);
  });

  it('reminds an invoice found late only of the latest rank, and never a paid or cancelled one', async () => {
    const { office, invoiced } = await invoicedFamilies(t, staff, [[1], [1], [1]]);
    const [late, paid, cancelled] = invoiced;
    await recordPayment(t, { familyId: paid.family.id, officeId: office.id, amountCents: 400, receivedOn: today, allocations: [{ invoiceId: paid.invoiceId, amountCents: 400 }] });
    await t.dataSource.query(`UPDATE billing.invoice SET cancelled_at = now(), cancel_reason = 'Erreur de facturation' WHERE id = $1`, [cancelled.invoiceId]);
    for (const i of invoiced) await overdueBy(i.invoiceId, 60);
    await eventually(async () => (await reminders(late.invoiceId)).length > 0);
    await pause(300);
    expect(await reminders(late.invoiceId)).toEqual([2]);
    expect(await reminders(paid.invoiceId)).toEqual([]);
    expect(await reminders(cancelled.invoiceId)).toEqual([]);
  });

  it('raises each reminder once when several workers look at the same time', async () => {
    const { invoiced } = await invoicedFamilies(t, staff, [[1], [1], [1], [1]]);
    const reminder = t.app.get(InvoiceReminders);
    // the day the app's own loop will not reach yet: 16 days after a due date set 1 day ago
    for (const i of invoiced) await overdueBy(i.invoiceId, 1);
    const raised = await Promise.all(Array.from({ length: 5 }, () => reminder.remindDue(addDays(today, 15))));
    expect(raised.reduce((s, n) => s + n, 0)).toBeGreaterThanOrEqual(invoiced.length);
    for (const i of invoiced) {
      expect(await reminders(i.invoiceId)).toEqual([1]);
      expect(await reminderEvents(i.invoiceId)).toEqual([1]);
    }
  });
});
