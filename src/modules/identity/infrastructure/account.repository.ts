import { Injectable } from '@nestjs/common';
import { likeLiteral } from '../../../platform/database/sql';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { AccountRole } from './account.orm-entity';

export interface Account {
  id: string;
  email: string;
  role: AccountRole;
  displayName: string;
  passwordHash: string | null;
  disabledAt: Date | null;
}

export interface AccountSummary {
  id: string;
  email: string;
  displayName: string;
  role: AccountRole;
  disabled: boolean;
  createdAt: Date;
}

const COLUMNS = `id, email, role, display_name AS "displayName", password_hash AS "passwordHash", disabled_at AS "disabledAt"`;

@Injectable()
export class AccountRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async findByEmail(email: string): Promise<Account | undefined> {
    const rows: Account[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM identity.account WHERE lower(email) = lower($1)`, [email]);
    return rows[0];
  }

  async findById(id: string): Promise<Account | undefined> {
    const rows: Account[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM identity.account WHERE id = $1`, [id]);
    return rows[0];
  }

  /** Returns undefined when the e-mail is already taken. */
  async create(email: string, role: AccountRole, displayName: string): Promise<Account | undefined> {
    const rows: Account[] = await this.txHost.tx.query(
      `INSERT INTO identity.account (email, role, display_name) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [email, role, displayName],
    );
    return rows[0];
  }

  /** A guardian's account, created active by a finished activation; undefined when the e-mail or the guardian already has one. */
  async createGuardian(a: { email: string; displayName: string; passwordHash: string | null; familyId: string; guardianId: string }): Promise<Account | undefined> {
    const rows: Account[] = await this.txHost.tx.query(
      `INSERT INTO identity.account (email, role, display_name, password_hash, password_changed_at, email_confirmed_at, family_id, guardian_id)
       SELECT $1, 'guardian', $2, $3::text, CASE WHEN $3::text IS NULL THEN NULL ELSE now() END, now(), $4, $5
        WHERE NOT EXISTS (SELECT 1 FROM identity.account WHERE lower(email) = lower($1) OR guardian_id = $5)
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [a.email, a.displayName, a.passwordHash, a.familyId, a.guardianId],
    );
    return rows[0];
  }

  async findByGuardian(guardianId: string): Promise<Account | undefined> {
    const rows: Account[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM identity.account WHERE guardian_id = $1`, [guardianId]);
    return rows[0];
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE identity.account SET password_hash = $2, password_changed_at = now() WHERE id = $1`, [id, passwordHash]);
  }

  /** Returns false when another account already has that e-mail. */
  async setEmail(id: string, email: string): Promise<boolean> {
    const rows = await this.txHost.tx.query(
      `UPDATE identity.account SET email = $2, email_confirmed_at = now()
        WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM identity.account o WHERE lower(o.email) = lower($2) AND o.id <> $1)
        RETURNING id`,
      [id, email],
    );
    return rows[0].length === 1;
  }

  async anyAdmin(): Promise<boolean> {
    const rows = await this.txHost.tx.query(`SELECT 1 FROM identity.account WHERE role = 'admin' LIMIT 1`);
    return rows.length > 0;
  }

  async setRole(id: string, role: AccountRole): Promise<void> {
    await this.txHost.tx.query(`UPDATE identity.account SET role = $2 WHERE id = $1`, [id, role]);
  }

  async enable(id: string): Promise<boolean> {
    const [rows] = await this.txHost.tx.query(`UPDATE identity.account SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL RETURNING id`, [id]);
    return rows.length === 1;
  }

  async search(text: string, roles: AccountRole[], limit: number, offset: number): Promise<AccountSummary[]> {
    return this.txHost.tx.query(
      `SELECT id, email, display_name AS "displayName", role, disabled_at IS NOT NULL AS disabled, created_at AS "createdAt"
         FROM identity.account
        WHERE role = ANY($2::text[]) AND ($1 = '' OR (email || ' ' || display_name) ILIKE '%' || $1 || '%')
        ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [likeLiteral(text), roles, limit, offset],
    );
  }

  async disable(id: string): Promise<boolean> {
    const [rows] = await this.txHost.tx.query(`UPDATE identity.account SET disabled_at = now() WHERE id = $1 AND disabled_at IS NULL RETURNING id`, [id]);
    return rows.length === 1;
  }
}
