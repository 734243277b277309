import { Injectable } from '@nestjs/common';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { AccountRole } from './account.orm-entity';

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A session's CSRF token, derived from the session token (HMAC): the server can give it again from
 * the cookie (GET /auth/csrf: after an SSO login, a page reload) without storing it, and it reveals
 * nothing of the session token.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('guichet-csrf-v1').digest('base64url');
}

export interface LiveSession {
  sessionId: string;
  accountId: string;
  role: AccountRole;
  familyId: string | null;
  csrfHash: Buffer | null;
}

export interface NewSession {
  sessionId: string;
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Sessions: only SHA-256 hashes of the session and CSRF tokens are stored. */
@Injectable()
export class SessionRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** The live session for a token: not expired, not revoked, account not disabled. */
  async findLive(token: string): Promise<LiveSession | null> {
    const rows: { session_id: string; account_id: string; role: AccountRole; family_id: string | null; csrf_hash: Buffer | null }[] = await this.txHost.tx.query(
      `SELECT s.id AS session_id, a.id AS account_id, a.role, a.family_id, s.csrf_hash
         FROM identity.session s JOIN identity.account a ON a.id = s.account_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND a.disabled_at IS NULL`,
      [hashToken(token)],
    );
    const row = rows[0];
    return row ? { sessionId: row.session_id, accountId: row.account_id, role: row.role, familyId: row.family_id, csrfHash: row.csrf_hash } : null;
  }

  async create(accountId: string, ttlHours: number, ip: string | null, userAgent: string | null): Promise<NewSession> {
    const token = newToken();
    const csrfToken = csrfTokenFor(token);
    const [row]: { id: string; expires_at: Date }[] = await this.txHost.tx.query(
      `INSERT INTO identity.session (account_id, token_hash, csrf_hash, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, now() + make_interval(hours => $4), $5, $6) RETURNING id, expires_at`,
      [accountId, hashToken(token), hashToken(csrfToken), ttlHours, ip, userAgent?.slice(0, 300) ?? null],
    );
    return { sessionId: row.id, token, csrfToken, expiresAt: row.expires_at };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE identity.session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
  }

  /** Ends every session of an account, but `keep` if given. */
  async revokeAll(accountId: string, keep?: string): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE identity.session SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2)`,
      [accountId, keep ?? null],
    );
  }
}
