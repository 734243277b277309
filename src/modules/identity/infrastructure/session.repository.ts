import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Repository } from 'typeorm';
import { AccountRole } from './account.orm-entity';
import { SessionOrmEntity } from './session.orm-entity';

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

@Injectable()
export class SessionRepository {
  constructor(@InjectRepository(SessionOrmEntity) private readonly sessions: Repository<SessionOrmEntity>) {}

  /** The live session for a token: not expired, not revoked, account not disabled. */
  async findLive(token: string): Promise<{ sessionId: string; accountId: string; role: AccountRole } | null> {
    const rows: { session_id: string; account_id: string; role: AccountRole }[] = await this.sessions.query(
      `SELECT s.id AS session_id, a.id AS account_id, a.role
         FROM identity.session s JOIN identity.account a ON a.id = s.account_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND a.disabled_at IS NULL`,
      [hashToken(token)],
    );
    return rows[0] ? { sessionId: rows[0].session_id, accountId: rows[0].account_id, role: rows[0].role } : null;
  }
}
