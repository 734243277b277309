import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';

export interface MissingPrice {
  serviceId: string;
  label: string;
  day: string;
  quotient: number | null;
}

export interface RunTotals {
  families: number;
  invoices: number;
  lines: number;
  units: number;
  totalCents: number;
  /** families whose changes add up to nothing to pay (a credit to come): not invoiced this time */
  carriedFamilies: number;
}

/**
 * The billing run, set-based: a few statements over temporary tables whatever the number of
 * families (no per-family queries). What is due for each unit (a child's day of a service billed by
 * the office, priced with the family quotient in force that day) minus what was already billed for
 * it is what this run bills; a unit is therefore never billed twice, and a change after an earlier
 * invoice (a cancelled day, an attendance marked later) comes out as an adjustment.
 */
@Injectable()
export class RunRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** Fills `run_due`: every amount due for the office's units of [from, to] (price NULL when none applies). */
  async computeDue(officeId: string, from: string, to: string): Promise<void> {
    await this.txHost.tx.query(
      `CREATE TEMP TABLE run_due ON COMMIT DROP AS
       WITH quotients AS (
         -- each quotient with the day it stops being in force (the next one's start)
         SELECT family_id, value, valid_from, lead(valid_from) OVER (PARTITION BY family_id ORDER BY valid_from) AS valid_until
         FROM billing.family_quotient WHERE valid_from <= $3),
       scope AS (
         SELECT u.family_id, u.child_id, u.service_id, u.day, u.booked, u.minutes, u.attendance,
                r.basis, r.unit AS price_unit, r.label AS service_label,
                r.unbooked_presence_surcharge_cents AS s_unbooked, r.unexcused_absence_surcharge_cents AS s_absence,
                q.value AS quotient
         FROM billing.unit u JOIN billing.service_rule r ON r.service_id = u.service_id
         LEFT JOIN quotients q ON q.family_id = u.family_id AND q.valid_from <= u.day AND (q.valid_until IS NULL OR u.day < q.valid_until)
         WHERE r.office_id = $1 AND u.day BETWEEN $2 AND $3),
       priced AS (
         -- prices of a service never overlap (SetupService refuses it): at most one applies
         SELECT s.*, p.amount_cents AS price
         FROM scope s LEFT JOIN billing.price p
           ON p.service_id = s.service_id AND p.valid_from <= s.day AND (p.valid_to IS NULL OR p.valid_to >= s.day)
          AND CASE WHEN s.quotient IS NULL THEN p.quotient_max IS NULL
                   ELSE p.quotient_min <= s.quotient AND (p.quotient_max IS NULL OR s.quotient < p.quotient_max) END)
       SELECT family_id, child_id, service_id, day, 'day'::text AS kind, price_unit, service_label, quotient, price,
              CASE WHEN price_unit = 'hour' THEN coalesce(minutes, 60) END AS minutes,
              CASE WHEN price_unit = 'hour' THEN round(price * coalesce(minutes, 60) / 60.0)::int ELSE price END AS amount
       FROM priced
       WHERE CASE WHEN attendance = 'excused' THEN false WHEN attendance = 'present' THEN true WHEN basis = 'booked' THEN booked ELSE false END
       UNION ALL
       SELECT family_id, child_id, service_id, day, 'unbooked-surcharge', price_unit, service_label, quotient, s_unbooked, NULL, s_unbooked
       FROM priced WHERE NOT booked AND attendance = 'present' AND s_unbooked > 0
       UNION ALL
       SELECT family_id, child_id, service_id, day, 'absence-surcharge', price_unit, service_label, quotient, s_absence, NULL, s_absence
       FROM priced WHERE booked AND attendance = 'absent' AND s_absence > 0`,
      [officeId, from, to],
    );
  }

  /** Units due that no price covers (service, day, quotient), a few per service. */
  async missingPrices(limit = 50): Promise<MissingPrice[]> {
    return this.txHost.tx.query(
      `SELECT DISTINCT ON (service_id, quotient) service_id AS "serviceId", service_label AS label, to_char(day, 'YYYY-MM-DD') AS day, quotient
       FROM run_due WHERE amount IS NULL ORDER BY service_id, quotient, day LIMIT $1`,
      [limit],
    );
  }

  /**
   * Fills `run_diff` (due − already billed, per unit and kind, when not zero), `run_invoice` (one
   * per family whose total is positive, ranked) and `run_line` (one line per child, service, kind
   * and unit price; changes to days billed before are one adjustment line per child and service).
   */
  async computeInvoices(officeId: string, from: string, to: string): Promise<RunTotals> {
    await this.txHost.tx.query(
      `CREATE TEMP TABLE run_diff ON COMMIT DROP AS
       WITH billed AS (
         SELECT b.family_id, b.child_id, b.service_id, b.day, b.kind, sum(b.amount_cents)::int AS amount
         FROM billing.billed_unit b JOIN billing.service_rule r ON r.service_id = b.service_id
         WHERE r.office_id = $1 AND b.day BETWEEN $2 AND $3
         GROUP BY 1, 2, 3, 4, 5)
       SELECT coalesce(d.family_id, b.family_id) AS family_id, coalesce(d.child_id, b.child_id) AS child_id,
              coalesce(d.service_id, b.service_id) AS service_id, coalesce(d.day, b.day) AS day, coalesce(d.kind, b.kind) AS kind,
              coalesce(d.amount, 0) - coalesce(b.amount, 0) AS amount, d.price, d.minutes,
              coalesce(b.amount, 0) <> 0 AS adjusting -- billed before (a unit billed then reversed by a cancellation bills as new)
       FROM run_due d FULL JOIN billed b ON b.child_id = d.child_id AND b.service_id = d.service_id AND b.day = d.day AND b.kind = d.kind
       WHERE coalesce(d.amount, 0) <> coalesce(b.amount, 0)`,
      [officeId, from, to],
    );
    // temporary tables have no statistics until analysed: without them the planner picks nested loops over a million units
    await this.txHost.tx.query(`ANALYZE run_diff`);
    await this.txHost.tx.query(`CREATE TEMP TABLE run_family ON COMMIT DROP AS SELECT family_id, sum(amount)::int AS total FROM run_diff GROUP BY family_id`);
    await this.txHost.tx.query(
      `CREATE TEMP TABLE run_invoice ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, family_id, total, row_number() OVER (ORDER BY family_id)::int AS rank FROM run_family WHERE total > 0`,
    );
    await this.txHost.tx.query(
      `CREATE TEMP TABLE run_line ON COMMIT DROP AS
       WITH grouped AS (
         SELECT d.family_id, d.child_id, d.service_id, CASE WHEN d.adjusting THEN 'adjustment' ELSE d.kind END AS kind,
                CASE WHEN d.adjusting THEN NULL ELSE d.price END AS price,
                CASE WHEN d.adjusting THEN 1 WHEN r.unit = 'hour' AND d.kind = 'day' THEN round(sum(d.minutes) / 60.0, 2) ELSE count(*) END AS quantity,
                sum(d.amount)::int AS amount, count(*)::int AS units, r.label AS service_label, r.unit
         FROM run_diff d JOIN billing.service_rule r ON r.service_id = d.service_id
         GROUP BY d.family_id, d.child_id, d.service_id, 4, 5, d.adjusting, d.kind, r.label, r.unit)
       SELECT gen_random_uuid() AS id, i.id AS invoice_id, g.family_id, g.child_id, g.service_id, g.kind, g.price, g.quantity, g.amount, g.units,
              CASE g.kind
                WHEN 'day' THEN g.service_label || ' (' || CASE g.unit WHEN 'hour' THEN 'heure' WHEN 'half-day' THEN 'demi-journée' ELSE 'jour' END || ')'
                WHEN 'unbooked-surcharge' THEN 'Majoration présence sans réservation — ' || g.service_label
                WHEN 'absence-surcharge' THEN 'Majoration absence non justifiée — ' || g.service_label
                ELSE 'Régularisation (jours modifiés après une facture précédente) — ' || g.service_label END AS label,
              row_number() OVER (PARTITION BY i.id ORDER BY g.child_id, g.service_label, g.service_id,
                CASE g.kind WHEN 'day' THEN 1 WHEN 'unbooked-surcharge' THEN 2 WHEN 'absence-surcharge' THEN 3 ELSE 4 END, g.price)::int AS position
       FROM grouped g JOIN run_invoice i ON i.family_id = g.family_id`,
    );
    await this.txHost.tx.query(`ANALYZE run_invoice, run_line`);
    const [totals] = await this.txHost.tx.query(
      `SELECT (SELECT count(*)::int FROM run_family) AS families,
              (SELECT count(*)::int FROM run_invoice) AS invoices,
              (SELECT count(*)::int FROM run_line) AS lines,
              (SELECT coalesce(sum(units), 0)::int FROM run_line) AS units,
              (SELECT coalesce(sum(total), 0)::bigint FROM run_invoice) AS "totalCents"`,
    );
    return { ...totals, totalCents: Number(totals.totalCents), carriedFamilies: totals.families - totals.invoices };
  }

  /** Takes `count` numbers of the office's series for the year (gap-free: the counter row is locked until commit). Returns the first. */
  async takeNumbers(officeId: string, kind: 'invoice' | 'credit-note', year: number, count: number): Promise<number> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO billing.number_series AS s (office_id, kind, year, last) VALUES ($1, $2, $3, $4)
       ON CONFLICT (office_id, kind, year) DO UPDATE SET last = s.last + $4
       RETURNING last - $4 + 1 AS first`,
      [officeId, kind, year, count],
    );
    return row.first;
  }

  /** Writes the run, its invoices, lines and billed units from the temporary tables. */
  async record(run: { officeId: string; officeCode: string; label: string; invoiceLabel: string; from: string; to: string; issuedOn: string; dueOn: string; year: number; firstSeq: number; createdBy: string }, totals: RunTotals): Promise<string> {
    const [{ id: runId }] = await this.txHost.tx.query(
      `INSERT INTO billing.run (office_id, label, period_from, period_to, invoices, total_cents, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [run.officeId, run.label, run.from, run.to, totals.invoices, totals.totalCents, run.createdBy],
    );
    await this.txHost.tx.query(
      `INSERT INTO billing.invoice (id, office_id, family_id, number, year, seq, label, run_id, period_from, period_to, issued_on, due_on, total_cents)
       SELECT i.id, $1, i.family_id, $2 || '-' || $3::int || '-' || lpad(($4::int + i.rank - 1)::text, 6, '0'), $3::smallint, $4::int + i.rank - 1, $5, $6, $7, $8, $9, $10, i.total
       FROM run_invoice i`,
      [run.officeId, run.officeCode, run.year, run.firstSeq, run.invoiceLabel, runId, run.from, run.to, run.issuedOn, run.dueOn],
    );
    await this.txHost.tx.query(
      `INSERT INTO billing.invoice_line (id, invoice_id, position, child_id, service_id, kind, label, quantity, unit_price_cents, amount_cents)
       SELECT id, invoice_id, position, child_id, service_id, kind, label, quantity, coalesce(price, amount), amount FROM run_line`,
    );
    await this.txHost.tx.query(
      `INSERT INTO billing.billed_unit (family_id, child_id, service_id, day, kind, amount_cents, line_id)
       SELECT d.family_id, d.child_id, d.service_id, d.day, d.kind, d.amount, l.id
       FROM run_diff d
       JOIN run_line l ON l.family_id = d.family_id AND l.child_id = d.child_id AND l.service_id = d.service_id
        AND l.kind = CASE WHEN d.adjusting THEN 'adjustment' ELSE d.kind END
        AND l.price IS NOT DISTINCT FROM CASE WHEN d.adjusting THEN NULL ELSE d.price END
       -- in the order of billed_unit_key: its index grows at its end instead of at random places
       ORDER BY d.service_id, d.day, d.child_id`,
    );
    return runId;
  }
}
