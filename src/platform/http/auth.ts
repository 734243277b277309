import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
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
}

export abstract class SessionResolver {
  abstract resolve(token: string): Promise<Principal | null>;
}

const PUBLIC_KEY = 'guichet:public';
const ROLES_KEY = 'guichet:roles';
export const SESSION_COOKIE = 'guichet_session';

export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** Back-office routes: `@Roles('staff', 'admin')`. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new ApplicationError('unauthenticated', 'auth.required', 'Veuillez vous connecter.');
  return principal;
});

export function tokenFrom(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  const cookies = request.headers.cookie;
  if (!cookies) return undefined;
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('=')) || undefined;
  }
  return undefined;
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
    const token = tokenFrom(request);
    const principal = token ? await this.sessions.resolve(token) : null;
    if (!principal) throw new ApplicationError('unauthenticated', 'auth.required', 'Veuillez vous connecter.');
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ApplicationError('forbidden', 'auth.forbidden', "Vous n'avez pas accès à cette ressource.");
    }
    return true;
  }
}
