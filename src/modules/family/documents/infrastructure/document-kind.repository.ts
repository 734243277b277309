import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../../platform/database/transaction-host';
import type { ServiceKind } from '../../domain/service-kind';
import type { DocumentKind } from '../domain/supporting-document';

export type NewDocumentKind = Omit<DocumentKind, 'id' | 'active'>;

export type DocumentKindChanges = Partial<Omit<NewDocumentKind, 'code'> & { active: boolean }>;

const COLUMNS = `id, code, label, description, level, required_for AS "requiredFor", validity_months AS "validityMonths", active`;
const UPDATABLE: Record<keyof DocumentKindChanges, string> = {
  label: 'label',
  description: 'description',
  level: 'level',
  requiredFor: 'required_for',
  validityMonths: 'validity_months',
  active: 'active',
};

/** family.document_kind: the kinds of proof staff ask for. */
@Injectable()
export class DocumentKindRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** Every kind, active ones first. */
  async list(): Promise<DocumentKind[]> {
    return this.txHost.tx.query(`SELECT ${COLUMNS} FROM family.document_kind ORDER BY active DESC, label, code`);
  }

  async find(id: string): Promise<DocumentKind | undefined> {
    const [kind] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM family.document_kind WHERE id = $1`, [id]);
    return kind;
  }

  /** Locks the kind's row until the end of the transaction (a change of level against a concurrent first upload). */
  async findForUpdate(id: string): Promise<DocumentKind | undefined> {
    const [kind] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM family.document_kind WHERE id = $1 FOR UPDATE`, [id]);
    return kind;
  }

  /** Keeps the kind as it is (active, level) until the end of the transaction that records a file for it. */
  async findForShare(id: string): Promise<DocumentKind | undefined> {
    const [kind] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM family.document_kind WHERE id = $1 FOR SHARE`, [id]);
    return kind;
  }

  /** The active kinds, and the inactive ones this family has sent files for (its own history). */
  async forFamily(familyId: string): Promise<DocumentKind[]> {
    return this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM family.document_kind k
        WHERE k.active OR EXISTS (SELECT 1 FROM family.document d WHERE d.kind_id = k.id AND d.family_id = $1)
        ORDER BY k.active DESC, k.label, k.code`,
      [familyId],
    );
  }

  async requiredFor(serviceKind: ServiceKind): Promise<DocumentKind[]> {
    return this.txHost.tx.query(`SELECT ${COLUMNS} FROM family.document_kind WHERE active AND $1 = ANY(required_for) ORDER BY label, code`, [serviceKind]);
  }

  async insert(kind: NewDocumentKind, staffAccountId: string): Promise<DocumentKind> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO family.document_kind (code, label, description, level, required_for, validity_months, created_by)
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7) RETURNING ${COLUMNS}`,
      [kind.code, kind.label, kind.description, kind.level, kind.requiredFor, kind.validityMonths, staffAccountId],
    );
    return row;
  }

  async update(id: string, changes: DocumentKindChanges): Promise<DocumentKind | undefined> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined) as [keyof DocumentKindChanges, unknown][];
    const sets = entries.map(([key], i) => `${UPDATABLE[key]} = $${i + 2}${key === 'requiredFor' ? '::text[]' : ''}`);
    // an UPDATE answers [rows, count] through TypeORM's query()
    const [rows]: [DocumentKind[], number] = await this.txHost.tx.query(
      `UPDATE family.document_kind SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, ...entries.map(([, value]) => value)],
    );
    return rows[0];
  }

  async hasDocuments(kindId: string): Promise<boolean> {
    const [row] = await this.txHost.tx.query(`SELECT EXISTS (SELECT 1 FROM family.document WHERE kind_id = $1) AS used`, [kindId]);
    return row.used;
  }
}
