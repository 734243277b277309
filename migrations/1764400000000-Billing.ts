import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * billing (issue 7): billing offices ("régies") with their gap-free number series, prices by
 * family-quotient bracket, billing rules per service, the projections billing keeps of what it bills
 * (units from reservations, quotients from family), billing runs, invoices and their lines with the
 * trace of every unit billed, credit notes, payments and their allocations to invoices, reminders.
 * Families, children, services and establishments are referenced by id only. Money in integer cents.
 */
export class Billing1764400000000 implements MigrationInterface {
  name = 'Billing1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE billing.office (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- short code, part of the invoice numbers: REST-2026-000123
        code                 text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9]{1,9}$'),
        -- "Régie restauration scolaire"; the start of the invoices' label
        name                 text NOT NULL,
        -- the establishments whose services it bills (each establishment by one office at most)
        establishment_ids    uuid[] NOT NULL DEFAULT '{}',
        due_days             smallint NOT NULL DEFAULT 30 CHECK (due_days BETWEEN 0 AND 365),
        -- reminders, in days after the due date
        reminder_days        smallint[] NOT NULL DEFAULT '{15,45}',
        -- issue 8: how long an invoice with a payment pending cannot be paid again
        payment_lock_minutes smallint NOT NULL DEFAULT 30 CHECK (payment_lock_minutes BETWEEN 1 AND 1440),
        -- for the PDF: {legalName, address, siret, email, phone}
        issuer               jsonb NOT NULL,
        -- how to pay, printed on the invoice
        payment_instructions text,
        active               boolean NOT NULL DEFAULT true,
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz
      )`);
    await q.query(`
      CREATE TABLE billing.number_series (
        office_id uuid NOT NULL REFERENCES billing.office (id),
        kind      text NOT NULL CHECK (kind IN ('invoice', 'credit-note')),
        year      smallint NOT NULL,
        -- the last number given; numbers are taken in the issuing transaction (gap-free)
        last      integer NOT NULL CHECK (last >= 0),
        PRIMARY KEY (office_id, kind, year)
      )`);
    await q.query(`
      CREATE TABLE billing.service_rule (
        -- a reservations service this office bills
        service_id        uuid PRIMARY KEY,
        office_id         uuid NOT NULL REFERENCES billing.office (id),
        establishment_id  uuid NOT NULL,
        -- what the invoice line says: "Restauration scolaire"
        label             text NOT NULL,
        -- what a price is for: a day, a half-day, an hour (hourly slots, prorated by the minute), a session
        unit              text NOT NULL CHECK (unit IN ('day', 'half-day', 'hour')),
        -- booked: every booked day (an absence excused with a proof is not billed); attended: the days present
        basis             text NOT NULL CHECK (basis IN ('booked', 'attended')),
        -- added to the price of a day present but not booked
        unbooked_presence_surcharge_cents integer NOT NULL DEFAULT 0 CHECK (unbooked_presence_surcharge_cents BETWEEN 0 AND 100000),
        -- added for a booked day of absence not excused
        unexcused_absence_surcharge_cents integer NOT NULL DEFAULT 0 CHECK (unexcused_absence_surcharge_cents BETWEEN 0 AND 100000),
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz
      )`);
    await q.query(`CREATE INDEX service_rule_office ON billing.service_rule (office_id)`);
    await q.query(`
      CREATE TABLE billing.price (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id   uuid NOT NULL REFERENCES billing.service_rule (service_id),
        -- family-quotient bracket [min, max); max NULL = no upper bound (also the price without a quotient on file)
        quotient_min integer NOT NULL DEFAULT 0 CHECK (quotient_min >= 0),
        quotient_max integer CHECK (quotient_max > quotient_min),
        -- per unit of the service rule
        amount_cents integer NOT NULL CHECK (amount_cents BETWEEN 0 AND 10000000),
        valid_from   date NOT NULL,
        -- last day in force; NULL = until further notice
        valid_to     date CHECK (valid_to >= valid_from),
        created_by   uuid NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX price_service ON billing.price (service_id, valid_from)`);
    await q.query(`
      CREATE TABLE billing.family_quotient (
        -- projection of family.quotient.changed.v1
        family_id  uuid NOT NULL,
        valid_from date NOT NULL,
        value      integer NOT NULL CHECK (value >= 0),
        PRIMARY KEY (family_id, valid_from)
      )`);
    await q.query(`
      CREATE TABLE billing.unit (
        -- projection of what reservations recorded for a child, a service and a day (re-read from
        -- reservations on each of its events): booked or not, the slot's length, attendance
        child_id         uuid NOT NULL,
        service_id       uuid NOT NULL,
        day              date NOT NULL,
        family_id        uuid NOT NULL,
        establishment_id uuid NOT NULL,
        booked           boolean NOT NULL,
        -- hourly slots: minutes booked
        minutes          integer CHECK (minutes > 0),
        attendance       text CHECK (attendance IN ('present', 'absent', 'excused')),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (child_id, service_id, day)
      )`);
    await q.query(`CREATE INDEX unit_service_day ON billing.unit (service_id, day)`);
    await q.query(`
      CREATE TABLE billing.run (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        office_id   uuid NOT NULL REFERENCES billing.office (id),
        label       text NOT NULL,
        period_from date NOT NULL,
        period_to   date NOT NULL CHECK (period_to >= period_from),
        invoices    integer NOT NULL,
        total_cents bigint NOT NULL,
        created_by  uuid NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE billing.invoice (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        office_id    uuid NOT NULL REFERENCES billing.office (id),
        family_id    uuid NOT NULL,
        -- REST-2026-000123: sequential without gaps within the office's series and year
        number       text NOT NULL UNIQUE,
        year         smallint NOT NULL,
        seq          integer NOT NULL,
        -- "RESTAURATION SCOLAIRE — Novembre 2026"
        label        text NOT NULL,
        -- a billing run's invoice, or one of a term-activity registration
        run_id       uuid REFERENCES billing.run (id),
        registration_id uuid UNIQUE,
        period_from  date NOT NULL,
        period_to    date NOT NULL,
        issued_on    date NOT NULL,
        due_on       date NOT NULL,
        total_cents  integer NOT NULL CHECK (total_cents > 0),
        -- allocated payments and credit notes, kept with the allocations
        settled_cents integer NOT NULL DEFAULT 0 CHECK (settled_cents >= 0 AND settled_cents <= total_cents),
        cancelled_at timestamptz,
        cancel_reason text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        UNIQUE (office_id, year, seq),
        CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX invoice_family ON billing.invoice (family_id, issued_on DESC)`);
    await q.query(`CREATE INDEX invoice_open ON billing.invoice (office_id, due_on) WHERE settled_cents < total_cents AND cancelled_at IS NULL`);
    await q.query(`
      CREATE TABLE billing.invoice_line (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invoice_id       uuid NOT NULL REFERENCES billing.invoice (id),
        position         integer NOT NULL,
        child_id         uuid,
        service_id       uuid,
        -- day: the service's price; unbooked-surcharge, absence-surcharge; adjustment: a change after an earlier invoice; activity
        kind             text NOT NULL CHECK (kind IN ('day', 'unbooked-surcharge', 'absence-surcharge', 'adjustment', 'activity')),
        label            text NOT NULL,
        quantity         numeric(10, 2) NOT NULL,
        unit_price_cents integer NOT NULL,
        amount_cents     integer NOT NULL,
        UNIQUE (invoice_id, position)
      )`);
    await q.query(`CREATE INDEX invoice_line_invoice ON billing.invoice_line (invoice_id)`);
    await q.query(`
      CREATE TABLE billing.billed_unit (
        -- every amount billed for a unit, so a unit is never billed twice and every euro of a line is traced
        family_id    uuid NOT NULL,
        child_id     uuid NOT NULL,
        service_id   uuid NOT NULL,
        day          date NOT NULL,
        kind         text NOT NULL CHECK (kind IN ('day', 'unbooked-surcharge', 'absence-surcharge')),
        amount_cents integer NOT NULL,
        -- the line that billed it, or the credit note that took it back (a cancelled invoice)
        line_id        uuid REFERENCES billing.invoice_line (id),
        credit_note_id uuid,
        CHECK ((line_id IS NULL) <> (credit_note_id IS NULL))
      )`);
    await q.query(`CREATE INDEX billed_unit_key ON billing.billed_unit (service_id, day, child_id)`);
    await q.query(`
      CREATE TABLE billing.credit_note (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        office_id    uuid NOT NULL REFERENCES billing.office (id),
        family_id    uuid NOT NULL,
        -- AV-REST-2026-000004: the office's credit-note series, gap-free too
        number       text NOT NULL UNIQUE,
        year         smallint NOT NULL,
        seq          integer NOT NULL,
        invoice_id   uuid NOT NULL REFERENCES billing.invoice (id),
        amount_cents integer NOT NULL CHECK (amount_cents > 0),
        reason       text NOT NULL,
        -- the invoice was cancelled by it (its units go back to be billed again)
        cancels      boolean NOT NULL DEFAULT false,
        created_by   uuid NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        UNIQUE (office_id, year, seq)
      )`);
    await q.query(`CREATE INDEX credit_note_family ON billing.credit_note (family_id)`);
    await q.query(`
      CREATE TABLE billing.payment (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id    uuid NOT NULL,
        office_id    uuid REFERENCES billing.office (id),
        amount_cents integer NOT NULL CHECK (amount_cents > 0),
        method       text NOT NULL CHECK (method IN ('online', 'cash', 'cheque', 'transfer', 'cesu', 'card', 'other')),
        -- cheque number, transfer reference, PayFiP authorization…
        reference    text,
        received_on  date NOT NULL,
        -- the payments module's payment (online): applied once
        source_payment_id text UNIQUE,
        recorded_by  uuid,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX payment_family ON billing.payment (family_id, received_on DESC)`);
    await q.query(`
      CREATE TABLE billing.allocation (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        invoice_id     uuid NOT NULL REFERENCES billing.invoice (id),
        -- a payment or a credit note settles (part of) the invoice
        payment_id     uuid REFERENCES billing.payment (id),
        credit_note_id uuid REFERENCES billing.credit_note (id),
        amount_cents   integer NOT NULL CHECK (amount_cents > 0),
        created_at     timestamptz NOT NULL DEFAULT now(),
        CHECK ((payment_id IS NULL) <> (credit_note_id IS NULL))
      )`);
    await q.query(`CREATE INDEX allocation_invoice ON billing.allocation (invoice_id)`);
    await q.query(`CREATE INDEX allocation_payment ON billing.allocation (payment_id) WHERE payment_id IS NOT NULL`);
    await q.query(`CREATE INDEX allocation_credit_note ON billing.allocation (credit_note_id) WHERE credit_note_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE billing.reminder (
        invoice_id uuid NOT NULL REFERENCES billing.invoice (id),
        -- 1 for the first reminder, …
        rank       smallint NOT NULL,
        sent_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (invoice_id, rank)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE billing.reminder, billing.allocation, billing.payment, billing.credit_note, billing.billed_unit,
        billing.invoice_line, billing.invoice, billing.run, billing.unit, billing.family_quotient, billing.price,
        billing.service_rule, billing.number_series, billing.office`);
  }
}
