import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';

export interface UnpaidRow {
  invoiceId: string;
  number: string;
  familyId: string;
  label: string;
  issuedOn: string;
  dueOn: string;
  totalCents: number;
  paidCents: number;
  remainingCents: number;
  daysOverdue: number;
  reminders: { rank: number; sentAt: string }[];
}

export interface ReminderDue {
  invoiceId: string;
  familyId: string;
  officeId: string;
  number: string;
  remainingCents: number;
  dueOn: string;
  rank: number;
}

/** Open invoices: not cancelled, not fully settled. */
const OPEN = `i.cancelled_at IS NULL AND i.settled_cents < i.total_cents`;

/** Unpaid invoices and their reminders (billing.reminder). */
@Injectable()
export class FollowUpRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** An office's open invoices (or only those past due), oldest due first, with the reminders raised. */
  async unpaid(officeId: string, today: string, overdueOnly: boolean, limit: number, offset: number): Promise<UnpaidRow[]> {
    return this.txHost.tx.query(
      `SELECT i.id AS "invoiceId", i.number, i.family_id AS "familyId", i.label,
              to_char(i.issued_on, 'YYYY-MM-DD') AS "issuedOn", to_char(i.due_on, 'YYYY-MM-DD') AS "dueOn",
              i.total_cents AS "totalCents", i.settled_cents AS "paidCents", i.total_cents - i.settled_cents AS "remainingCents",
              greatest(0, $2::date - i.due_on) AS "daysOverdue",
              coalesce((SELECT json_agg(json_build_object('rank', r.rank, 'sentAt', r.sent_at) ORDER BY r.rank) FROM billing.reminder r WHERE r.invoice_id = i.id), '[]') AS reminders
       FROM billing.invoice i
       WHERE i.office_id = $1 AND ${OPEN} AND (NOT $3 OR i.due_on < $2::date)
       ORDER BY i.due_on, i.number LIMIT $4 OFFSET $5`,
      [officeId, today, overdueOnly, limit, offset],
    );
  }

  async unpaidTotals(officeId: string, today: string, overdueOnly: boolean): Promise<{ count: number; remainingCents: number }> {
    const [row] = await this.txHost.tx.query(
      `SELECT count(*)::int AS count, coalesce(sum(i.total_cents - i.settled_cents), 0)::bigint AS "remainingCents"
       FROM billing.invoice i WHERE i.office_id = $1 AND ${OPEN} AND (NOT $3 OR i.due_on < $2::date)`,
      [officeId, today, overdueOnly],
    );
    return { count: row.count, remainingCents: Number(row.remainingCents) };
  }

  /**
   * Records, in one statement, the reminders now due: for each open invoice of an active office,
   * its rank is the number of the office's delays (days after the due date) already past; it is due
   * when no reminder of that rank or a later one was raised (an invoice found late gets only the
   * latest rank, not all of them at once). `ON CONFLICT DO NOTHING` on (invoice, rank): two workers
   * looking at once record each reminder once, and only the one that recorded it gets it back.
   */
  async recordDue(today: string, limit: number): Promise<ReminderDue[]> {
    return this.txHost.tx.query(
      `WITH due AS (
         SELECT i.id, i.family_id, i.office_id, i.number, i.total_cents - i.settled_cents AS remaining, i.due_on,
                (SELECT count(*) FROM unnest(o.reminder_days) d WHERE d <= $1::date - i.due_on)::int AS rank
         FROM billing.invoice i JOIN billing.office o ON o.id = i.office_id
         WHERE ${OPEN} AND i.due_on < $1::date AND o.active),
       todo AS (
         SELECT * FROM due d
         WHERE d.rank > 0 AND NOT EXISTS (SELECT 1 FROM billing.reminder r WHERE r.invoice_id = d.id AND r.rank >= d.rank)
         ORDER BY d.due_on, d.id LIMIT $2),
       recorded AS (
         INSERT INTO billing.reminder (invoice_id, rank) SELECT id, rank FROM todo ON CONFLICT DO NOTHING RETURNING invoice_id, rank)
       SELECT t.id AS "invoiceId", t.family_id AS "familyId", t.office_id AS "officeId", t.number, t.remaining AS "remainingCents",
              to_char(t.due_on, 'YYYY-MM-DD') AS "dueOn", t.rank
       FROM recorded r JOIN todo t ON t.id = r.invoice_id
       ORDER BY t.due_on, t.id`,
      [today, limit],
    );
  }
}
