import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BaseClient, generators, Strategy, TokenSet, UserinfoResponse } from 'openid-client';
import passport from 'passport';
import { SsoIdentity, SsoLoginService, SsoOutcome } from '../application/sso-login.service';
import { RequestContext } from '../infrastructure/audit.repository';
import { OidcClient } from '../infrastructure/oidc.client';

/** Where openid-client keeps the flow state of a request (state, nonce, code_verifier) in `req.session`. */
export const FLOW_KEY = 'educonnect';

export interface FlowState {
  state: string;
  nonce: string;
  code_verifier: string;
  response_type: string;
}

/**
 * What passport and openid-client see of a request: never the Fastify request itself, but this
 * small lookalike (method, url, and `session`, which the guard fills from and saves to PostgreSQL).
 */
export interface PassportRequest {
  method: 'GET';
  url: string;
  session: { [FLOW_KEY]?: FlowState };
  context: RequestContext;
  sso?: SsoOutcome;
}

/** The scopes asked: the subject and the names shown when the account is linked. Never the e-mail: we do not link by it. */
const SCOPE = 'openid profile';

/**
 * openid-client's passport strategy (authorization code flow, S256 PKCE, state, nonce; the ID
 * token checked against the provider's keys: signature, alg RS256, iss, aud, azp, exp, iat, nonce),
 * then userinfo for the names. `verify` turns the verified answer into a session or a link ticket.
 */
class EduConnectStrategy extends Strategy<SsoOutcome> {
  constructor(client: BaseClient, verify: (req: PassportRequest, identity: SsoIdentity) => Promise<SsoOutcome>) {
    super(
      { client, params: { scope: SCOPE }, passReqToCallback: true, usePKCE: 'S256', sessionKey: FLOW_KEY },
      // Four parameters: openid-client then also fetches userinfo.
      (req: IncomingMessage, tokenset: TokenSet, userinfo: UserinfoResponse, done: (err: unknown, user?: SsoOutcome) => void) => {
        const claims = tokenset.claims();
        const name = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim().slice(0, 100) : undefined);
        verify(req as unknown as PassportRequest, {
          issuer: claims.iss,
          subject: claims.sub,
          givenName: name(userinfo.given_name ?? claims.given_name),
          familyName: name(userinfo.family_name ?? claims.family_name),
          idToken: tokenset.id_token!,
        }).then((outcome) => done(null, outcome), done);
      },
    );
  }

  /**
   * A new authorization request also gets a nonce (openid-client adds one only when an ID token
   * comes from the authorization endpoint; with the code flow it relies on PKCE alone). The guard's
   * own options (session, property…) are not passed on: openid-client would copy them into the
   * authorization request.
   */
  override authenticate(req: unknown): void {
    const starting = !(req as PassportRequest).session[FLOW_KEY];
    super.authenticate(req, starting ? { nonce: generators.nonce() } : {});
  }
}

/**
 * Registers the strategy in passport once the provider is discovered (first SSO request), under a
 * name of its own per application instance (tests run several in one process). The
 * `@nestjs/passport` PassportStrategy mixin is not used because it registers at construction,
 * which would make the provider's discovery a start-up requirement.
 */
@Injectable()
export class EduConnectPassport implements OnModuleDestroy {
  readonly strategyName = `educonnect-${randomUUID()}`;
  private registeredFor?: BaseClient;

  constructor(
    private readonly oidc: OidcClient,
    private readonly login: SsoLoginService,
  ) {}

  async ready(): Promise<void> {
    const client = await this.oidc.get();
    if (this.registeredFor === client) return;
    passport.use(this.strategyName, new EduConnectStrategy(client, (req, identity) => this.login.complete(identity, req.context)));
    this.registeredFor = client;
  }

  onModuleDestroy(): void {
    if (this.registeredFor) passport.unuse(this.strategyName);
  }
}
