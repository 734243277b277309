import { Injectable } from '@nestjs/common';
import { Principal, SessionResolver } from '../../../platform/http';
import { SessionRepository } from '../infrastructure/session.repository';

/** Implements the platform's SessionResolver port: bearer token or session cookie → principal. */
@Injectable()
export class SessionTokenResolver extends SessionResolver {
  constructor(private readonly sessions: SessionRepository) {
    super();
  }

  async resolve(token: string): Promise<Principal | null> {
    if (token.length < 16 || token.length > 256) return null;
    const session = await this.sessions.findLive(token);
    return (
      session && {
        accountId: session.accountId,
        role: session.role,
        sessionId: session.sessionId,
        ...(session.familyId ? { familyId: session.familyId } : {}),
        ...(session.csrfHash ? { csrfTokenHash: session.csrfHash.toString('hex') } : {}),
      }
    );
  }
}
