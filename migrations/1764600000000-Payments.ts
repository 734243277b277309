import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * payments (issue 8): PayFiP settings per billing office, one transaction per payment attempt with
 * the invoices it pays (or the registration), the lock against paying an invoice twice, and the log
 * of every check of a transaction with the platform. Billing offices, invoices, registrations,
 * families and accounts are referenced by id only. Money in integer cents.
 */
export class Payments1764600000000 implements MigrationInterface {
  name = 'Payments1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payments.office_settings (
        -- billing's office ("régie"); without a row, its invoices are not paid online
        office_id  uuid PRIMARY KEY,
        -- PayFiP customer number, given by the DGFiP
        numcli     text NOT NULL CHECK (numcli ~ '^[0-9]{6}$'),
        -- saisie: T test, X activation, W production
        mode       text NOT NULL CHECK (mode IN ('T', 'X', 'W')),
        updated_by uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE SEQUENCE payments.ticket_seq`);
    await q.query(`
      CREATE TABLE payments.transaction (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- our reference sent as refdet, checked again in the result
        reference            text NOT NULL UNIQUE CHECK (reference ~ '^[A-Za-z0-9]{1,30}$'),
        -- PayFiP's idOp (null until the platform gave it, and for an attempt it refused)
        operation_id         text UNIQUE,
        family_id            uuid NOT NULL,
        -- the guardian who started it, and the address PayFiP e-mails its own ticket to
        account_id           uuid NOT NULL,
        payer_email          text NOT NULL,
        payer_name           text NOT NULL,
        office_id            uuid NOT NULL,
        numcli               text NOT NULL,
        mode                 text NOT NULL,
        exer                 smallint NOT NULL,
        -- objet: what the payer reads on the platform
        label                text NOT NULL,
        amount_cents         integer NOT NULL CHECK (amount_cents > 0),
        -- a term-activity registration paid by it (else invoices, in payments.transaction_invoice)
        registration_id      uuid,
        registration_number  text,
        state                text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'validated', 'refused', 'abandoned', 'expired', 'error')),
        -- while pending: the last answer that was not final yet (R, Z or A inside the window, P5)
        provisional          text,
        -- resultrans of the final answer
        result_code          text,
        -- the details as received (every field)
        provider_data        jsonb,
        authorization_number text,
        transaction_at       timestamptz,
        -- TP-2026-000123, given when validated
        ticket_number        text UNIQUE,
        -- the lock this attempt took on its invoices (or registration) lasts until then
        locked_until         timestamptz NOT NULL,
        redirect_url         text,
        started_at           timestamptz NOT NULL DEFAULT now(),
        ended_at             timestamptz,
        last_checked_at      timestamptz,
        -- state error: why (the platform refused to create it, an unknown result, a mismatch)
        error_reason         text,
        -- the platform's answer did not match ours (amount, refdet, numcli): no money moved, for staff
        mismatch             boolean NOT NULL DEFAULT false,
        CHECK ((state = 'pending') = (ended_at IS NULL)),
        CHECK ((state = 'validated') = (ticket_number IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX transaction_family ON payments.transaction (family_id, started_at DESC)`);
    await q.query(`CREATE INDEX transaction_pending ON payments.transaction (coalesce(last_checked_at, started_at)) WHERE state = 'pending'`);
    await q.query(`CREATE INDEX transaction_started ON payments.transaction (started_at)`);
    await q.query(`CREATE INDEX transaction_registration ON payments.transaction (registration_id) WHERE registration_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE payments.transaction_invoice (
        transaction_id uuid NOT NULL REFERENCES payments.transaction (id),
        invoice_id     uuid NOT NULL,
        -- in the order the guardian ticked them (the order billing allocates in)
        position       smallint NOT NULL,
        number         text NOT NULL,
        label          text NOT NULL,
        amount_cents   integer NOT NULL CHECK (amount_cents > 0),
        PRIMARY KEY (transaction_id, invoice_id)
      )`);
    await q.query(`CREATE INDEX transaction_invoice_invoice ON payments.transaction_invoice (invoice_id)`);
    await q.query(`
      CREATE TABLE payments.payment_lock (
        -- 'invoice:<id>' or 'registration:<id>'
        subject        text PRIMARY KEY,
        transaction_id uuid NOT NULL REFERENCES payments.transaction (id),
        -- free again after this (a final answer deletes the row earlier)
        locked_until   timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX payment_lock_transaction ON payments.payment_lock (transaction_id)`);
    await q.query(`
      CREATE TABLE payments.check_log (
        id             bigserial PRIMARY KEY,
        transaction_id uuid NOT NULL REFERENCES payments.transaction (id),
        checked_at     timestamptz NOT NULL DEFAULT now(),
        -- what asked: the start, PayFiP's notification, the browser's return, the worker's poll, the guardian, staff
        via            text NOT NULL CHECK (via IN ('start', 'notification', 'return', 'poll', 'guardian', 'staff')),
        -- the staff member or guardian who asked
        account_id     uuid,
        -- what came back: P, V, R, Z, A (or another code), P5, P1, unavailable, rejected…
        answer         text NOT NULL,
        state_before   text NOT NULL,
        state_after    text NOT NULL,
        details        jsonb
      )`);
    await q.query(`CREATE INDEX check_log_transaction ON payments.check_log (transaction_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payments.check_log, payments.payment_lock, payments.transaction_invoice, payments.transaction, payments.office_settings`);
    await q.query(`DROP SEQUENCE payments.ticket_seq`);
  }
}
