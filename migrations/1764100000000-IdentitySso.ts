import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SSO (EduConnect-style OpenID Connect): flow state of a login in progress, SSO subjects linked to
 * accounts, single-use link tickets for subjects not linked yet, and the ID token kept with an SSO
 * session for the provider logout (id_token_hint).
 */
export class IdentitySso1764100000000 implements MigrationInterface {
  name = 'IdentitySso1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per authorization request, single use, ~10 minutes: keyed by SHA-256 of `state`;
    // `browser_hash` is SHA-256 of the httpOnly cookie that binds the flow to the browser that started it.
    await q.query(`
      CREATE TABLE identity.sso_login_attempt (
        state_hash    bytea PRIMARY KEY,
        browser_hash  bytea NOT NULL,
        nonce         text NOT NULL,
        code_verifier text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sso_login_attempt_expires ON identity.sso_login_attempt (expires_at)`);
    await q.query(`
      CREATE TABLE identity.sso_identity (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        issuer     text NOT NULL,
        subject    text NOT NULL,
        account_id uuid NOT NULL REFERENCES identity.account (id) ON DELETE CASCADE,
        linked_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sso_identity_issuer_subject UNIQUE (issuer, subject)
      )`);
    await q.query(`CREATE INDEX sso_identity_account ON identity.sso_identity (account_id)`);
    await q.query(`
      CREATE TABLE identity.sso_link_ticket (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash  bytea NOT NULL UNIQUE,
        issuer      text NOT NULL,
        subject     text NOT NULL,
        given_name  text,
        family_name text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz
      )`);
    await q.query(`ALTER TABLE identity.session ADD COLUMN sso_id_token text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.session DROP COLUMN sso_id_token`);
    await q.query(`DROP TABLE identity.sso_link_ticket, identity.sso_identity, identity.sso_login_attempt`);
  }
}
