import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';

/**
 * A payment belongs to the office it was recorded for; one recorded without an office (an online
 * payment of the payments module, say) to the office of the invoices it settles.
 */
const PAYMENT_OFFICE = `coalesce(p.office_id, (SELECT i.office_id FROM billing.allocation a JOIN billing.invoice i ON i.id = a.invoice_id
                                               WHERE a.payment_id = p.id ORDER BY a.created_at, a.id LIMIT 1))`;
/** The calendar day (Paris) of a timestamp. */
const DAY = (column: string) => `(${column} AT TIME ZONE 'Europe/Paris')::date`;

export interface InvoiceExportRow {
  number: string;
  familyId: string;
  label: string;
  issuedOn: string;
  dueOn: string;
  periodFrom: string;
  periodTo: string;
  totalCents: number;
  settledCents: number;
  cancelledOn: string | null;
}

export interface PaymentExportRow {
  receivedOn: string;
  familyId: string;
  method: string;
  reference: string | null;
  amountCents: number;
  allocatedCents: number;
  invoiceNumbers: string[];
}

export interface CreditNoteExportRow {
  number: string;
  createdOn: string;
  invoiceNumber: string;
  familyId: string;
  amountCents: number;
  cancels: boolean;
  reason: string;
}

export interface UnpaidExportRow {
  number: string;
  familyId: string;
  label: string;
  issuedOn: string;
  dueOn: string;
  totalCents: number;
  settledCents: number;
  reminders: number;
  lastReminderOn: string | null;
}

export interface Reconciliation {
  invoicesCents: number;
  creditNotesCents: number;
  paymentsCents: number;
  refundsCents: number;
  openingBalancesCents: number;
  closingBalancesCents: number;
  families: number;
  settledMismatches: number;
  overAllocated: number;
}

/**
 * A family's balance on a day, from the office's rows dated up to it: what its invoices still owe
 * (total − what was allocated to them) minus what its payments and credit notes still hold
 * unallocated and not refunded (their family credit). `$1` is the office, `day` the SQL of the day.
 */
function balancesOn(day: string): string {
  return `
    SELECT family_id, sum(amount)::bigint AS balance FROM (
      SELECT i.family_id, i.total_cents - coalesce((SELECT sum(a.amount_cents) FROM billing.allocation a
                                                   WHERE a.invoice_id = i.id AND ${DAY('a.created_at')} <= ${day}), 0) AS amount
      FROM billing.invoice i WHERE i.office_id = $1 AND i.issued_on <= ${day}
      UNION ALL
      SELECT p.family_id, -(p.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM billing.allocation a
                                                      WHERE a.payment_id = p.id AND ${DAY('a.created_at')} <= ${day}), 0)
                              - coalesce((SELECT sum(r.amount_cents) FROM billing.refund r WHERE r.payment_id = p.id AND r.refunded_on <= ${day}), 0))
      FROM billing.payment p WHERE p.received_on <= ${day} AND ${PAYMENT_OFFICE} = $1
      UNION ALL
      SELECT c.family_id, -(c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM billing.allocation a
                                                      WHERE a.credit_note_id = c.id AND ${DAY('a.created_at')} <= ${day}), 0)
                              - coalesce((SELECT sum(r.amount_cents) FROM billing.refund r WHERE r.credit_note_id = c.id AND r.refunded_on <= ${day}), 0))
      FROM billing.credit_note c WHERE c.office_id = $1 AND ${DAY('c.created_at')} <= ${day}
    ) movements GROUP BY family_id`;
}

