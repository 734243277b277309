import { Injectable } from '@nestjs/common';
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

  async disable(id: string): Promise<boolean> {
    const [rows] = await this.txHost.tx.query(`UPDATE identity.account SET disabled_at = now() WHERE id = $1 AND disabled_at IS NULL RETURNING id`, [id]);
    return rows.length === 1;
  }
}
