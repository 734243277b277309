import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { errors } from 'openid-client';
import { ApplicationError, cookieOf, flattenValidationErrors, RateLimiter, RequestValidationError } from '../../../platform/http';
import { SsoLoginService, SsoOutcome, SsoRefusal } from '../application/sso-login.service';
import { newToken } from '../infrastructure/session.repository';
import { SsoCallbackQuery } from './dto/sso.dto';
import { EduConnectPassport, FLOW_KEY, PassportRequest } from './educonnect.strategy';
import { contextOf } from './request-context';

/**
 * httpOnly cookie binding an authorization request to the browser that started it (its SHA-256 is
 * kept with the attempt). Path=/ like the session cookie, so that a deployment under a path prefix works.
 */
export const SSO_BROWSER_COOKIE = 'guichet_sso';

const TOO_MANY = 'Trop de tentatives de connexion. Réessayez dans quelques minutes.';

const PASSPORT = Symbol('passport');

/** The Fastify request, with what the SSO guards hand to the controller. */
export interface SsoHttpRequest extends FastifyRequest {
  [PASSPORT]?: { req: PassportRequest; res: PassportResponse };
  /** login leg: where to send the browser, and the value of the browser-binding cookie */
  ssoStart?: { location: string; browserToken: string };
  /** callback leg: a session (linked subject) or a link ticket */
  ssoOutcome?: SsoOutcome;
}

/** Stands for the HTTP response in passport's strategy.redirect(): records the Location instead of answering. */
class PassportResponse {
  statusCode = 200;
  location?: string;
  readonly redirected: Promise<void>;
  private done!: () => void;

  constructor() {
    this.redirected = new Promise((resolve) => (this.done = resolve));
  }

  setHeader(name: string, value: string): void {
    if (name.toLowerCase() === 'location') this.location = value;
  }

  end(): void {
    this.done();
  }
}

/**
 * `@nestjs/passport`'s AuthGuard around openid-client's strategy, on Fastify. Passport and
 * openid-client get a small request lookalike whose `session` the guards fill from, and save to,
 * PostgreSQL (SsoLoginService): no flow state in process memory, nor in the Fastify request.
 */
@Injectable()
abstract class EduConnectGuard extends AuthGuard() {
  protected readonly logger = new Logger('Sso');

  constructor(
    /** ready(): discovers the provider and registers the strategy at first use; 503 when it cannot be reached */
    protected readonly educonnect: EduConnectPassport,
    protected readonly login: SsoLoginService,
    protected readonly limiter: RateLimiter,
  ) {
    super({ defaultStrategy: educonnect.strategyName, session: false, property: 'sso' });
  }

  override getRequest(context: ExecutionContext): PassportRequest {
    return context.switchToHttp().getRequest<SsoHttpRequest>()[PASSPORT]!.req;
  }

  /** (Called by AuthGuard, though its type does not declare it.) */
  getResponse(context: ExecutionContext): PassportResponse {
    return context.switchToHttp().getRequest<SsoHttpRequest>()[PASSPORT]!.res;
  }

  override handleRequest<TUser>(err: unknown, user: TUser, info: unknown): TUser {
    if (err) throw err;
    if (!user) throw info instanceof Error ? info : new Error('authentication failed');
    return user;
  }

  protected runPassport(context: ExecutionContext, req: PassportRequest): { res: PassportResponse; done: Promise<unknown> } {
    const res = new PassportResponse();
    context.switchToHttp().getRequest<SsoHttpRequest>()[PASSPORT] = { req, res };
    const done = super.canActivate(context) as Promise<boolean>;
    done.catch(() => undefined); // a failure after a redirect has nobody left to tell
    return { res, done };
  }
}

/** `GET /auth/sso/login`: a new authorization request (state, nonce, S256 PKCE), kept in PostgreSQL. */
@Injectable()
export class SsoLoginGuard extends EduConnectGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<SsoHttpRequest>();
    await this.limiter.hit(`sso-login:ip:${request.ip}`, 60, 15 * 60, TOO_MANY);
    await this.educonnect.ready();
    const req: PassportRequest = { method: 'GET', url: '/api/auth/sso/login', session: {}, context: contextOf(request) };
    const { res, done } = this.runPassport(context, req);
    // On this leg the strategy ends with a redirect, after which passport calls nothing back: wait for the redirect.
    await Promise.race([done, res.redirected]);
    const flow = req.session[FLOW_KEY];
    if (!res.location || !flow) throw new Error('the OpenID strategy did not redirect to the provider');
    const browserToken = newToken();
    await this.login.saveAttempt({ state: flow.state, nonce: flow.nonce, codeVerifier: flow.code_verifier }, browserToken);
    request.ssoStart = { location: res.location, browserToken };
    return true;
  }
}

/** `GET /auth/sso/callback`: the provider's answer, checked (state, browser, code + PKCE, ID token, nonce) then used. */
@Injectable()
export class SsoCallbackGuard extends EduConnectGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<SsoHttpRequest>();
    const ctx = contextOf(request);
    const query = plainToInstance(SsoCallbackQuery, request.query ?? {});
    const problems = await validate(query, { whitelist: true, validationError: { target: false, value: false } });
    if (problems.length) throw new RequestValidationError(flattenValidationErrors(problems));
    await this.educonnect.ready();
    const attempt = await this.login.takeAttempt(query.state, cookieOf(request, SSO_BROWSER_COOKIE), ctx);
    const req: PassportRequest = {
      method: 'GET',
      url: request.url,
      session: { [FLOW_KEY]: { state: query.state, nonce: attempt.nonce, code_verifier: attempt.codeVerifier, response_type: 'code' } },
      context: ctx,
    };
    try {
      await this.runPassport(context, req).done;
    } catch (err) {
      if (err instanceof ApplicationError) throw err; // decided (and audited) by SsoLoginService
      const reason = refusalOf(err);
      this.logger.warn({ reason, err: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }, 'SSO login refused');
      throw await this.login.refuse(reason, ctx);
    }
    request.ssoOutcome = req.sso;
    return true;
  }
}

/** Classifies what openid-client refused (or the provider answered) for the audit. */
function refusalOf(err: unknown): SsoRefusal {
  if (err instanceof errors.OPError) {
    // Without an HTTP response, the error came in the authorization response (the parent's browser).
    if (!err.response) return err.error === 'access_denied' ? 'provider-denied' : 'provider-error';
    return err.error === 'invalid_grant' ? 'code-rejected' : 'provider-error';
  }
  if (!(err instanceof errors.RPError)) return 'provider-error'; // network, timeout…
  const message = err.message;
  if (/signature/i.test(message)) return 'id-token-signature';
  if (/expired/i.test(message)) return 'id-token-expired';
  if (/\baud\b|azp/.test(message)) return 'id-token-audience';
  if (/nonce/.test(message)) return 'id-token-nonce';
  if (/\biss\b/.test(message)) return 'id-token-issuer';
  if (/\balg\b/.test(message)) return 'id-token-alg';
  return 'verification';
}
