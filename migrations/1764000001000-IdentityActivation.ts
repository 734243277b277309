import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * identity: a guardian's account knows its guardian and family (ids from the family module);
 * activations in progress (SMS code, children's birth dates, password, e-mail link).
 */
export class IdentityActivation1764000001000 implements MigrationInterface {
  name = 'IdentityActivation1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.account ADD COLUMN family_id uuid, ADD COLUMN guardian_id uuid UNIQUE`);
    await q.query(`
      CREATE TABLE identity.activation (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- SHA-256 of the token the guardian's browser holds for the whole activation
        token_hash           bytea NOT NULL UNIQUE,
        -- null when nobody on file matched: the activation goes on like any other and never succeeds
        guardian_id          uuid,
        family_id            uuid,
        mobile               text NOT NULL,
        display_name         text,
        created_at           timestamptz NOT NULL DEFAULT now(),
        -- 15 days to finish
        expires_at           timestamptz NOT NULL,
        code_hash            bytea NOT NULL,
        code_expires_at      timestamptz NOT NULL,
        code_attempts        integer NOT NULL DEFAULT 0,
        codes_sent           integer NOT NULL DEFAULT 1,
        code_verified_at     timestamptz,
        birth_date_attempts  integer NOT NULL DEFAULT 0,
        confirmed_child_ids  uuid[],
        children_confirmed_at timestamptz,
        -- an SSO subject waiting to be linked (identity.sso_link_ticket), when the activation started from an SSO login
        sso_ticket           text,
        email                text,
        password_hash        text,
        email_token_hash     bytea UNIQUE,
        email_sent_at        timestamptz,
        completed_at         timestamptz,
        account_id           uuid
      )`);
    await q.query(`CREATE INDEX activation_guardian ON identity.activation (guardian_id) WHERE completed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.activation`);
    await q.query(`ALTER TABLE identity.account DROP COLUMN guardian_id, DROP COLUMN family_id`);
  }
}
