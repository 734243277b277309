import { MigrationInterface, QueryRunner } from 'typeorm';

/** One schema per module, the platform's event tables, and identity's accounts and sessions. */
export class Foundation1763850000000 implements MigrationInterface {
  name = 'Foundation1763850000000';

  async up(q: QueryRunner): Promise<void> {
    for (const schema of ['platform', 'identity', 'family', 'reservations', 'billing', 'payments', 'notifications']) {
      await q.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    }
    await q.query(`
      CREATE TABLE platform.outbox_event (
        position     bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        id           uuid PRIMARY KEY,
        type         text NOT NULL,
        version      integer NOT NULL,
        aggregate_id text NOT NULL,
        payload      jsonb NOT NULL,
        occurred_at  timestamptz NOT NULL DEFAULT now(),
        relayed_at   timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_event_unrelayed ON platform.outbox_event (position) WHERE relayed_at IS NULL`);
    await q.query(`CREATE INDEX outbox_event_relayed_at ON platform.outbox_event (relayed_at) WHERE relayed_at IS NOT NULL`);
    await q.query(`CREATE INDEX outbox_event_aggregate ON platform.outbox_event (aggregate_id)`);
    await q.query(`
      CREATE TABLE platform.event_inbox (
        event_id   uuid NOT NULL,
        handler    text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, handler)
      )`);
    await q.query(`
      CREATE TABLE platform.event_dead_letter (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id     uuid NOT NULL,
        event_type   text NOT NULL,
        handler      text NOT NULL,
        queue        text NOT NULL,
        attempts     integer NOT NULL,
        last_error   text NOT NULL,
        status       text NOT NULL DEFAULT 'dead' CHECK (status IN ('dead', 'replayed')),
        failed_at    timestamptz NOT NULL DEFAULT now(),
        replayed_at  timestamptz,
        replay_count integer NOT NULL DEFAULT 0,
        UNIQUE (event_id, handler)
      )`);
    await q.query(`CREATE INDEX event_dead_letter_status ON platform.event_dead_letter (status, failed_at DESC)`);

    await q.query(`
      CREATE TABLE identity.account (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email        text NOT NULL UNIQUE,
        role         text NOT NULL CHECK (role IN ('guardian', 'staff', 'admin')),
        display_name text NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        disabled_at  timestamptz
      )`);
    await q.query(`
      CREATE TABLE identity.session (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES identity.account (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX session_account ON identity.session (account_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.session, identity.account, platform.event_dead_letter, platform.event_inbox, platform.outbox_event`);
    for (const schema of ['notifications', 'payments', 'billing', 'reservations', 'family', 'identity', 'platform']) {
      await q.query(`DROP SCHEMA IF EXISTS ${schema}`);
    }
  }
}
