import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { OpenInvoice } from '../domain/allocation';
import { CreditStatus, PaymentMethod, RefundMethod } from '../domain/payment';

/** An invoice locked for allocating money to it. */
export interface LockedInvoice extends OpenInvoice {
  familyId: string;
  officeId: string;
  totalCents: number;
  settledCents: number;
  cancelled: boolean;
}

/** An invoice locked for a credit note: with its office and what earlier credit notes took off. */
export interface InvoiceForCredit extends LockedInvoice {
  officeCode: string;
  creditedCents: number;
}

export type MoneySource = { paymentId: string; creditNoteId?: undefined } | { creditNoteId: string; paymentId?: undefined };

/** What a payment or a credit note still holds for the family (its credit), locked. */
export interface LockedSource {
  id: string;
  familyId: string;
  /** received (payment) or issued (credit note) on */
  date: string;
  amountCents: number;
  usedCents: number;
}

/** One amount of family credit used on an invoice (credit use). */
export interface CreditUse {
  invoiceId: string;
  number: string;
  familyId: string;
  kind: 'payment' | 'credit-note';
  sourceId: string;
  amountCents: number;
  /** what the invoice still owes after this amount */
  remainingCents: number;
}

/** Which invoices a credit use is for: some invoices, or those of a billing run. */
export type CreditTargets = { invoiceIds: string[] } | { runId: string };

/** The day (Paris) a credit note was issued. */
export const CREDIT_NOTE_DATE = (c: string) => `(${c}.created_at AT TIME ZONE 'Europe/Paris')::date`;

/**
 * The state of a payment's money not used yet (see CreditStatus): waiting while reservations has not
 * decided on one of its registrations; to refund once it declared (part of) it due back.
 */
export const CREDIT_STATUS_SQL = (p: string) => `CASE
  WHEN EXISTS (SELECT 1 FROM unnest(${p}.registration_ids) AS r(id) WHERE NOT EXISTS (
         SELECT 1 FROM billing.registration_payment o WHERE o.source_payment_id = ${p}.source_payment_id AND o.registration_id = r.id)) THEN 'awaiting-registration'
  WHEN EXISTS (SELECT 1 FROM billing.registration_payment o WHERE o.source_payment_id = ${p}.source_payment_id AND o.outcome = 'due-back') THEN 'to-refund'
  ELSE 'available' END`;

const LOCKED_COLUMNS = `i.id, i.number, i.family_id AS "familyId", i.office_id AS "officeId", i.total_cents AS "totalCents", i.settled_cents AS "settledCents",
  i.cancelled_at IS NOT NULL AS cancelled, CASE WHEN i.cancelled_at IS NULL THEN i.total_cents - i.settled_cents ELSE 0 END AS "remainingCents",
  to_char(i.due_on, 'YYYY-MM-DD') AS "dueOn", to_char(i.issued_on, 'YYYY-MM-DD') AS "issuedOn"`;

/**
 * The money side of billing.payment, allocation, credit_note, refund and registration_payment.
 * Writers lock in one order: invoices (by id), then payments (by id), then credit notes (by id); the
 * invoice's `settled_cents` and the sources' `used_cents` move with their allocations, in the same
 * statement, and their CHECKs (never beyond the total, never beyond the amount) are the last guard.
 */
/** A payment as recorded (billing.payment). */
export interface NewPayment {
  familyId: string;
  officeId: string | null;
  amountCents: number;
  usedCents: number;
  method: PaymentMethod;
  reference: string | null;
  receivedOn: string;
  sourcePaymentId: string | null;
}

