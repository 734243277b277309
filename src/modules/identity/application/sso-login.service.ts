import { Inject, Injectable, Logger } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { IdentityError } from '../domain/identity.errors';
import { AccountRole } from '../infrastructure/account.orm-entity';
import { AccountRepository } from '../infrastructure/account.repository';
import { AuditRepository, RequestContext } from '../infrastructure/audit.repository';
import { OidcClient } from '../infrastructure/oidc.client';
import { NewSession, SessionRepository, hashToken } from '../infrastructure/session.repository';
import { SsoLoginAttempt, SsoRepository, SsoSubject } from '../infrastructure/sso.repository';

/** An authorization request in progress lives this long (the parent logs in at the provider meanwhile). */
export const ATTEMPT_TTL_SECONDS = 10 * 60;
/** A link ticket (subject authenticated by the provider, not linked yet) lives this long. */
export const LINK_TICKET_TTL_SECONDS = 30 * 60;

const DEAD_ATTEMPT =
  "Cette connexion EduConnect n'est plus valable (expirée, déjà utilisée ou commencée dans un autre navigateur). Recommencez la connexion depuis Guichet.";

/** What the provider vouched for, once its answer was verified. */
export interface SsoIdentity extends SsoSubject {
  /** the verified ID token, kept with the session as id_token_hint for the provider logout */
  idToken: string;
}

export type SsoOutcome =
  | { kind: 'session'; accountId: string; role: AccountRole; session: NewSession }
  | { kind: 'link'; ticket: string };

/** Why an SSO login was refused, as recorded in the audit (`login.failed`, method sso). */
export type SsoRefusal =
  | 'state'
  | 'browser'
  | 'provider-denied'
  | 'provider-error'
  | 'code-rejected'
  | 'id-token-signature'
  | 'id-token-expired'
  | 'id-token-audience'
  | 'id-token-nonce'
  | 'id-token-issuer'
  | 'id-token-alg'
  | 'verification'
  | 'disabled';

/**
 * SSO login (authorization code flow with state, nonce and PKCE): the flow state of each request
 * in PostgreSQL, then, once openid-client has verified the provider's answer, a session for a
 * linked subject or a link ticket for the activation (never a link by e-mail). See README.md.
 */
@Injectable()
export class SsoLoginService {
  private readonly logger = new Logger('Sso');

  constructor(
    private readonly txHost: TransactionHost,
    private readonly sso: SsoRepository,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditRepository,
    private readonly oidc: OidcClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Keeps the state, nonce and PKCE verifier of a new authorization request, bound to the browser's cookie. */
  async saveAttempt(flow: { state: string; nonce: string; codeVerifier: string }, browserToken: string): Promise<void> {
    await this.sso.saveAttempt(flow.state, browserToken, flow.nonce, flow.codeVerifier, ATTEMPT_TTL_SECONDS);
  }

  /**
   * The attempt of the provider's answer, used up: its `state` must be known, unused, unexpired, and
   * come back to the browser that started it (else an attacker could make a victim finish the
   * attacker's login, or link the attacker's subject to the victim's account).
   */
  async takeAttempt(state: string, browserToken: string | undefined, ctx: RequestContext): Promise<SsoLoginAttempt> {
    const attempt = await this.sso.takeAttempt(state);
    const reason = !attempt ? 'state' : !browserToken || !sameHash(hashToken(browserToken), attempt.browserHash) ? 'browser' : undefined;
    if (reason) throw await this.refuse(reason, ctx);
    return attempt!;
  }

  /** After the provider's answer was verified: a session for a linked subject, else a single-use link ticket. */
  async complete(identity: SsoIdentity, ctx: RequestContext): Promise<SsoOutcome> {
    const accountId = await this.sso.linkedAccount(identity.issuer, identity.subject);
    if (!accountId) {
      return this.txHost.withTransaction(async () => {
        const ticket = await this.sso.issueTicket(identity, LINK_TICKET_TTL_SECONDS);
        await this.audit.record('sso.ticket-issued', ctx, { details: { issuer: identity.issuer, subject: identity.subject } });
        return { kind: 'link', ticket };
      });
    }
    const account = await this.accounts.findById(accountId);
    if (!account || account.disabledAt) {
      throw await this.refuse('disabled', ctx, accountId);
    }
    return this.txHost.withTransaction(async () => {
      const session = await this.sessions.create(account.id, this.config.identity.sessionTtlHours, ctx.ip, ctx.userAgent);
      await this.sso.keepIdToken(session.sessionId, identity.idToken);
      await this.audit.record('login.succeeded', ctx, { accountId: account.id, details: { method: 'sso' } });
      return { kind: 'session', accountId: account.id, role: account.role, session };
    });
  }

  /** Audits a refused SSO login and returns the French error to answer with. */
  async refuse(reason: SsoRefusal, ctx: RequestContext, accountId?: string): Promise<IdentityError> {
    await this.audit.record('login.failed', ctx, { accountId, details: { method: 'sso', reason } });
    switch (reason) {
      case 'state':
      case 'browser':
        return IdentityError.invalidField('state', DEAD_ATTEMPT);
      case 'provider-denied':
        return new IdentityError(
          'unauthenticated',
          'sso-cancelled',
          "Connexion EduConnect annulée : l'accès à Guichet n'a pas été autorisé. Vous pouvez recommencer, ou vous connecter avec votre adresse e-mail.",
        );
      case 'provider-error':
        return new IdentityError('unauthenticated', 'sso-provider-error', "EduConnect n'a pas pu vous connecter. Recommencez la connexion depuis Guichet.");
      case 'disabled':
        return new IdentityError('forbidden', 'sso-account-disabled', "Votre compte Guichet est désactivé. Adressez-vous à l'accueil de votre établissement.");
      default:
        return new IdentityError(
          'unauthenticated',
          'sso-rejected',
          "La réponse d'EduConnect n'a pas pu être vérifiée : par sécurité, la connexion est refusée. Recommencez la connexion depuis Guichet.",
        );
    }
  }

  /**
   * For an SSO session: where to send the browser so that the provider session ends too (RP-initiated
   * logout with id_token_hint), or undefined. The kept ID token is forgotten either way.
   */
  async providerLogoutUrl(sessionId: string): Promise<string | undefined> {
    const idToken = await this.sso.takeIdToken(sessionId);
    if (!idToken) return undefined;
    try {
      return await this.oidc.endSessionUrl(idToken);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'no provider logout: the provider could not be reached');
      return undefined;
    }
  }
}

function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
