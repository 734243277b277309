import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * billing, the money side (issue 7): what of each payment and credit note is used (allocated to
 * invoices or refunded) — the rest is the family credit —, the term-activity registrations an online
 * payment pays and what reservations decided for each, refunds recorded by staff.
 */
export class BillingMoney1764400001000 implements MigrationInterface {
  name = 'BillingMoney1764400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE billing.payment
        -- allocated to invoices or refunded; amount − used is the family credit it leaves
        ADD COLUMN used_cents integer NOT NULL DEFAULT 0,
        -- online: the term-activity registrations it pays (its money waits for them: reservations decides)
        ADD COLUMN registration_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE billing.credit_note ADD COLUMN used_cents integer NOT NULL DEFAULT 0`);
    await q.query(`UPDATE billing.payment p SET used_cents = (SELECT coalesce(sum(a.amount_cents), 0) FROM billing.allocation a WHERE a.payment_id = p.id)`);
    await q.query(`UPDATE billing.credit_note c SET used_cents = (SELECT coalesce(sum(a.amount_cents), 0) FROM billing.allocation a WHERE a.credit_note_id = c.id)`);
    await q.query(`ALTER TABLE billing.payment ADD CONSTRAINT payment_used CHECK (used_cents BETWEEN 0 AND amount_cents)`);
    await q.query(`ALTER TABLE billing.credit_note ADD CONSTRAINT credit_note_used CHECK (used_cents BETWEEN 0 AND amount_cents)`);
    // the family credit: payments and credit notes not entirely used
    await q.query(`CREATE INDEX payment_credit ON billing.payment (family_id) WHERE used_cents < amount_cents`);
    await q.query(`CREATE INDEX credit_note_credit ON billing.credit_note (family_id) WHERE used_cents < amount_cents`);
    await q.query(`CREATE INDEX credit_note_invoice ON billing.credit_note (invoice_id)`);
    await q.query(`
      CREATE TABLE billing.registration_payment (
        -- what reservations decided for a term-activity registration an online payment paid
        source_payment_id text NOT NULL,
        registration_id   uuid NOT NULL,
        family_id         uuid NOT NULL,
        -- confirmed: the registration's invoice is paid by it; due-back: its amount goes back to the family
        outcome           text NOT NULL CHECK (outcome IN ('confirmed', 'due-back')),
        -- due-back: the places were gone (payment-too-late), another payment had confirmed it (already-paid)
        reason            text CHECK (reason IN ('payment-too-late', 'already-paid')),
        amount_cents      integer NOT NULL CHECK (amount_cents >= 0),
        created_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_payment_id, registration_id),
        CHECK ((outcome = 'due-back') = (reason IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE billing.refund (
        -- money given back to a family by staff, out of its credit: (part of) a payment or a credit note not used
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id      uuid NOT NULL,
        payment_id     uuid REFERENCES billing.payment (id),
        credit_note_id uuid REFERENCES billing.credit_note (id),
        amount_cents   integer NOT NULL CHECK (amount_cents > 0),
        method         text NOT NULL CHECK (method IN ('transfer', 'cheque', 'cash', 'card', 'other')),
        reference      text,
        refunded_on    date NOT NULL,
        reason         text NOT NULL,
        recorded_by    uuid NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CHECK ((payment_id IS NULL) <> (credit_note_id IS NULL))
      )`);
    await q.query(`CREATE INDEX refund_family ON billing.refund (family_id, refunded_on)`);
    await q.query(`CREATE INDEX refund_payment ON billing.refund (payment_id) WHERE payment_id IS NOT NULL`);
    await q.query(`CREATE INDEX refund_credit_note ON billing.refund (credit_note_id) WHERE credit_note_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing.refund, billing.registration_payment`);
    await q.query(`DROP INDEX billing.payment_credit, billing.credit_note_credit, billing.credit_note_invoice`);
    await q.query(`ALTER TABLE billing.credit_note DROP CONSTRAINT credit_note_used, DROP COLUMN used_cents`);
    await q.query(`ALTER TABLE billing.payment DROP CONSTRAINT payment_used, DROP COLUMN used_cents, DROP COLUMN registration_ids`);
  }
}
