import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { MovementKind } from '../domain/balance';
import { CreditStatus, PaymentMethod, RefundMethod } from '../domain/payment';
import { CREDIT_NOTE_DATE, CREDIT_STATUS_SQL, NewPayment } from './ledger.repository';

export interface PaymentRow extends NewPayment {
  id: string;
  createdAt: Date;
  allocations: { invoiceId: string; number: string; label: string; amountCents: number }[];
  refundedCents: number;
  creditStatus: CreditStatus;
}

export interface MovementRow {
  kind: MovementKind;
  id: string;
  /** invoice or credit-note number, payment or refund reference */
  reference: string | null;
  /** invoice label, payment or refund method, credit-note reason */
  detail: string;
  date: string;
  amountCents: number;
  /** a credit note's invoice */
  invoiceNumber: string | null;
}

export interface OpenInvoiceAt {
  id: string;
  number: string;
  label: string;
  issuedOn: string;
  dueOn: string;
  totalCents: number;
  remainingCents: number;
}

export interface CreditAt {
  kind: 'payment' | 'credit-note';
  id: string;
  /** payment reference, credit-note number */
  reference: string | null;
  method: PaymentMethod | null;
  date: string;
  amountCents: number;
  unusedCents: number;
  status: CreditStatus;
}

export interface CreditNoteRow {
  id: string;
  number: string;
  officeId: string;
  familyId: string;
  invoiceId: string;
  invoiceNumber: string;
  amountCents: number;
  /** settled on its invoice */
  allocatedCents: number;
  /** not used (family credit): amount − allocated − refunded */
  unusedCents: number;
  reason: string;
  cancels: boolean;
  issuedOn: string;
  createdAt: Date;
}

export interface RefundDueRow {
  paymentId: string;
  familyId: string;
  officeId: string | null;
  sourcePaymentId: string | null;
  receivedOn: string;
  amountCents: number;
  unusedCents: number;
  registrations: { registrationId: string; reason: 'payment-too-late' | 'already-paid'; amountCents: number }[];
}

/** A refund as staff enter it: given back from a payment or a credit note. */
export interface NewRefund {
  paymentId: string | null;
  creditNoteId: string | null;
  amountCents: number;
  method: RefundMethod;
  reference: string | null;
  refundedOn: string;
  reason: string;
}

export interface RefundRow extends NewRefund {
  id: string;
  familyId: string;
  createdAt: Date;
}

const PAYMENT_COLUMNS = `p.id, p.family_id AS "familyId", p.office_id AS "officeId", p.amount_cents AS "amountCents", p.used_cents AS "usedCents", p.method, p.reference,
  to_char(p.received_on, 'YYYY-MM-DD') AS "receivedOn", p.source_payment_id AS "sourcePaymentId", p.created_at AS "createdAt",
  coalesce((SELECT json_agg(json_build_object('invoiceId', a.invoice_id, 'number', i.number, 'label', i.label, 'amountCents', a.amount_cents) ORDER BY a.created_at, i.due_on, i.issued_on, i.number)
            FROM billing.allocation a JOIN billing.invoice i ON i.id = a.invoice_id WHERE a.payment_id = p.id), '[]') AS allocations,
  (SELECT coalesce(sum(r.amount_cents), 0)::int FROM billing.refund r WHERE r.payment_id = p.id) AS "refundedCents",
  ${CREDIT_STATUS_SQL('p')} AS "creditStatus"`;

const CREDIT_NOTE_COLUMNS = `c.id, c.number, c.office_id AS "officeId", c.family_id AS "familyId", c.invoice_id AS "invoiceId", i.number AS "invoiceNumber",
  c.amount_cents AS "amountCents",
  (SELECT coalesce(sum(a.amount_cents), 0)::int FROM billing.allocation a WHERE a.credit_note_id = c.id AND a.invoice_id = c.invoice_id) AS "allocatedCents",
  c.amount_cents - c.used_cents AS "unusedCents", c.reason, c.cancels, to_char(${CREDIT_NOTE_DATE('c')}, 'YYYY-MM-DD') AS "issuedOn", c.created_at AS "createdAt"`;

