import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * family (issue 5): supporting documents ("pièces justificatives"). The kinds of proof staff ask
 * for, the files guardians send for them (the file itself is in the document storage, under
 * `storage_key`) with staff's review, and the record of staff downloads.
 */
export class FamilyDocuments1764200002000 implements MigrationInterface {
  name = 'FamilyDocuments1764200002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE family.document_kind (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- stable code (proof-of-address): completeness codes (document:<code>) and events use it; never changed
        code            text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        -- French, as guardians read it: "Justificatif de domicile"
        label           text NOT NULL,
        description     text,
        -- family: one proof for the family; child: one proof per child
        level           text NOT NULL CHECK (level IN ('family', 'child')),
        -- service kinds (service-kind.ts) that need a valid proof of this kind
        required_for    text[] NOT NULL DEFAULT '{}',
        -- how long an accepted proof stays valid by default; NULL = no expiry
        validity_months smallint CHECK (validity_months BETWEEN 1 AND 120),
        -- an inactive kind is no longer asked for; files already sent for it are kept
        active          boolean NOT NULL DEFAULT true,
        created_by      uuid NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz
      )`);
    await q.query(`
      CREATE TABLE family.document (
        id               uuid PRIMARY KEY,
        family_id        uuid NOT NULL REFERENCES family.family (id),
        -- the child the proof is about (child-level kinds); NULL for family-level kinds
        child_id         uuid REFERENCES family.child (id),
        kind_id          uuid NOT NULL REFERENCES family.document_kind (id),
        -- the name the file is kept and downloaded under (the sent name, cleaned, with the extension of its real type)
        file_name        text NOT NULL,
        -- the type read from the file's first bytes, never from its name or the declared type
        content_type     text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        size_bytes       integer NOT NULL CHECK (size_bytes > 0),
        sha256           bytea NOT NULL,
        -- the file's key in the document storage (a uuid: never anything the user sent)
        storage_key      text NOT NULL UNIQUE,
        -- sent: awaiting review; accepted / rejected by staff (expired is an accepted file past valid_until)
        status           text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'accepted', 'rejected')),
        -- the guardian's account
        uploaded_by      uuid NOT NULL,
        uploaded_at      timestamptz NOT NULL DEFAULT now(),
        -- the staff account that accepted or rejected it
        reviewed_by      uuid,
        reviewed_at      timestamptz,
        -- accepted: last day of validity (inclusive); NULL = no expiry
        valid_until      date,
        -- rejected: why, as the guardian reads it
        rejection_reason text,
        CHECK ((status = 'sent') = (reviewed_at IS NULL) AND (reviewed_at IS NULL) = (reviewed_by IS NULL)),
        CHECK (status = 'accepted' OR valid_until IS NULL),
        CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX document_family ON family.document (family_id, kind_id)`);
    await q.query(`CREATE INDEX document_to_review ON family.document (uploaded_at) WHERE status = 'sent'`);
    await q.query(`
      CREATE TABLE family.document_access (
        document_id uuid NOT NULL REFERENCES family.document (id),
        -- the staff account that downloaded the file (a proof may be a health record)
        account_id  uuid NOT NULL,
        accessed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX document_access_document ON family.document_access (document_id, accessed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE family.document_access, family.document, family.document_kind`);
  }
}
