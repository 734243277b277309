import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { hashToken, newToken } from './session.repository';

export type TokenPurpose = 'password-reset' | 'email-change';

/** Single-use, expiring tokens sent by e-mail; only their hash is stored. */
@Injectable()
export class OneTimeTokenRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** Issues a token; earlier unused tokens of the same purpose for the account stop working. */
  async issue(accountId: string, purpose: TokenPurpose, ttlSeconds: number, newEmail?: string): Promise<{ token: string; expiresAt: Date }> {
    await this.txHost.tx.query(
      `UPDATE identity.one_time_token SET used_at = now() WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [accountId, purpose],
    );
    const token = newToken();
    const [row]: { expires_at: Date }[] = await this.txHost.tx.query(
      `INSERT INTO identity.one_time_token (account_id, purpose, token_hash, new_email, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING expires_at`,
      [accountId, purpose, hashToken(token), newEmail ?? null, ttlSeconds],
    );
    return { token, expiresAt: row.expires_at };
  }

  /** Uses a token once: returns its account (and new e-mail), or undefined if unknown, used or expired. */
  async consume(token: string, purpose: TokenPurpose): Promise<{ accountId: string; newEmail: string | null } | undefined> {
    const [rows]: [{ account_id: string; new_email: string | null }[]] = await this.txHost.tx.query(
      `UPDATE identity.one_time_token SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING account_id, new_email`,
      [hashToken(token), purpose],
    );
    return rows[0] && { accountId: rows[0].account_id, newEmail: rows[0].new_email };
  }
}
