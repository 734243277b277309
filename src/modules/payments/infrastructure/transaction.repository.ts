import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { PayfipMode } from '../domain/payment-provider';
import { TransactionState } from '../domain/transaction';

export interface TransactionRow {
  id: string;
  reference: string;
  operationId: string | null;
  familyId: string;
  accountId: string;
  payerEmail: string;
  payerName: string;
  officeId: string;
  numcli: string;
  mode: PayfipMode;
  exer: number;
  label: string;
  amountCents: number;
  registrationId: string | null;
  registrationNumber: string | null;
  state: TransactionState;
  provisional: string | null;
  resultCode: string | null;
  providerData: Record<string, string> | null;
  authorizationNumber: string | null;
  transactionAt: Date | null;
  ticketNumber: string | null;
  lockedUntil: Date;
  redirectUrl: string | null;
  startedAt: Date;
  endedAt: Date | null;
  lastCheckedAt: Date | null;
  errorReason: string | null;
  mismatch: boolean;
}

export interface TransactionInvoiceRow {
  invoiceId: string;
  number: string;
  label: string;
  amountCents: number;
}

export type CheckVia = 'start' | 'notification' | 'return' | 'poll' | 'guardian' | 'staff';

export interface CheckLogRow {
  checkedAt: Date;
  via: CheckVia;
  accountId: string | null;
  answer: string;
  stateBefore: TransactionState;
  stateAfter: TransactionState;
  details: Record<string, unknown> | null;
}

const COLUMNS = `t.id, t.reference, t.operation_id AS "operationId", t.family_id AS "familyId", t.account_id AS "accountId",
  t.payer_email AS "payerEmail", t.payer_name AS "payerName", t.office_id AS "officeId", t.numcli, t.mode, t.exer, t.label, t.amount_cents AS "amountCents",
  t.registration_id AS "registrationId", t.registration_number AS "registrationNumber", t.state, t.provisional,
  t.result_code AS "resultCode", t.provider_data AS "providerData", t.authorization_number AS "authorizationNumber",
  t.transaction_at AS "transactionAt", t.ticket_number AS "ticketNumber", t.locked_until AS "lockedUntil",
  t.redirect_url AS "redirectUrl", t.started_at AS "startedAt", t.ended_at AS "endedAt", t.last_checked_at AS "lastCheckedAt",
  t.error_reason AS "errorReason", t.mismatch`;

/** The lock subject of an invoice or a registration. */
export const invoiceSubject = (id: string) => `invoice:${id}`;
export const registrationSubject = (id: string) => `registration:${id}`;

