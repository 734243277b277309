import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { likeLiteral } from '../../../platform/database/sql';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { NewFamily, NewGuardian } from '../domain/family-draft';

export interface GuardianRecord {
  id: string;
  lastName: string;
  firstName: string;
  email: string;
  mobile: string;
  activated: boolean;
}

export interface ChildRecord {
  id: string;
  lastName: string;
  firstName: string;
  birthDate: string;
}

export interface FamilyRecord {
  id: string;
  reference: string | null;
  createdAt: Date;
  guardians: GuardianRecord[];
  children: ChildRecord[];
}

export interface FamilySummary {
  id: string;
  reference: string | null;
  guardians: string[];
  children: number;
}

export interface GuardianRow {
  id: string;
  familyId: string;
  email: string;
  mobile: string;
  lastName: string;
  firstName: string;
}

const GUARDIAN_COLUMNS = `id, family_id AS "familyId", email, mobile, last_name AS "lastName", first_name AS "firstName"`;

/** family.family, family.guardian, family.child, family.guardian_child. */
@Injectable()
export class FamilyRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** Inserts families with their guardians and children in three set-based statements; returns their ids in order. */
  async insert(families: NewFamily[], createdBy: string): Promise<string[]> {
    const ids = families.map(() => randomUUID());
    const guardians = families.flatMap((f, i) => f.guardians.map((g, n) => ({ ...g, familyId: ids[i], position: n + 1 })));
    const children = families.flatMap((f, i) => f.children.map((c, n) => ({ ...c, familyId: ids[i], position: n + 1 })));
    await this.txHost.tx.query(
      `INSERT INTO family.family (id, reference, created_by) SELECT id, reference, $3 FROM unnest($1::uuid[], $2::text[]) AS t(id, reference)`,
      [ids, families.map((f) => f.reference), createdBy],
    );
    await this.txHost.tx.query(
      `INSERT INTO family.guardian (family_id, position, last_name, first_name, name_key, email, mobile)
       SELECT * FROM unnest($1::uuid[], $7::smallint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      [col(guardians, 'familyId'), col(guardians, 'lastName'), col(guardians, 'firstName'), col(guardians, 'nameKey'), col(guardians, 'email'), col(guardians, 'mobile'), col(guardians, 'position')],
    );
    await this.txHost.tx.query(
      `INSERT INTO family.child (family_id, position, last_name, first_name, birth_date)
       SELECT * FROM unnest($1::uuid[], $5::smallint[], $2::text[], $3::text[], $4::date[])`,
      [col(children, 'familyId'), col(children, 'lastName'), col(children, 'firstName'), col(children, 'birthDate'), col(children, 'position')],
    );
    return ids;
  }

  /** Of these e-mails (lower-case), those a guardian already has. */
  async takenEmails(emails: string[]): Promise<Set<string>> {
    const rows: { email: string }[] = await this.txHost.tx.query(`SELECT lower(email) AS email FROM family.guardian WHERE lower(email) = ANY($1::text[])`, [emails]);
    return new Set(rows.map((r) => r.email));
  }

  async takenReferences(references: string[]): Promise<Set<string>> {
    const rows: { reference: string }[] = await this.txHost.tx.query(`SELECT reference FROM family.family WHERE reference = ANY($1::text[])`, [references]);
    return new Set(rows.map((r) => r.reference));
  }

  async insertGuardian(familyId: string, g: NewGuardian, position: number): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO family.guardian (family_id, position, last_name, first_name, name_key, email, mobile) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [familyId, position, g.lastName, g.firstName, g.nameKey, g.email, g.mobile],
    );
  }

  /** `lock`: inside a transaction, holds the family row until it ends (serializes changes to one family). */
  async find(id: string, lock = false): Promise<FamilyRecord | undefined> {
    const [family]: { id: string; reference: string | null; createdAt: Date }[] = await this.txHost.tx.query(
      `SELECT id, reference, created_at AS "createdAt" FROM family.family WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!family) return undefined;
    const guardians: GuardianRecord[] = await this.txHost.tx.query(
      `SELECT id, last_name AS "lastName", first_name AS "firstName", email, mobile, account_id IS NOT NULL AS activated
         FROM family.guardian WHERE family_id = $1 ORDER BY position`,
      [id],
    );
    return { ...family, guardians, children: await this.children(id) };
  }

  async children(familyId: string): Promise<ChildRecord[]> {
    return this.txHost.tx.query(
      `SELECT id, last_name AS "lastName", first_name AS "firstName", to_char(birth_date, 'YYYY-MM-DD') AS "birthDate"
         FROM family.child WHERE family_id = $1 ORDER BY position`,
      [familyId],
    );
  }

  /** Families whose reference, guardian name or e-mail, child name or family e-mail contains the search text, or with this phone number (E.164). */
  async search(text: string, limit: number, offset: number, phone?: string): Promise<FamilySummary[]> {
    return this.txHost.tx.query(
      `SELECT f.id, f.reference,
              array(SELECT g.first_name || ' ' || g.last_name FROM family.guardian g WHERE g.family_id = f.id ORDER BY g.position) AS guardians,
              (SELECT count(*)::int FROM family.child c WHERE c.family_id = f.id) AS children
         FROM family.family f
        WHERE $1 = '' OR f.reference ILIKE '%' || $1 || '%'
           OR EXISTS (SELECT 1 FROM family.guardian g WHERE g.family_id = f.id
                       AND (g.last_name || ' ' || g.first_name || ' ' || g.email) ILIKE '%' || $1 || '%')
           OR EXISTS (SELECT 1 FROM family.child c WHERE c.family_id = f.id AND (c.last_name || ' ' || c.first_name) ILIKE '%' || $1 || '%')
           OR f.email ILIKE '%' || $1 || '%'
           OR ($4::text IS NOT NULL AND (EXISTS (SELECT 1 FROM family.guardian g WHERE g.family_id = f.id AND g.mobile = $4)
                                        OR f.phones @> jsonb_build_array(jsonb_build_object('number', $4::text))))
        ORDER BY f.created_at DESC, f.id
        LIMIT $2 OFFSET $3`,
      [likeLiteral(text), limit, offset, phone ?? null],
    );
  }

  /** Names of these children (any family), with their family; unknown ids are left out. */
  async childNames(childIds: string[]): Promise<(ChildRecord & { familyId: string })[]> {
    if (!childIds.length) return [];
    return this.txHost.tx.query(
      `SELECT id, family_id AS "familyId", last_name AS "lastName", first_name AS "firstName", to_char(birth_date, 'YYYY-MM-DD') AS "birthDate"
         FROM family.child WHERE id = ANY($1::uuid[])`,
      [childIds],
    );
  }

  /** The guardians of a family who have activated an account, in the family's order. */
  async guardiansWithAccount(familyId: string): Promise<GuardianRow[]> {
    return this.txHost.tx.query(`SELECT ${GUARDIAN_COLUMNS} FROM family.guardian WHERE family_id = $1 AND account_id IS NOT NULL ORDER BY position`, [familyId]);
  }

  /** Guardians' names (family order) and postal address of these families, for invoices. */
  async billingContacts(familyIds: string[]): Promise<{ familyId: string; reference: string | null; guardianNames: string[]; address: { line1: string; line2?: string | null; postcode: string; city: string } | null }[]> {
    return this.txHost.tx.query(
      `SELECT f.id AS "familyId", f.reference, f.address,
              array(SELECT g.first_name || ' ' || g.last_name FROM family.guardian g WHERE g.family_id = f.id ORDER BY g.position) AS "guardianNames"
         FROM family.family f WHERE f.id = ANY($1::uuid[])`,
      [familyIds],
    );
  }

  /** The guardian on file under this mobile number and name, if any. */
  async findGuardianByMobileAndName(mobile: string, nameKey: string): Promise<GuardianRow | undefined> {
    const rows = await this.txHost.tx.query(`SELECT ${GUARDIAN_COLUMNS} FROM family.guardian WHERE mobile = $1 AND name_key = $2 ORDER BY created_at LIMIT 1`, [mobile, nameKey]);
    return rows[0];
  }

  async findGuardian(id: string): Promise<GuardianRow | undefined> {
    const rows = await this.txHost.tx.query(`SELECT ${GUARDIAN_COLUMNS} FROM family.guardian WHERE id = $1`, [id]);
    return rows[0];
  }

  /** Records that a guardian activated an account and confirmed these children (idempotent). */
  async recordActivation(guardianId: string, accountId: string, childIds: string[], at: Date): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE family.guardian SET account_id = $2, activated_at = $3 WHERE id = $1 AND account_id IS DISTINCT FROM $2`,
      [guardianId, accountId, at],
    );
    await this.txHost.tx.query(
      `INSERT INTO family.guardian_child (guardian_id, child_id, confirmed_at)
       SELECT $1, c.id, $3 FROM family.child c JOIN family.guardian g ON g.family_id = c.family_id AND g.id = $1
        WHERE c.id = ANY($2::uuid[])
       ON CONFLICT DO NOTHING`,
      [guardianId, childIds, at],
    );
  }
}

function col<T, K extends keyof T>(rows: T[], key: K): T[K][] {
  return rows.map((r) => r[key]);
}