/** The read side of the family's money: payments with their allocations, movements, balance at a date, credit, refunds due. */
@Injectable()
export class BalanceRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** The family's payments, newest first (or one payment, with `paymentId`). */
  async payments(familyId: string | null, limit: number, offset: number, paymentId: string | null = null): Promise<PaymentRow[]> {
    return this.txHost.tx.query(
      `SELECT ${PAYMENT_COLUMNS} FROM billing.payment p
       WHERE ($1::uuid IS NULL OR p.family_id = $1) AND ($4::uuid IS NULL OR p.id = $4)
       ORDER BY p.received_on DESC, p.created_at DESC, p.id LIMIT $2 OFFSET $3`,
      [familyId, limit, offset, paymentId],
    );
  }

  /** Invoices issued, credit notes, payments received and refunds of the family up to `at` included, in date order. */
  async movements(familyId: string, at: string): Promise<MovementRow[]> {
    return this.txHost.tx.query(
      `SELECT kind, id, reference, detail, to_char(on_date, 'YYYY-MM-DD') AS date, amount AS "amountCents", invoice_number AS "invoiceNumber" FROM (
         SELECT 'invoice' AS kind, i.id, i.number AS reference, i.label AS detail, i.issued_on AS on_date, i.total_cents AS amount, NULL::text AS invoice_number, i.created_at
         FROM billing.invoice i WHERE i.family_id = $1 AND i.issued_on <= $2
         UNION ALL
         SELECT 'credit-note', c.id, c.number, c.reason, ${CREDIT_NOTE_DATE('c')}, c.amount_cents, i.number, c.created_at
         FROM billing.credit_note c JOIN billing.invoice i ON i.id = c.invoice_id WHERE c.family_id = $1 AND ${CREDIT_NOTE_DATE('c')} <= $2
         UNION ALL
         SELECT 'payment', p.id, p.reference, p.method, p.received_on, p.amount_cents, NULL, p.created_at
         FROM billing.payment p WHERE p.family_id = $1 AND p.received_on <= $2
         UNION ALL
         SELECT 'refund', r.id, r.reference, r.method, r.refunded_on, r.amount_cents, NULL, r.created_at
         FROM billing.refund r WHERE r.family_id = $1 AND r.refunded_on <= $2) m
       ORDER BY on_date, created_at, id`,
      [familyId, at],
    );
  }

  /**
   * The family's invoices issued by `at` that still owed something that day: an allocation counts
   * from the day its money came (a payment received, a credit note issued; never before its invoice).
   */
  async openInvoicesAt(familyId: string, at: string): Promise<OpenInvoiceAt[]> {
    return this.txHost.tx.query(
      `SELECT * FROM (
         SELECT i.id, i.number, i.label, to_char(i.issued_on, 'YYYY-MM-DD') AS "issuedOn", to_char(i.due_on, 'YYYY-MM-DD') AS "dueOn", i.total_cents AS "totalCents",
                i.total_cents - (SELECT coalesce(sum(a.amount_cents), 0)::int FROM billing.allocation a
                                 LEFT JOIN billing.payment p ON p.id = a.payment_id LEFT JOIN billing.credit_note c ON c.id = a.credit_note_id
                                 WHERE a.invoice_id = i.id AND coalesce(p.received_on, ${CREDIT_NOTE_DATE('c')}) <= $2) AS "remainingCents", i.due_on, i.number AS n
         FROM billing.invoice i WHERE i.family_id = $1 AND i.issued_on <= $2) x
       WHERE "remainingCents" > 0 ORDER BY due_on, "issuedOn", n`,
      [familyId, at],
    );
  }

  /** The family credit at `at`: what each payment and credit note received by then had not used by then. */
  async creditsAt(familyId: string, at: string): Promise<CreditAt[]> {
    return this.txHost.tx.query(
      `SELECT * FROM (
         SELECT 'payment' AS kind, p.id, p.reference, p.method, to_char(p.received_on, 'YYYY-MM-DD') AS date, p.amount_cents AS "amountCents",
                p.amount_cents
                  - (SELECT coalesce(sum(a.amount_cents), 0)::int FROM billing.allocation a JOIN billing.invoice i ON i.id = a.invoice_id WHERE a.payment_id = p.id AND i.issued_on <= $2)
                  - (SELECT coalesce(sum(r.amount_cents), 0)::int FROM billing.refund r WHERE r.payment_id = p.id AND r.refunded_on <= $2) AS "unusedCents",
                ${CREDIT_STATUS_SQL('p')} AS status, p.created_at
         FROM billing.payment p WHERE p.family_id = $1 AND p.received_on <= $2
         UNION ALL
         SELECT 'credit-note', c.id, c.number, NULL, to_char(${CREDIT_NOTE_DATE('c')}, 'YYYY-MM-DD'), c.amount_cents,
                c.amount_cents
                  - (SELECT coalesce(sum(a.amount_cents), 0)::int FROM billing.allocation a JOIN billing.invoice i ON i.id = a.invoice_id WHERE a.credit_note_id = c.id AND i.issued_on <= $2)
                  - (SELECT coalesce(sum(r.amount_cents), 0)::int FROM billing.refund r WHERE r.credit_note_id = c.id AND r.refunded_on <= $2),
                'available', c.created_at
         FROM billing.credit_note c WHERE c.family_id = $1 AND ${CREDIT_NOTE_DATE('c')} <= $2) x
       WHERE "unusedCents" > 0 ORDER BY date, created_at, id`,
      [familyId, at],
    );
  }

  async creditNote(id: string): Promise<CreditNoteRow | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT ${CREDIT_NOTE_COLUMNS} FROM billing.credit_note c JOIN billing.invoice i ON i.id = c.invoice_id WHERE c.id = $1`, [id]);
    return row;
  }

  /** Payments reservations declared due back (places gone, or paid twice) that still hold money, oldest first. */
  async refundsDue(familyId: string | null, limit: number, offset: number): Promise<RefundDueRow[]> {
    return this.txHost.tx.query(
      `SELECT p.id AS "paymentId", p.family_id AS "familyId", p.office_id AS "officeId", p.source_payment_id AS "sourcePaymentId",
              to_char(p.received_on, 'YYYY-MM-DD') AS "receivedOn", p.amount_cents AS "amountCents", p.amount_cents - p.used_cents AS "unusedCents",
              (SELECT json_agg(json_build_object('registrationId', o.registration_id, 'reason', o.reason, 'amountCents', o.amount_cents) ORDER BY o.created_at, o.registration_id)
               FROM billing.registration_payment o WHERE o.source_payment_id = p.source_payment_id AND o.outcome = 'due-back') AS registrations
       FROM billing.payment p
       WHERE p.used_cents < p.amount_cents AND ($1::uuid IS NULL OR p.family_id = $1) AND ${CREDIT_STATUS_SQL('p')} = 'to-refund'
       ORDER BY p.received_on, p.created_at, p.id LIMIT $2 OFFSET $3`,
      [familyId, limit, offset],
    );
  }

  async refund(id: string): Promise<RefundRow | undefined> {
    const [row] = await this.txHost.tx.query(
      `SELECT id, family_id AS "familyId", payment_id AS "paymentId", credit_note_id AS "creditNoteId", amount_cents AS "amountCents", method, reference,
              to_char(refunded_on, 'YYYY-MM-DD') AS "refundedOn", reason, created_at AS "createdAt"
       FROM billing.refund WHERE id = $1`,
      [id],
    );
    return row;
  }
}
