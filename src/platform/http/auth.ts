import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApplicationError } from './application-error';

/**
 * Authentication plumbing. The platform knows only the shape of a principal and the port that
 * resolves a session token; the identity module implements the port (sessions live there).
 * Every route needs an authenticated principal unless marked @Public().
 */
export type Role = 'guardian' | 'staff' | 'admin';

export interface Principal {
  accountId: string;
  role: Role;
  sessionId: string;
  /** a guardian's family (set when the account was activated); undefined for staff and admins */
  familyId?: string;
  /** SHA-256 (hex) of the session's CSRF token, checked for cookie-carried sessions */
  csrfTokenHash?: string;
}

export abstract class SessionResolver {
  abstract resolve(token: string): Promise<Principal | null>;
}

const PUBLIC_KEY = 'guichet:public';
const ROLES_KEY = 'guichet:roles';
export const SESSION_COOKIE = 'guichet_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** Back-office routes: `@Roles('staff', 'admin')`. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new ApplicationError('unauthenticated', 'auth.required', 'Veuillez vous connecter.');
  return principal;
});

/** The signed-in guardian's family: it comes from the session, never from the request. */
export function familyOf(principal: Principal): string {
  if (!principal.familyId) throw new ApplicationError('not_found', 'family.not-found', 'Aucune famille n’est rattachée à votre compte.');
  return principal.familyId;
}

/** The session token, from `Authorization: Bearer` (API clients) or the session cookie (web client). */
export function tokenFrom(request: FastifyRequest): { token: string; via: 'bearer' | 'cookie' } | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const token = header.slice(7).trim();
    return token ? { token, via: 'bearer' } : undefined;
  }
  const token = cookieOf(request, SESSION_COOKIE);
  return token ? { token, via: 'cookie' } : undefined;
}

/** The (decoded) value of a request cookie; undefined when absent or empty. */
export function cookieOf(request: FastifyRequest, cookieName: string): string | undefined {
  for (const part of request.headers.cookie?.split(';') ?? []) {
    const [name, ...rest] = part.trim().split('=');
    if (name === cookieName) return safeDecode(rest.join('=')) || undefined;
  }
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '';
  }
}

/** A cookie-carried session must prove, on any state-changing request, that the page is ours. */
function csrfOk(principal: Principal, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !principal.csrfTokenHash) return false;
  const given = createHash('sha256').update(header).digest();
  const expected = Buffer.from(principal.csrfTokenHash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credentials = tokenFrom(request);
    const principal = credentials ? await this.sessions.resolve(credentials.token) : null;
    if (!principal) throw new ApplicationError('unauthenticated', 'auth.required', 'Veuillez vous connecter.');
    if (credentials!.via === 'cookie' && !SAFE_METHODS.has(request.method) && !csrfOk(principal, request.headers[CSRF_HEADER])) {
      throw new ApplicationError('forbidden', 'auth.csrf', 'Jeton anti-falsification (CSRF) manquant ou invalide : rechargez la page.');
    }
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ApplicationError('forbidden', 'auth.forbidden', "Vous n'avez pas accès à cette ressource.");
    }
    return true;
  }
}
