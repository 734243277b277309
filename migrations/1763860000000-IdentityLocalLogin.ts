import { MigrationInterface, QueryRunner } from 'typeorm';

/** Local login: password hashes, one-time tokens, CSRF per session, audit; rate-limit counters. */
export class IdentityLocalLogin1763860000000 implements MigrationInterface {
  name = 'IdentityLocalLogin1763860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.account
      ADD COLUMN password_hash text,
      ADD COLUMN password_changed_at timestamptz,
      ADD COLUMN email_confirmed_at timestamptz`);
    await q.query(`CREATE UNIQUE INDEX account_email_lower ON identity.account (lower(email))`);
    await q.query(`ALTER TABLE identity.session
      ADD COLUMN csrf_hash bytea,
      ADD COLUMN ip text,
      ADD COLUMN user_agent text`);
    await q.query(`
      CREATE TABLE identity.one_time_token (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES identity.account (id) ON DELETE CASCADE,
        purpose    text NOT NULL CHECK (purpose IN ('password-reset', 'email-change')),
        token_hash bytea NOT NULL UNIQUE,
        new_email  text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at    timestamptz
      )`);
    await q.query(`CREATE INDEX one_time_token_account ON identity.one_time_token (account_id, purpose)`);
    await q.query(`
      CREATE TABLE identity.audit_entry (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at         timestamptz NOT NULL DEFAULT now(),
        action     text NOT NULL,
        account_id uuid,
        actor_id   uuid,
        ip         text,
        user_agent text,
        details    jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_entry_account ON identity.audit_entry (account_id, at DESC)`);
    await q.query(`
      CREATE TABLE platform.rate_limit (
        key          text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        hits         integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform.rate_limit, identity.audit_entry, identity.one_time_token`);
    await q.query(`ALTER TABLE identity.session DROP COLUMN csrf_hash, DROP COLUMN ip, DROP COLUMN user_agent`);
    await q.query(`DROP INDEX identity.account_email_lower`);
    await q.query(`ALTER TABLE identity.account DROP COLUMN password_hash, DROP COLUMN password_changed_at, DROP COLUMN email_confirmed_at`);
  }
}
