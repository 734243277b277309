import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../../platform/database/transaction-host';
import type { DocumentType } from '../domain/file-signature';
import type { DocumentStatus } from '../domain/supporting-document';

export interface DocumentRecord {
  id: string;
  familyId: string;
  childId: string | null;
  kindId: string;
  kindCode: string;
  fileName: string;
  contentType: DocumentType;
  size: number;
  storageKey: string;
  status: DocumentStatus;
  uploadedAt: Date;
  reviewedAt: Date | null;
  validUntil: string | null;
  rejectionReason: string | null;
}

export interface NewDocument {
  id: string;
  familyId: string;
  childId: string | null;
  kindId: string;
  fileName: string;
  contentType: DocumentType;
  size: number;
  sha256: Buffer;
  storageKey: string;
  uploadedBy: string;
}

export type Review = { outcome: 'accepted'; validUntil: string | null } | { outcome: 'rejected'; reason: string };

export interface ChildName {
  id: string;
  firstName: string;
  lastName: string;
}

/** A document in the staff review queue, with who it is about. */
export interface QueuedDocument extends DocumentRecord {
  kindLabel: string;
  familyReference: string | null;
  guardians: string[];
  child: ChildName | null;
}

const COLUMNS = `d.id, d.family_id AS "familyId", d.child_id AS "childId", d.kind_id AS "kindId", k.code AS "kindCode",
  d.file_name AS "fileName", d.content_type AS "contentType", d.size_bytes AS "size", d.storage_key AS "storageKey",
  d.status, d.uploaded_at AS "uploadedAt", d.reviewed_at AS "reviewedAt",
  to_char(d.valid_until, 'YYYY-MM-DD') AS "validUntil", d.rejection_reason AS "rejectionReason"`;
const FROM = `family.document d JOIN family.document_kind k ON k.id = d.kind_id`;

/** family.document (files sent and their review) and family.document_access; reads family.family and family.child. */
@Injectable()
export class DocumentRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async insert(doc: NewDocument): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO family.document (id, family_id, child_id, kind_id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [doc.id, doc.familyId, doc.childId, doc.kindId, doc.fileName, doc.contentType, doc.size, doc.sha256, doc.storageKey, doc.uploadedBy],
    );
  }

  async find(id: string): Promise<DocumentRecord | undefined> {
    const [doc] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE d.id = $1`, [id]);
    return doc;
  }

  /** The document if it is this family's: another family's answers as if it did not exist. */
  async findOfFamily(id: string, familyId: string): Promise<DocumentRecord | undefined> {
    const [doc] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE d.id = $1 AND d.family_id = $2`, [id, familyId]);
    return doc;
  }

  /** Every file the family sent (for the family or any child), oldest first. */
  async ofFamily(familyId: string): Promise<DocumentRecord[]> {
    return this.txHost.tx.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE d.family_id = $1 ORDER BY d.uploaded_at, d.id`, [familyId]);
  }

  /** Files of these kinds sent for the family itself or for this child. */
  async ofFamilyAndChild(familyId: string, childId: string, kindIds: string[]): Promise<DocumentRecord[]> {
    return this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE d.family_id = $1 AND (d.child_id IS NULL OR d.child_id = $2) AND d.kind_id = ANY($3::uuid[]) ORDER BY d.uploaded_at, d.id`,
      [familyId, childId, kindIds],
    );
  }

  /** Files of one proof (kind, family, child or none) still awaiting review. */
  async countAwaitingReview(familyId: string, childId: string | null, kindId: string): Promise<number> {
    const [row] = await this.txHost.tx.query(
      `SELECT count(*)::int AS n FROM family.document WHERE family_id = $1 AND child_id IS NOT DISTINCT FROM $2::uuid AND kind_id = $3 AND status = 'sent'`,
      [familyId, childId, kindId],
    );
    return row.n;
  }

  /** Records staff's decision if the document still awaits one; false when it does not (reviewed meanwhile). */
  async review(id: string, review: Review, staffAccountId: string, at: Date): Promise<boolean> {
    const [, count]: [unknown, number] = await this.txHost.tx.query(
      `UPDATE family.document SET status = $2, valid_until = $3, rejection_reason = $4, reviewed_by = $5, reviewed_at = $6
        WHERE id = $1 AND status = 'sent'`,
      [id, review.outcome, review.outcome === 'accepted' ? review.validUntil : null, review.outcome === 'rejected' ? review.reason : null, staffAccountId, at],
    );
    return count === 1;
  }

  /** The review queue (or the documents in another state), with the family and child they are about. */
  async list(status: DocumentStatus, limit: number, offset: number): Promise<QueuedDocument[]> {
    return this.txHost.tx.query(
      `SELECT ${COLUMNS}, k.label AS "kindLabel", f.reference AS "familyReference",
              array(SELECT g.first_name || ' ' || g.last_name FROM family.guardian g WHERE g.family_id = f.id ORDER BY g.position) AS guardians,
              CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'firstName', c.first_name, 'lastName', c.last_name) END AS child
         FROM ${FROM}
         JOIN family.family f ON f.id = d.family_id
         LEFT JOIN family.child c ON c.id = d.child_id
        WHERE d.status = $1
        ORDER BY CASE WHEN $1 = 'sent' THEN d.uploaded_at END ASC, d.uploaded_at DESC, d.id
        LIMIT $2 OFFSET $3`,
      [status, limit, offset],
    );
  }

  /** Staff downloads are recorded (a proof may be a health record, e.g. a vaccination record). */
  async recordStaffAccess(documentId: string, accountId: string): Promise<void> {
    await this.txHost.tx.query(`INSERT INTO family.document_access (document_id, account_id) VALUES ($1, $2)`, [documentId, accountId]);
  }

  async familyExists(familyId: string): Promise<boolean> {
    const [row] = await this.txHost.tx.query(`SELECT EXISTS (SELECT 1 FROM family.family WHERE id = $1) AS found`, [familyId]);
    return row.found;
  }

  async children(familyId: string): Promise<ChildName[]> {
    return this.txHost.tx.query(`SELECT id, first_name AS "firstName", last_name AS "lastName" FROM family.child WHERE family_id = $1 ORDER BY position`, [familyId]);
  }

  async childOfFamily(familyId: string, childId: string): Promise<ChildName | undefined> {
    const [child] = await this.txHost.tx.query(`SELECT id, first_name AS "firstName", last_name AS "lastName" FROM family.child WHERE id = $2 AND family_id = $1`, [familyId, childId]);
    return child;
  }
}
