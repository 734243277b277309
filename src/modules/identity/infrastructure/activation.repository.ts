import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { ACTIVATION_RULES, ActivationState } from '../domain/activation';
import { hashToken } from './session.repository';

export interface Activation extends ActivationState {
  id: string;
  guardianId: string | null;
  familyId: string | null;
  mobile: string;
  displayName: string | null;
  codeHash: Buffer;
  codeExpiresAt: Date;
  codeAttempts: number;
  codesSent: number;
  birthDateAttempts: number;
  confirmedChildIds: string[] | null;
  ssoTicket: string | null;
  email: string | null;
  passwordHash: string | null;
}

const COLUMNS = `id, guardian_id AS "guardianId", family_id AS "familyId", mobile, display_name AS "displayName",
  expires_at AS "expiresAt", code_hash AS "codeHash", code_expires_at AS "codeExpiresAt", code_attempts AS "codeAttempts",
  codes_sent AS "codesSent", code_verified_at AS "codeVerifiedAt", birth_date_attempts AS "birthDateAttempts",
  confirmed_child_ids AS "confirmedChildIds", children_confirmed_at AS "childrenConfirmedAt", sso_ticket AS "ssoTicket",
  email, password_hash AS "passwordHash", completed_at AS "completedAt"`;

/** identity.activation: activations in progress; the browser holds the token, the table its hash. */
@Injectable()
export class ActivationRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async create(a: { id: string; token: string; guardianId: string | null; familyId: string | null; mobile: string; displayName: string | null; codeHash: Buffer; ssoTicket: string | null }): Promise<Activation> {
    const [row]: Activation[] = await this.txHost.tx.query(
      `INSERT INTO identity.activation (id, token_hash, guardian_id, family_id, mobile, display_name, code_hash, sso_ticket, expires_at, code_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(days => $9), now() + make_interval(mins => $10))
       RETURNING ${COLUMNS}`,
      [a.id, hashToken(a.token), a.guardianId, a.familyId, a.mobile, a.displayName, a.codeHash, a.ssoTicket, ACTIVATION_RULES.lifetimeDays, ACTIVATION_RULES.codeTtlMinutes],
    );
    return row;
  }

  /** The activation of a browser's token, locked for the rest of the transaction. */
  async lockByToken(token: string): Promise<Activation | undefined> {
    const rows: Activation[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM identity.activation WHERE token_hash = $1 FOR UPDATE`, [hashToken(token)]);
    return rows[0];
  }

  async lockByEmailToken(token: string): Promise<Activation | undefined> {
    const rows: Activation[] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM identity.activation WHERE email_token_hash = $1 FOR UPDATE`, [hashToken(token)]);
    return rows[0];
  }

  async newCode(id: string, codeHash: Buffer): Promise<Date> {
    // an UPDATE … RETURNING answers [rows, count]
    const [[row]]: [{ code_expires_at: Date }[]] = await this.txHost.tx.query(
      `UPDATE identity.activation SET code_hash = $2, code_attempts = 0, codes_sent = codes_sent + 1, code_expires_at = now() + make_interval(mins => $3)
        WHERE id = $1 RETURNING code_expires_at`,
      [id, codeHash, ACTIVATION_RULES.codeTtlMinutes],
    );
    return row.code_expires_at;
  }

  async codeFailed(id: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE identity.activation SET code_attempts = code_attempts + 1 WHERE id = $1`, [id]);
  }

  async codeVerified(id: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE identity.activation SET code_verified_at = now() WHERE id = $1`, [id]);
  }

  async birthDatesFailed(id: string): Promise<void> {
    await this.txHost.tx.query(`UPDATE identity.activation SET birth_date_attempts = birth_date_attempts + 1 WHERE id = $1`, [id]);
  }

  async childrenConfirmed(id: string, childIds: string[]): Promise<void> {
    await this.txHost.tx.query(`UPDATE identity.activation SET confirmed_child_ids = $2, children_confirmed_at = now() WHERE id = $1`, [id, childIds]);
  }

  async credentialsChosen(id: string, email: string, passwordHash: string | null, emailToken: string): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE identity.activation SET email = $2, password_hash = $3, email_token_hash = $4, email_sent_at = now() WHERE id = $1`,
      [id, email, passwordHash, hashToken(emailToken)],
    );
  }

  async completed(id: string, accountId: string): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE identity.activation SET completed_at = now(), account_id = $2, password_hash = NULL, email_token_hash = NULL, sso_ticket = NULL WHERE id = $1`,
      [id, accountId],
    );
  }
}