/** The accounting exports of an office over a period, and their reconciliation. Read-only. */
@Injectable()
export class ExportsRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** Invoices issued in the period, in number order. */
  async invoices(officeId: string, from: string, to: string): Promise<InvoiceExportRow[]> {
    return this.txHost.tx.query(
      `SELECT number, family_id AS "familyId", label, to_char(issued_on, 'YYYY-MM-DD') AS "issuedOn", to_char(due_on, 'YYYY-MM-DD') AS "dueOn",
              to_char(period_from, 'YYYY-MM-DD') AS "periodFrom", to_char(period_to, 'YYYY-MM-DD') AS "periodTo",
              total_cents AS "totalCents", settled_cents AS "settledCents", to_char(${DAY('cancelled_at')}, 'YYYY-MM-DD') AS "cancelledOn"
       FROM billing.invoice WHERE office_id = $1 AND issued_on BETWEEN $2 AND $3 ORDER BY year, seq`,
      [officeId, from, to],
    );
  }

  /** Payments received in the period, with what was allocated of each and to which invoices. */
  async payments(officeId: string, from: string, to: string): Promise<PaymentExportRow[]> {
    return this.txHost.tx.query(
      `SELECT to_char(p.received_on, 'YYYY-MM-DD') AS "receivedOn", p.family_id AS "familyId", p.method, p.reference, p.amount_cents AS "amountCents",
              coalesce((SELECT sum(a.amount_cents) FROM billing.allocation a WHERE a.payment_id = p.id), 0)::int AS "allocatedCents",
              array(SELECT i.number FROM billing.allocation a JOIN billing.invoice i ON i.id = a.invoice_id WHERE a.payment_id = p.id ORDER BY i.number) AS "invoiceNumbers"
       FROM billing.payment p
       WHERE p.received_on BETWEEN $2 AND $3 AND ${PAYMENT_OFFICE} = $1
       ORDER BY p.received_on, p.created_at, p.id`,
      [officeId, from, to],
    );
  }

  /** Credit notes made in the period (day in Paris), in number order. */
  async creditNotes(officeId: string, from: string, to: string): Promise<CreditNoteExportRow[]> {
    return this.txHost.tx.query(
      `SELECT c.number, to_char(${DAY('c.created_at')}, 'YYYY-MM-DD') AS "createdOn", i.number AS "invoiceNumber", c.family_id AS "familyId",
              c.amount_cents AS "amountCents", c.cancels, c.reason
       FROM billing.credit_note c JOIN billing.invoice i ON i.id = c.invoice_id
       WHERE c.office_id = $1 AND ${DAY('c.created_at')} BETWEEN $2 AND $3 ORDER BY c.year, c.seq`,
      [officeId, from, to],
    );
  }

  /** Invoices issued in the period that still owe something today, oldest due first. */
  async unpaid(officeId: string, from: string, to: string): Promise<UnpaidExportRow[]> {
    return this.txHost.tx.query(
      `SELECT i.number, i.family_id AS "familyId", i.label, to_char(i.issued_on, 'YYYY-MM-DD') AS "issuedOn", to_char(i.due_on, 'YYYY-MM-DD') AS "dueOn",
              i.total_cents AS "totalCents", i.settled_cents AS "settledCents",
              (SELECT count(*)::int FROM billing.reminder r WHERE r.invoice_id = i.id) AS reminders,
              (SELECT to_char(${DAY('max(r.sent_at)')}, 'YYYY-MM-DD') FROM billing.reminder r WHERE r.invoice_id = i.id) AS "lastReminderOn"
       FROM billing.invoice i
       WHERE i.office_id = $1 AND i.issued_on BETWEEN $2 AND $3 AND i.cancelled_at IS NULL AND i.settled_cents < i.total_cents
       ORDER BY i.due_on, i.year, i.seq`,
      [officeId, from, to],
    );
  }

  /**
   * The period's sums (invoices, credit notes, payments) and the sum of the families' balances the
   * day before and on its last day, computed the other way: from what the invoices still owe and
   * what payments and credit notes hold unallocated. Also counts what would break the equality:
   * invoices whose `settled_cents` is not the sum of their allocations, payments or credit notes
   * allocated beyond their amount.
   */
  async reconciliation(officeId: string, from: string, to: string): Promise<Reconciliation> {
    const [row] = await this.txHost.tx.query(
      `SELECT
         (SELECT coalesce(sum(total_cents), 0) FROM billing.invoice WHERE office_id = $1 AND issued_on BETWEEN $2 AND $3)::bigint AS "invoicesCents",
         (SELECT coalesce(sum(amount_cents), 0) FROM billing.credit_note WHERE office_id = $1 AND ${DAY('created_at')} BETWEEN $2 AND $3)::bigint AS "creditNotesCents",
         (SELECT coalesce(sum(p.amount_cents), 0) FROM billing.payment p WHERE p.received_on BETWEEN $2 AND $3 AND ${PAYMENT_OFFICE} = $1)::bigint AS "paymentsCents",
         (SELECT coalesce(sum(r.amount_cents), 0) FROM billing.refund r
            LEFT JOIN billing.payment p ON p.id = r.payment_id LEFT JOIN billing.credit_note c ON c.id = r.credit_note_id
          WHERE r.refunded_on BETWEEN $2 AND $3 AND coalesce(c.office_id, ${PAYMENT_OFFICE}) = $1)::bigint AS "refundsCents",
         (SELECT coalesce(sum(balance), 0) FROM (${balancesOn('($2::date - 1)')}) b)::bigint AS "openingBalancesCents",
         (SELECT coalesce(sum(balance), 0) FROM (${balancesOn('$3::date')}) b)::bigint AS "closingBalancesCents",
         (SELECT count(*) FROM (${balancesOn('$3::date')}) b WHERE balance <> 0)::int AS families,
         (SELECT count(*) FROM billing.invoice i WHERE i.office_id = $1
            AND i.settled_cents <> coalesce((SELECT sum(a.amount_cents) FROM billing.allocation a WHERE a.invoice_id = i.id), 0))::int AS "settledMismatches",
         ((SELECT count(*) FROM billing.payment p WHERE ${PAYMENT_OFFICE} = $1
             AND p.amount_cents < (SELECT coalesce(sum(a.amount_cents), 0) FROM billing.allocation a WHERE a.payment_id = p.id)
                                + (SELECT coalesce(sum(r.amount_cents), 0) FROM billing.refund r WHERE r.payment_id = p.id))
          + (SELECT count(*) FROM billing.credit_note c WHERE c.office_id = $1
             AND c.amount_cents < (SELECT coalesce(sum(a.amount_cents), 0) FROM billing.allocation a WHERE a.credit_note_id = c.id)
                                + (SELECT coalesce(sum(r.amount_cents), 0) FROM billing.refund r WHERE r.credit_note_id = c.id)))::int AS "overAllocated"`,
      [officeId, from, to],
    );
    const n = (v: string | number) => Number(v);
    return {
      invoicesCents: n(row.invoicesCents),
      creditNotesCents: n(row.creditNotesCents),
      paymentsCents: n(row.paymentsCents),
      refundsCents: n(row.refundsCents),
      openingBalancesCents: n(row.openingBalancesCents),
      closingBalancesCents: n(row.closingBalancesCents),
      families: row.families,
      settledMismatches: row.settledMismatches,
      overAllocated: row.overAllocated,
    };
  }
}