@Injectable()
export class TransactionRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async insert(t: {
    reference: string;
    familyId: string;
    accountId: string;
    payerEmail: string;
    payerName: string;
    officeId: string;
    numcli: string;
    mode: PayfipMode;
    exer: number;
    label: string;
    amountCents: number;
    registrationId: string | null;
    registrationNumber: string | null;
    lockMinutes: number;
    invoices: TransactionInvoiceRow[];
  }): Promise<{ id: string; startedAt: Date; lockedUntil: Date }> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO payments.transaction (reference, family_id, account_id, payer_email, payer_name, office_id, numcli, mode, exer, label, amount_cents,
                                         registration_id, registration_number, locked_until)
       VALUES ($1, $2, $3, $4, $14, $5, $6, $7, $8, $9, $10, $11, $12, now() + make_interval(mins => $13))
       RETURNING id, started_at AS "startedAt", locked_until AS "lockedUntil"`,
      [t.reference, t.familyId, t.accountId, t.payerEmail, t.officeId, t.numcli, t.mode, t.exer, t.label, t.amountCents, t.registrationId, t.registrationNumber, t.lockMinutes, t.payerName],
    );
    if (t.invoices.length) {
      await this.txHost.tx.query(
        `INSERT INTO payments.transaction_invoice (transaction_id, invoice_id, position, number, label, amount_cents)
         SELECT $1, i.invoice_id, i.position, i.number, i.label, i.amount_cents
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[]) WITH ORDINALITY AS i(invoice_id, number, label, amount_cents, position)`,
        [row.id, t.invoices.map((i) => i.invoiceId), t.invoices.map((i) => i.number), t.invoices.map((i) => i.label), t.invoices.map((i) => i.amountCents)],
      );
    }
    return row;
  }

  /**
   * Takes the locks of `subjects` for the transaction, in a stable order, all or none: a subject
   * whose lock is still running is not taken. Returns the subjects NOT taken (empty: all taken).
   * A lock row that ran out is taken over. The rows stay locked by this transaction until commit,
   * so a concurrent attempt waits on them and then sees them taken.
   */
  async takeLocks(transactionId: string, subjects: string[], lockedUntil: Date): Promise<string[]> {
    const sorted = [...new Set(subjects)].sort();
    const taken: { subject: string }[] = await this.txHost.tx.query(
      `INSERT INTO payments.payment_lock (subject, transaction_id, locked_until)
       SELECT s, $1, $2 FROM unnest($3::text[]) AS s ORDER BY s
       ON CONFLICT (subject) DO UPDATE SET transaction_id = EXCLUDED.transaction_id, locked_until = EXCLUDED.locked_until
         WHERE payment_lock.locked_until <= now()
       RETURNING subject`,
      [transactionId, lockedUntil, sorted],
    );
    const got = new Set(taken.map((r) => r.subject));
    return sorted.filter((s) => !got.has(s));
  }

  /** The running locks of these subjects: who holds them and until when. */
  async runningLocks(subjects: string[]): Promise<{ subject: string; transactionId: string; lockedUntil: Date }[]> {
    if (!subjects.length) return [];
    return this.txHost.tx.query(
      `SELECT subject, transaction_id AS "transactionId", locked_until AS "lockedUntil"
       FROM payments.payment_lock WHERE subject = ANY($1::text[]) AND locked_until > now() ORDER BY subject`,
      [subjects],
    );
  }

  async releaseLocks(transactionId: string): Promise<void> {
    await this.txHost.tx.query(`DELETE FROM payments.payment_lock WHERE transaction_id = $1`, [transactionId]);
  }

  async setOperation(id: string, operationId: string, redirectUrl: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE payments.transaction SET operation_id = $2, redirect_url = $3 WHERE id = $1`, [id, operationId, redirectUrl]);
  }

  async byId(id: string, forUpdate = false): Promise<TransactionRow | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM payments.transaction t WHERE t.id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return row;
  }

  async ofFamily(familyId: string, id: string): Promise<TransactionRow | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM payments.transaction t WHERE t.id = $1 AND t.family_id = $2`, [id, familyId]);
    return row;
  }

  async byOperation(operationId: string): Promise<{ id: string } | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT id FROM payments.transaction WHERE operation_id = $1`, [operationId]);
    return row;
  }

  async invoicesOf(ids: string[]): Promise<Map<string, TransactionInvoiceRow[]>> {
    const out = new Map<string, TransactionInvoiceRow[]>(ids.map((id) => [id, []]));
    if (!ids.length) return out;
    const rows: (TransactionInvoiceRow & { transactionId: string })[] = await this.txHost.tx.query(
      `SELECT transaction_id AS "transactionId", invoice_id AS "invoiceId", number, label, amount_cents AS "amountCents"
       FROM payments.transaction_invoice WHERE transaction_id = ANY($1::uuid[]) ORDER BY transaction_id, position`,
      [ids],
    );
    for (const { transactionId, ...r } of rows) out.get(transactionId)!.push(r);
    return out;
  }

  /** Ends a transaction (validated, refused, abandoned, expired, error). */
  async end(
    id: string,
    e: {
      state: Exclude<TransactionState, 'pending'>;
      resultCode: string | null;
      providerData: Record<string, string> | null;
      authorizationNumber: string | null;
      transactionAt: Date | null;
      ticketNumber: string | null;
      errorReason: string | null;
      mismatch: boolean;
    },
  ): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE payments.transaction
       SET state = $2, result_code = $3, provider_data = coalesce($4::jsonb, provider_data), authorization_number = $5, transaction_at = $6,
           ticket_number = $7, error_reason = $8, mismatch = $9, ended_at = now(), last_checked_at = now(), provisional = NULL
       WHERE id = $1`,
      [id, e.state, e.resultCode, e.providerData ? JSON.stringify(e.providerData) : null, e.authorizationNumber, e.transactionAt, e.ticketNumber, e.errorReason, e.mismatch],
    );
  }

  async stillPending(id: string, provisional: string | null, providerData: Record<string, string> | null): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE payments.transaction SET provisional = $2, provider_data = coalesce($3::jsonb, provider_data), last_checked_at = now() WHERE id = $1`,
      [id, provisional, providerData ? JSON.stringify(providerData) : null],
    );
  }

  async touched(id: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE payments.transaction SET last_checked_at = now() WHERE id = $1`, [id]);
  }

  async nextTicketSeq(): Promise<number> {
    const [row] = await this.txHost.tx.query(`SELECT nextval('payments.ticket_seq')::int AS seq`);
    return row.seq;
  }

  async log(transactionId: string, l: { via: CheckVia; accountId: string | null; answer: string; stateBefore: TransactionState; stateAfter: TransactionState; details: unknown }): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO payments.check_log (transaction_id, via, account_id, answer, state_before, state_after, details) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [transactionId, l.via, l.accountId, l.answer, l.stateBefore, l.stateAfter, l.details === undefined || l.details === null ? null : JSON.stringify(l.details)],
    );
  }

  async checks(transactionId: string): Promise<CheckLogRow[]> {
    return this.txHost.tx.query(
      `SELECT checked_at AS "checkedAt", via, account_id AS "accountId", answer, state_before AS "stateBefore", state_after AS "stateAfter", details
       FROM payments.check_log WHERE transaction_id = $1 ORDER BY id`,
      [transactionId],
    );
  }

  /** Pending transactions the worker should ask the platform about, least recently checked first. */
  async dueForCheck(minAgeMs: number, maxAgeMs: number, recheckMs: number, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.txHost.tx.query(
      `SELECT id FROM payments.transaction
       WHERE state = 'pending'
         AND started_at <= now() - make_interval(secs => $1::float / 1000)
         AND started_at >= now() - make_interval(secs => $2::float / 1000)
         AND coalesce(last_checked_at, started_at) <= now() - make_interval(secs => $3::float / 1000)
       ORDER BY coalesce(last_checked_at, started_at)
       LIMIT $4`,
      [minAgeMs, maxAgeMs, recheckMs, limit],
    );
    return rows.map((r) => r.id);
  }

  /** A family's transactions started since `since`, newest first. */
  async familyHistory(familyId: string, since: Date): Promise<TransactionRow[]> {
    return this.txHost.tx.query(`SELECT ${COLUMNS} FROM payments.transaction t WHERE t.family_id = $1 AND t.started_at >= $2 ORDER BY t.started_at DESC, t.id`, [familyId, since]);
  }

  /** Staff's search. */
  async search(f: {
    state?: TransactionState;
    officeId?: string;
    familyId?: string;
    from?: string;
    to?: string;
    mismatch?: boolean;
    stale?: boolean;
    limit: number;
    offset: number;
  }): Promise<{ rows: TransactionRow[]; count: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('$?', `$${params.length}`));
    };
    if (f.state) add('t.state = $?', f.state);
    if (f.officeId) add('t.office_id = $?', f.officeId);
    if (f.familyId) add('t.family_id = $?', f.familyId);
    if (f.from) add(`t.started_at >= ($?::date::timestamp AT TIME ZONE 'Europe/Paris')`, f.from);
    if (f.to) add(`t.started_at < (($?::date + 1)::timestamp AT TIME ZONE 'Europe/Paris')`, f.to);
    if (f.mismatch) where.push('t.mismatch');
    if (f.stale) where.push(`t.state = 'pending' AND t.locked_until <= now()`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ count }] = await this.txHost.tx.query(`SELECT count(*)::int AS count FROM payments.transaction t ${clause}`, params);
    const rows = await this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM payments.transaction t ${clause} ORDER BY t.started_at DESC, t.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, f.limit, f.offset],
    );
    return { rows, count };
  }

  /** Validated amounts per Paris day of the platform's transaction time and office. */
  async dailyTotals(f: { officeId?: string; from: string; to: string }): Promise<{ day: string; officeId: string; count: number; amountCents: number }[]> {
    return this.txHost.tx.query(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, d.office_id AS "officeId", count(*)::int AS count, sum(d.amount_cents)::int AS "amountCents"
       FROM (SELECT (coalesce(transaction_at, ended_at) AT TIME ZONE 'Europe/Paris')::date AS day, office_id, amount_cents
             FROM payments.transaction WHERE state = 'validated' AND ($3::uuid IS NULL OR office_id = $3)) d
       WHERE d.day BETWEEN $1::date AND $2::date
       GROUP BY d.day, d.office_id ORDER BY d.day, d.office_id`,
      [f.from, f.to, f.officeId ?? null],
    );
  }
}
