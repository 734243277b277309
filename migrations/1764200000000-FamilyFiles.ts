import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * family (issue 5): the rest of the family file (address, phones, e-mail, quotient) and of the
 * child file (sex, school, class, health block, contacts, authorizations), the "J'accepte"
 * submissions, the history of every change (also the queue of changes waiting for staff), the
 * fields staff validate, and the log of staff reads of health data.
 */
export class FamilyFiles1764200000000 implements MigrationInterface {
  name = 'FamilyFiles1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE family.family
        -- {line1, line2, postcode, city, inseeCode}: postcode and city from the official list
        ADD COLUMN address jsonb,
        -- [{label: domicile|mobile|travail|autre, number: E.164}], at most 5
        ADD COLUMN phones jsonb NOT NULL DEFAULT '[]',
        -- the family's contact e-mail (each guardian's login e-mail is on the guardian)
        ADD COLUMN email text,
        ADD COLUMN updated_at timestamptz`);
    await q.query(`
      CREATE TABLE family.quotient (
        family_id  uuid NOT NULL REFERENCES family.family (id),
        -- the family quotient ("quotient familial"), in euros as the CAF states it
        value      integer NOT NULL CHECK (value BETWEEN 0 AND 100000),
        -- in force from this date until the next one's
        valid_from date NOT NULL,
        set_by     uuid NOT NULL,
        set_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (family_id, valid_from)
      )`);
    await q.query(`
      ALTER TABLE family.child
        ADD COLUMN sex        text CHECK (sex IN ('F', 'M')),
        ADD COLUMN school     text,
        ADD COLUMN class_name text,
        ADD COLUMN updated_at timestamptz`);
    await q.query(`
      CREATE TABLE family.child_health (
        child_id        uuid PRIMARY KEY REFERENCES family.child (id),
        -- health data: never logged, never in events; each staff read goes to family.health_access
        diet            jsonb,
        medical_history text,
        observations    text,
        doctor          jsonb,
        -- individual care plan (PAI): {hasPlan, details}; null = not answered yet
        careplan        jsonb,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE family.contact (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        child_id   uuid NOT NULL REFERENCES family.child (id),
        position   smallint NOT NULL,
        last_name  text NOT NULL,
        first_name text NOT NULL,
        -- "lien avec l'enfant", free text with suggestions
        relation   text NOT NULL,
        address    jsonb,
        -- 1 or 2 numbers, E.164
        phones     text[] NOT NULL CHECK (cardinality(phones) BETWEEN 1 AND 2),
        -- to call in an emergency / allowed to pick the child up: one person, one or both
        emergency  boolean NOT NULL,
        pickup     boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (emergency OR pickup)
      )`);
    await q.query(`CREATE INDEX contact_child ON family.contact (child_id, position)`);
    await q.query(`
      CREATE TABLE family.authorization_type (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code         text NOT NULL UNIQUE,
        label        text NOT NULL,
        description  text,
        -- service kinds for which an answer is required before booking
        required_for text[] NOT NULL DEFAULT '{}',
        active       boolean NOT NULL DEFAULT true,
        position     integer NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO family.authorization_type (code, label, description, position) VALUES
        ('photos', 'Droit à l''image', 'J''autorise la prise et la diffusion de photos de mon enfant dans le cadre des activités.', 1),
        ('outings', 'Sorties', 'J''autorise mon enfant à participer aux sorties organisées hors de l''établissement.', 2),
        ('emergency-care', 'Soins d''urgence', 'J''autorise les responsables à faire appel aux services d''urgence et à faire soigner mon enfant.', 3),
        ('leave-alone', 'Départ seul', 'J''autorise mon enfant à quitter seul l''accueil à la fin de la journée.', 4)`);
    await q.query(`
      CREATE TABLE family.child_authorization (
        child_id    uuid NOT NULL REFERENCES family.child (id),
        type_id     uuid NOT NULL REFERENCES family.authorization_type (id),
        answer      text NOT NULL CHECK (answer IN ('yes', 'no', 'not-applicable')),
        answered_by uuid NOT NULL,
        answered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (child_id, type_id)
      )`);
    await q.query(`
      CREATE TABLE family.consent_text (
        -- the text a guardian accepts ("J'accepte") when submitting a form; a change is a new version
        version      integer PRIMARY KEY,
        text         text NOT NULL,
        published_by uuid,
        published_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO family.consent_text (version, text) VALUES (1,
        'Je certifie l''exactitude des informations saisies et m''engage à signaler tout changement. J''accepte que ces données soient traitées par la collectivité pour la gestion des services périscolaires, de restauration scolaire, de petite enfance et d''activités, conformément au règlement général sur la protection des données.')`);
    await q.query(`
      CREATE TABLE family.submission (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id       uuid NOT NULL REFERENCES family.family (id),
        child_id        uuid REFERENCES family.child (id),
        form            text NOT NULL CHECK (form IN ('family', 'child', 'new-child')),
        consent_version integer NOT NULL REFERENCES family.consent_text (version),
        submitted_by    uuid NOT NULL,
        submitted_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX submission_family ON family.submission (family_id, submitted_at)`);
    await q.query(`
      CREATE TABLE family.change (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id     uuid NOT NULL REFERENCES family.family (id),
        child_id      uuid REFERENCES family.child (id),
        submission_id uuid REFERENCES family.submission (id),
        -- family.address, child.diet, child.contact, child.authorization, family.quotient…
        field         text NOT NULL,
        -- the contact id or authorization code the change is about
        subject       text,
        old_value     jsonb,
        new_value     jsonb,
        -- applied at once, or pending staff approval, then approved / rejected / superseded by a newer request
        status        text NOT NULL CHECK (status IN ('applied', 'pending', 'approved', 'rejected', 'superseded')),
        changed_by    uuid NOT NULL,
        changed_by_role text NOT NULL,
        changed_at    timestamptz NOT NULL DEFAULT now(),
        seq           bigserial,
        decided_by    uuid,
        decided_at    timestamptz,
        reason        text
      )`);
    await q.query(`CREATE INDEX change_family ON family.change (family_id, seq)`);
    await q.query(`CREATE INDEX change_pending ON family.change (changed_at) WHERE status = 'pending'`);
    await q.query(`CREATE UNIQUE INDEX change_one_pending ON family.change (family_id, coalesce(child_id::text, ''), field) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE family.validated_field (
        -- a field whose changes by a guardian wait for staff approval (family.email, child.birthDate…)
        field  text PRIMARY KEY,
        set_by uuid,
        set_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO family.validated_field (field) VALUES ('family.email')`);
    await q.query(`
      CREATE TABLE family.health_access (
        id         bigserial PRIMARY KEY,
        account_id uuid NOT NULL,
        family_id  uuid NOT NULL REFERENCES family.family (id),
        child_id   uuid REFERENCES family.child (id),
        -- what was read: child-file, history
        what       text NOT NULL,
        at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX health_access_family ON family.health_access (family_id, at)`);
    await q.query(`CREATE INDEX guardian_mobile ON family.guardian (mobile)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX family.guardian_mobile`);
    await q.query(`DROP TABLE family.health_access, family.validated_field, family.change, family.submission, family.consent_text,
      family.child_authorization, family.authorization_type, family.contact, family.child_health, family.quotient`);
    await q.query(`ALTER TABLE family.child DROP COLUMN sex, DROP COLUMN school, DROP COLUMN class_name, DROP COLUMN updated_at`);
    await q.query(`ALTER TABLE family.family DROP COLUMN address, DROP COLUMN phones, DROP COLUMN email, DROP COLUMN updated_at`);
  }
}
