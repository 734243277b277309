import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { hashToken, newToken } from './session.repository';

export interface SsoLoginAttempt {
  browserHash: Buffer;
  nonce: string;
  codeVerifier: string;
}

export interface SsoSubject {
  issuer: string;
  subject: string;
  givenName?: string;
  familyName?: string;
}

/**
 * SSO tables (schema identity): login attempts in progress, linked subjects, link tickets, and the
 * ID token kept with an SSO session for the provider logout. Only hashes of state, browser binding
 * and tickets are stored.
 */
@Injectable()
export class SsoRepository {
  constructor(private readonly txHost: TransactionHost) {}

  // ---- login attempts (state, nonce, PKCE verifier) -------------------------------------------

  async saveAttempt(state: string, browserToken: string, nonce: string, codeVerifier: string, ttlSeconds: number): Promise<void> {
    await this.txHost.tx.query(`DELETE FROM identity.sso_login_attempt WHERE expires_at < now()`);
    await this.txHost.tx.query(
      `INSERT INTO identity.sso_login_attempt (state_hash, browser_hash, nonce, code_verifier, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [hashToken(state), hashToken(browserToken), nonce, codeVerifier, ttlSeconds],
    );
  }

  /** Single use: the attempt is deleted whatever the outcome; null if unknown, used or expired. */
  async takeAttempt(state: string): Promise<SsoLoginAttempt | null> {
    const [rows]: [{ browser_hash: Buffer; nonce: string; code_verifier: string; live: boolean }[]] = await this.txHost.tx.query(
      `DELETE FROM identity.sso_login_attempt WHERE state_hash = $1
       RETURNING browser_hash, nonce, code_verifier, expires_at > now() AS live`,
      [hashToken(state)],
    );
    const row = rows[0];
    return row?.live ? { browserHash: row.browser_hash, nonce: row.nonce, codeVerifier: row.code_verifier } : null;
  }

  // ---- linked subjects ------------------------------------------------------------------------

  async linkedAccount(issuer: string, subject: string): Promise<string | null> {
    const rows: { account_id: string }[] = await this.txHost.tx.query(
      `SELECT account_id FROM identity.sso_identity WHERE issuer = $1 AND subject = $2`,
      [issuer, subject],
    );
    return rows[0]?.account_id ?? null;
  }

  /** False when the subject is already linked (to this account or another one). */
  async link(issuer: string, subject: string, accountId: string): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO identity.sso_identity (issuer, subject, account_id) VALUES ($1, $2, $3)
       ON CONFLICT (issuer, subject) DO NOTHING RETURNING id`,
      [issuer, subject, accountId],
    );
    return rows.length === 1;
  }

  // ---- link tickets ---------------------------------------------------------------------------

  async issueTicket(s: SsoSubject, ttlSeconds: number): Promise<string> {
    const ticket = newToken();
    await this.txHost.tx.query(
      `INSERT INTO identity.sso_link_ticket (token_hash, issuer, subject, given_name, family_name, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [hashToken(ticket), s.issuer, s.subject, s.givenName ?? null, s.familyName ?? null, ttlSeconds],
    );
    return ticket;
  }

  /** A valid (unused, unexpired) ticket's subject, or null. */
  async findTicket(ticket: string): Promise<SsoSubject | null> {
    const rows: TicketRow[] = await this.txHost.tx.query(
      `SELECT issuer, subject, given_name, family_name FROM identity.sso_link_ticket
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`,
      [hashToken(ticket)],
    );
    return rows[0] ? toSubject(rows[0]) : null;
  }

  /** Marks a valid ticket used and returns its subject; null if unknown, used or expired. */
  async useTicket(ticket: string): Promise<SsoSubject | null> {
    const [rows]: [TicketRow[]] = await this.txHost.tx.query(
      `UPDATE identity.sso_link_ticket SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
        RETURNING issuer, subject, given_name, family_name`,
      [hashToken(ticket)],
    );
    return rows[0] ? toSubject(rows[0]) : null;
  }

  // ---- the ID token of an SSO session (id_token_hint of the provider logout) -------------------

  async keepIdToken(sessionId: string, idToken: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE identity.session SET sso_id_token = $2 WHERE id = $1`, [sessionId, idToken]);
  }

  /** Returns the session's ID token, if any, and forgets it. */
  async takeIdToken(sessionId: string): Promise<string | null> {
    const [rows]: [{ sso_id_token: string }[]] = await this.txHost.tx.query(
      `UPDATE identity.session s SET sso_id_token = NULL
         FROM (SELECT id, sso_id_token FROM identity.session WHERE id = $1 AND sso_id_token IS NOT NULL FOR UPDATE) old
        WHERE s.id = old.id
        RETURNING old.sso_id_token`,
      [sessionId],
    );
    return rows[0]?.sso_id_token ?? null;
  }
}

interface TicketRow {
  issuer: string;
  subject: string;
  given_name: string | null;
  family_name: string | null;
}

function toSubject(row: TicketRow): SsoSubject {
  return {
    issuer: row.issuer,
    subject: row.subject,
    ...(row.given_name ? { givenName: row.given_name } : {}),
    ...(row.family_name ? { familyName: row.family_name } : {}),
  };
}