@Injectable()
export class LedgerRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** The family's invoices named (any state), or else all its open invoices, locked in id order. */
  async lockForAllocation(familyId: string, invoiceIds: string[] | null): Promise<LockedInvoice[]> {
    return invoiceIds
      ? this.txHost.tx.query(`SELECT ${LOCKED_COLUMNS} FROM billing.invoice i WHERE i.family_id = $1 AND i.id = ANY($2::uuid[]) ORDER BY i.id FOR UPDATE`, [familyId, invoiceIds])
      : this.txHost.tx.query(
          `SELECT ${LOCKED_COLUMNS} FROM billing.invoice i WHERE i.family_id = $1 AND i.cancelled_at IS NULL AND i.settled_cents < i.total_cents ORDER BY i.id FOR UPDATE`,
          [familyId],
        );
  }

  /** One invoice locked, with its office's code and the sum of its credit notes. */
  async lockForCredit(invoiceId: string): Promise<InvoiceForCredit | undefined> {
    const [row] = await this.txHost.tx.query(
      `SELECT ${LOCKED_COLUMNS}, o.code AS "officeCode",
              (SELECT coalesce(sum(c.amount_cents), 0)::int FROM billing.credit_note c WHERE c.invoice_id = i.id) AS "creditedCents"
       FROM billing.invoice i JOIN billing.office o ON o.id = i.office_id WHERE i.id = $1 FOR UPDATE OF i`,
      [invoiceId],
    );
    return row;
  }

  async insertPayment(p: NewPayment & { registrationIds: string[]; recordedBy: string | null }): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO billing.payment (family_id, office_id, amount_cents, used_cents, method, reference, received_on, source_payment_id, registration_ids, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [p.familyId, p.officeId, p.amountCents, p.usedCents, p.method, p.reference, p.receivedOn, p.sourcePaymentId, p.registrationIds, p.recordedBy],
    );
    return row.id;
  }

  /**
   * Writes the allocations of one source (whose `used_cents` the caller already counted them in) and
   * settles the invoices (locked by the caller), in one statement.
   */
  async settle(source: MoneySource, allocations: { invoiceId: string; amountCents: number }[]): Promise<void> {
    if (!allocations.length) return;
    await this.txHost.tx.query(
      `WITH a AS (SELECT * FROM unnest($1::uuid[], $2::int[]) AS x(invoice_id, amount)),
       ins AS (INSERT INTO billing.allocation (invoice_id, payment_id, credit_note_id, amount_cents) SELECT invoice_id, $3::uuid, $4::uuid, amount FROM a)
       UPDATE billing.invoice i SET settled_cents = i.settled_cents + a.amount FROM a WHERE i.id = a.invoice_id`,
      [allocations.map((a) => a.invoiceId), allocations.map((a) => a.amountCents), source.paymentId ?? null, source.creditNoteId ?? null],
    );
  }

  async paymentBySource(sourcePaymentId: string): Promise<{ id: string } | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT id FROM billing.payment WHERE source_payment_id = $1`, [sourcePaymentId]);
    return row;
  }

  /**
   * Serializes, until commit, what billing does with one online payment of the payments module
   * (recording it, issuing the invoice of a registration it confirmed): whichever comes second sees
   * what the first did.
   */
  async lockOnlinePayment(sourcePaymentId: string): Promise<void> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtext('billing.online-payment'), hashtext($1))`, [sourcePaymentId]);
  }

  /** Records what reservations decided for a registration paid by an online payment (the first decision stays). */
  async recordOutcome(o: { sourcePaymentId: string; registrationId: string; familyId: string; outcome: 'confirmed' | 'due-back'; reason: 'payment-too-late' | 'already-paid' | null; amountCents: number }): Promise<boolean> {
    const rows = await this.txHost.tx.query(
      `INSERT INTO billing.registration_payment (source_payment_id, registration_id, family_id, outcome, reason, amount_cents)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING registration_id`,
      [o.sourcePaymentId, o.registrationId, o.familyId, o.outcome, o.reason, o.amountCents],
    );
    return rows.length > 0;
  }

  /** The invoices of the family's registrations that this online payment confirmed (issued before the payment was recorded). */
  async invoicesConfirmedBy(familyId: string, sourcePaymentId: string, registrationIds: string[]): Promise<string[]> {
    if (!registrationIds.length) return [];
    const rows: { id: string }[] = await this.txHost.tx.query(
      `SELECT i.id FROM billing.invoice i
       JOIN billing.registration_payment o ON o.registration_id = i.registration_id AND o.source_payment_id = $2 AND o.outcome = 'confirmed'
       WHERE i.family_id = $1 AND i.registration_id = ANY($3::uuid[])
       ORDER BY array_position($3::uuid[], i.registration_id)`,
      [familyId, sourcePaymentId, registrationIds],
    );
    return rows.map((r) => r.id);
  }

  async insertCreditNote(c: { officeId: string; familyId: string; number: string; year: number; seq: number; invoiceId: string; amountCents: number; usedCents: number; reason: string; cancels: boolean; createdBy: string }): Promise<{ id: string; createdAt: Date }> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO billing.credit_note (office_id, family_id, number, year, seq, invoice_id, amount_cents, used_cents, reason, cancels, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id, created_at AS "createdAt"`,
      [c.officeId, c.familyId, c.number, c.year, c.seq, c.invoiceId, c.amountCents, c.usedCents, c.reason, c.cancels, c.createdBy],
    );
    return row;
  }

  async markCancelled(invoiceId: string, reason: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE billing.invoice SET cancelled_at = now(), cancel_reason = $2 WHERE id = $1 AND cancelled_at IS NULL`, [invoiceId, reason]);
  }

  /**
   * The units a cancelled invoice billed go back to be billed: one reversing row per amount it billed
   * (negative, traced to the credit note), so that the next run bills them as they are then.
   * Returns how many amounts were reversed.
   */
  async reverseBilledUnits(invoiceId: string, creditNoteId: string): Promise<number> {
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO billing.billed_unit (family_id, child_id, service_id, day, kind, amount_cents, credit_note_id)
       SELECT b.family_id, b.child_id, b.service_id, b.day, b.kind, -b.amount_cents, $2
       FROM billing.billed_unit b JOIN billing.invoice_line l ON l.id = b.line_id
       WHERE l.invoice_id = $1 AND b.amount_cents <> 0
       RETURNING 1`,
      [invoiceId, creditNoteId],
    );
    return rows.length;
  }

  /**
   * Uses the family credit on open invoices, set-based: for each family, its available credit
   * (payments not used — except those waiting for a registration or to be refunded — then credit
   * notes; `preferredPaymentIds` first whatever their state, then oldest first) is matched to its
   * target invoices (oldest first) by running totals: one statement for any number of families.
   * The caller locked the target invoices if others can see them (a run's new invoices they cannot).
   */
  async useCredit(targets: CreditTargets, preferredPaymentIds: string[] = []): Promise<CreditUse[]> {
    const byRun = 'runId' in targets;
    const key = byRun ? targets.runId : targets.invoiceIds;
    const target = byRun ? `i.run_id = $1::uuid` : `i.id = ANY($1::uuid[])`;
    let familyIds: string[];
    if (byRun) {
      // a run may hold 50 000 invoices: start from the few families with money not used (partial indexes)
      const withCredit: { familyId: string }[] = await this.txHost.tx.query(
        `SELECT family_id AS "familyId" FROM billing.payment WHERE used_cents < amount_cents
         UNION SELECT family_id FROM billing.credit_note WHERE used_cents < amount_cents`,
      );
      if (!withCredit.length) return [];
      const rows: { familyId: string }[] = await this.txHost.tx.query(
        `SELECT DISTINCT i.family_id AS "familyId" FROM billing.invoice i WHERE i.family_id = ANY($2::uuid[]) AND ${target}`,
        [key, withCredit.map((f) => f.familyId)],
      );
      familyIds = rows.map((r) => r.familyId);
    } else {
      const rows: { familyId: string }[] = await this.txHost.tx.query(`SELECT DISTINCT i.family_id AS "familyId" FROM billing.invoice i WHERE ${target}`, [key]);
      familyIds = rows.map((r) => r.familyId);
    }
    if (!familyIds.length) return [];
    const payments: unknown[] = await this.txHost.tx.query(
      `SELECT id FROM billing.payment WHERE family_id = ANY($1::uuid[]) AND used_cents < amount_cents ORDER BY id FOR UPDATE`,
      [familyIds],
    );
    const notes: unknown[] = await this.txHost.tx.query(
      `SELECT id FROM billing.credit_note WHERE family_id = ANY($1::uuid[]) AND used_cents < amount_cents ORDER BY id FOR UPDATE`,
      [familyIds],
    );
    if (!payments.length && !notes.length) return [];
    return this.txHost.tx.query(
      `WITH t AS (
         SELECT i.id, i.number, i.family_id, i.total_cents - i.settled_cents AS due,
                sum(i.total_cents - i.settled_cents) OVER (PARTITION BY i.family_id ORDER BY i.due_on, i.issued_on, i.number) AS hi
         FROM billing.invoice i
         WHERE ${target} AND i.family_id = ANY($2::uuid[]) AND i.cancelled_at IS NULL AND i.settled_cents < i.total_cents),
       src AS (
         SELECT 'payment'::text AS kind, p.id, p.family_id, p.amount_cents - p.used_cents AS unused,
                CASE WHEN p.id = ANY($3::uuid[]) THEN 0 ELSE 1 END AS prio, p.received_on AS on_date, p.created_at
         FROM billing.payment p
         WHERE p.family_id = ANY($2::uuid[]) AND p.used_cents < p.amount_cents AND (p.id = ANY($3::uuid[]) OR ${CREDIT_STATUS_SQL('p')} = 'available')
         UNION ALL
         SELECT 'credit-note', c.id, c.family_id, c.amount_cents - c.used_cents, 1, ${CREDIT_NOTE_DATE('c')}, c.created_at
         FROM billing.credit_note c
         WHERE c.family_id = ANY($2::uuid[]) AND c.used_cents < c.amount_cents),
       s AS (SELECT src.*, sum(unused) OVER (PARTITION BY family_id ORDER BY prio, on_date, created_at, id) AS hi FROM src),
       m AS (
         SELECT t.id AS invoice_id, t.number, t.family_id, s.kind, s.id AS source_id,
                (least(t.hi, s.hi) - greatest(t.hi - t.due, s.hi - s.unused))::int AS amount,
                (t.hi - least(t.hi, s.hi))::int AS remaining, t.hi AS ord
         FROM t JOIN s ON s.family_id = t.family_id
         WHERE least(t.hi, s.hi) > greatest(t.hi - t.due, s.hi - s.unused)),
       ins AS (
         INSERT INTO billing.allocation (invoice_id, payment_id, credit_note_id, amount_cents)
         SELECT invoice_id, CASE WHEN kind = 'payment' THEN source_id END, CASE WHEN kind = 'credit-note' THEN source_id END, amount FROM m),
       inv AS (
         UPDATE billing.invoice i SET settled_cents = i.settled_cents + x.amount
         FROM (SELECT invoice_id, sum(amount)::int AS amount FROM m GROUP BY invoice_id) x WHERE i.id = x.invoice_id),
       pay AS (
         UPDATE billing.payment p SET used_cents = p.used_cents + x.amount
         FROM (SELECT source_id, sum(amount)::int AS amount FROM m WHERE kind = 'payment' GROUP BY source_id) x WHERE p.id = x.source_id),
       cn AS (
         UPDATE billing.credit_note c SET used_cents = c.used_cents + x.amount
         FROM (SELECT source_id, sum(amount)::int AS amount FROM m WHERE kind = 'credit-note' GROUP BY source_id) x WHERE c.id = x.source_id)
       SELECT invoice_id AS "invoiceId", number, family_id AS "familyId", kind, source_id AS "sourceId", amount AS "amountCents", remaining AS "remainingCents"
       FROM m ORDER BY family_id, kind DESC, source_id, ord`,
      [key, familyIds, preferredPaymentIds],
    );
  }

  /** A payment or a credit note of the family credit, locked (refunds). */
  async lockSource(source: MoneySource): Promise<LockedSource | undefined> {
    const [row] = source.paymentId
      ? await this.txHost.tx.query(
          `SELECT id, family_id AS "familyId", to_char(received_on, 'YYYY-MM-DD') AS date, amount_cents AS "amountCents", used_cents AS "usedCents" FROM billing.payment WHERE id = $1 FOR UPDATE`,
          [source.paymentId],
        )
      : await this.txHost.tx.query(
          `SELECT c.id, c.family_id AS "familyId", to_char(${CREDIT_NOTE_DATE('c')}, 'YYYY-MM-DD') AS date, c.amount_cents AS "amountCents", c.used_cents AS "usedCents"
           FROM billing.credit_note c WHERE c.id = $1 FOR UPDATE`,
          [source.creditNoteId],
        );
    return row;
  }

  /** Records a refund out of a source (locked by the caller) and counts it as used. */
  async insertRefund(r: { familyId: string; source: MoneySource; amountCents: number; method: RefundMethod; reference: string | null; refundedOn: string; reason: string; recordedBy: string }): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO billing.refund (family_id, payment_id, credit_note_id, amount_cents, method, reference, refunded_on, reason, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [r.familyId, r.source.paymentId ?? null, r.source.creditNoteId ?? null, r.amountCents, r.method, r.reference, r.refundedOn, r.reason, r.recordedBy],
    );
    await this.txHost.tx.query(
      r.source.paymentId ? `UPDATE billing.payment SET used_cents = used_cents + $2 WHERE id = $1` : `UPDATE billing.credit_note SET used_cents = used_cents + $2 WHERE id = $1`,
      [r.source.paymentId ?? r.source.creditNoteId, r.amountCents],
    );
    return row.id;
  }

  /** The status of payments' credit (see CreditStatus), by payment id. */
  async creditStatuses(paymentIds: string[]): Promise<Map<string, CreditStatus>> {
    if (!paymentIds.length) return new Map();
    const rows: { id: string; status: CreditStatus }[] = await this.txHost.tx.query(
      `SELECT p.id, ${CREDIT_STATUS_SQL('p')} AS status FROM billing.payment p WHERE p.id = ANY($1::uuid[])`,
      [paymentIds],
    );
    return new Map(rows.map((r) => [r.id, r.status]));
  }
}
