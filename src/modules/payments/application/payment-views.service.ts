import { Injectable } from '@nestjs/common';
import { todayInParis } from '../../../platform/dates';
import { InvoicesForPayment } from '../../billing';
import { PayfipMode } from '../domain/payment-provider';
import { PaymentsError } from '../domain/payments.errors';
import { parisTime, provisionalLabel, STATE_LABELS, TransactionState } from '../domain/transaction';
import { OfficeSettingsRepository } from '../infrastructure/office-settings.repository';
import { CheckLogRow, TransactionInvoiceRow, TransactionRepository, TransactionRow } from '../infrastructure/transaction.repository';

export interface PaymentTicket {
  /** TP-2026-000123 */
  number: string;
  paidAt: Date;
  amountCents: number;
  invoices: TransactionInvoiceRow[];
  registration: { registrationId: string; number: string } | null;
  authorizationNumber: string | null;
}

/** A payment as its family reads it (the outcome page, "Mes paiements"). */
export interface PaymentView {
  id: string;
  state: TransactionState;
  stateLabel: string;
  /** while pending: what the platform said so far, not final yet (a refusal or an abandonment inside the window) */
  provisional: string | null;
  provisionalLabel: string | null;
  amountCents: number;
  label: string;
  invoices: TransactionInvoiceRow[];
  registration: { registrationId: string; number: string } | null;
  startedAt: Date;
  endedAt: Date | null;
  /** while pending: its invoices cannot be paid again before then */
  lockedUntil: Date | null;
  /** validated: the payment ticket */
  ticket: PaymentTicket | null;
}

export interface StaffTransactionView extends PaymentView {
  reference: string;
  operationId: string | null;
  familyId: string;
  accountId: string;
  payerEmail: string;
  officeId: string;
  numcli: string;
  mode: PayfipMode;
  resultCode: string | null;
  authorizationNumber: string | null;
  transactionAt: Date | null;
  providerData: Record<string, string> | null;
  lastCheckedAt: Date | null;
  errorReason: string | null;
  mismatch: boolean;
}

export interface OfficeSettingsView {
  officeId: string;
  officeName: string;
  /** null: not set up, its invoices are not paid online */
  numcli: string | null;
  mode: PayfipMode | null;
  onlinePayment: boolean;
  paymentLockMinutes: number;
  updatedAt: Date | null;
}

@Injectable()
export class PaymentViewsService {
  constructor(
    private readonly transactions: TransactionRepository,
    private readonly settings: OfficeSettingsRepository,
    private readonly billing: InvoicesForPayment,
  ) {}

  /** One payment of the family (another family's or unknown: 404). */
  async forFamily(familyId: string, id: string): Promise<PaymentView> {
    const row = await this.transactions.ofFamily(familyId, id);
    if (!row) throw PaymentsError.notFound();
    return this.view(row, (await this.transactions.invoicesOf([row.id])).get(row.id)!);
  }

  /** "Mes paiements": the family's payments of the last 12 months, newest first. */
  async history(familyId: string, now = new Date()): Promise<PaymentView[]> {
    const since = new Date(now);
    since.setUTCFullYear(since.getUTCFullYear() - 1);
    const rows = await this.transactions.familyHistory(familyId, since);
    const invoices = await this.transactions.invoicesOf(rows.map((r) => r.id));
    return rows.map((r) => this.view(r, invoices.get(r.id)!));
  }

  async forStaff(id: string): Promise<StaffTransactionView & { checks: CheckLogRow[] }> {
    const row = await this.transactions.byId(id);
    if (!row) throw PaymentsError.notFound();
    return { ...this.staffView(row, (await this.transactions.invoicesOf([id])).get(id)!), checks: await this.transactions.checks(id) };
  }

  async search(f: Parameters<TransactionRepository['search']>[0]): Promise<{ count: number; items: StaffTransactionView[] }> {
    const { rows, count } = await this.transactions.search(f);
    const invoices = await this.transactions.invoicesOf(rows.map((r) => r.id));
    return { count, items: rows.map((r) => this.staffView(r, invoices.get(r.id)!)) };
  }

  /** Validated amounts per day and office (the day PayFiP recorded them, Paris), to match the treasury's remittance. */
  async dailyTotals(f: { officeId?: string; from?: string; to?: string }) {
    const to = f.to ?? todayInParis();
    const from = f.from ?? to.slice(0, 8) + '01';
    if (from > to) throw new PaymentsError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', [{ field: 'to', message: 'doit suivre le début' }]);
    const days = await this.transactions.dailyTotals({ officeId: f.officeId, from, to });
    return { from, to, days, totalCents: days.reduce((s, d) => s + d.amountCents, 0), count: days.reduce((s, d) => s + d.count, 0) };
  }

  async officeSettings(officeId: string): Promise<OfficeSettingsView> {
    const office = await this.billing.office(officeId);
    if (!office) throw new PaymentsError('not_found', 'office-not-found', 'Régie introuvable.');
    const s = await this.settings.get(officeId);
    return {
      officeId,
      officeName: office.name,
      numcli: s?.numcli ?? null,
      mode: s?.mode ?? null,
      onlinePayment: !!s && office.active,
      paymentLockMinutes: office.paymentLockMinutes,
      updatedAt: s?.updatedAt ?? null,
    };
  }

  /** Staff set an office's PayFiP customer number and mode (the office must exist in billing). */
  async putOfficeSettings(officeId: string, numcli: string, mode: PayfipMode, accountId: string): Promise<OfficeSettingsView> {
    if (!(await this.billing.office(officeId))) throw new PaymentsError('not_found', 'office-not-found', 'Régie introuvable.');
    await this.settings.put(officeId, numcli, mode, accountId);
    return this.officeSettings(officeId);
  }

  private view(r: TransactionRow, invoices: TransactionInvoiceRow[]): PaymentView {
    const registration = r.registrationId ? { registrationId: r.registrationId, number: r.registrationNumber ?? '' } : null;
    const pending = r.state === 'pending';
    const lockedUntil = pending ? new Date(r.lockedUntil) : null;
    const provisional = pending ? r.provisional : null;
    let provisionalText = provisionalLabel(provisional);
    if (provisionalText && lockedUntil && provisional !== 'P5') provisionalText += ` Vous pourrez payer à nouveau après ${parisTime(lockedUntil)}.`;
    return {
      id: r.id,
      state: r.state,
      stateLabel: STATE_LABELS[r.state],
      provisional,
      provisionalLabel: provisionalText,
      amountCents: r.amountCents,
      label: r.label,
      invoices,
      registration,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      lockedUntil,
      ticket:
        r.state === 'validated'
          ? { number: r.ticketNumber!, paidAt: r.transactionAt ?? r.endedAt!, amountCents: r.amountCents, invoices, registration, authorizationNumber: r.authorizationNumber }
          : null,
    };
  }

  private staffView(r: TransactionRow, invoices: TransactionInvoiceRow[]): StaffTransactionView {
    return {
      ...this.view(r, invoices),
      reference: r.reference,
      operationId: r.operationId,
      familyId: r.familyId,
      accountId: r.accountId,
      payerEmail: r.payerEmail,
      officeId: r.officeId,
      numcli: r.numcli,
      mode: r.mode,
      resultCode: r.resultCode,
      authorizationNumber: r.authorizationNumber,
      transactionAt: r.transactionAt,
      providerData: r.providerData,
      lastCheckedAt: r.lastCheckedAt,
      errorReason: r.errorReason,
      mismatch: r.mismatch,
    };
  }
}
