import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * family: the families staff create or import, their guardians (name, e-mail, mobile on file,
 * and the account that activated them) and children (name, birth date). Issue 5 adds the rest
 * of the family and child files.
 */
export class FamilyRecords1764000000000 implements MigrationInterface {
  name = 'FamilyRecords1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE family.family (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- the establishment's own reference (e.g. from its previous software), the key of CSV imports
        reference  text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid NOT NULL
      )`);
    await q.query(`
      CREATE TABLE family.guardian (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id    uuid NOT NULL REFERENCES family.family (id),
        -- 1 or 2: the order staff entered the guardians in
        position     smallint NOT NULL CHECK (position BETWEEN 1 AND 2),
        last_name    text NOT NULL,
        first_name   text NOT NULL,
        -- lower-case, accents and punctuation removed: what activation compares
        name_key     text NOT NULL,
        email        text NOT NULL,
        -- E.164
        mobile       text NOT NULL,
        -- set when the guardian activated an account (identity.guardian-activated)
        account_id   uuid UNIQUE,
        activated_at timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX guardian_email ON family.guardian (lower(email))`);
    await q.query(`CREATE UNIQUE INDEX guardian_family ON family.guardian (family_id, position)`);
    await q.query(`CREATE INDEX guardian_activation_lookup ON family.guardian (mobile, name_key)`);
    await q.query(`
      CREATE TABLE family.child (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id  uuid NOT NULL REFERENCES family.family (id),
        -- the order staff entered the children in
        position   smallint NOT NULL,
        last_name  text NOT NULL,
        first_name text NOT NULL,
        birth_date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX child_family ON family.child (family_id, position)`);
    await q.query(`
      CREATE TABLE family.guardian_child (
        guardian_id  uuid NOT NULL REFERENCES family.guardian (id),
        child_id     uuid NOT NULL REFERENCES family.child (id),
        -- "Je suis le représentant légal de cet élève" answered yes, with the right birth date
        confirmed_at timestamptz NOT NULL,
        PRIMARY KEY (guardian_id, child_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE family.guardian_child, family.child, family.guardian, family.family`);
  }
}
