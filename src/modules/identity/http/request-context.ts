import type { FastifyRequest } from 'fastify';
import { RequestContext } from '../infrastructure/audit.repository';

export function contextOf(request: FastifyRequest): RequestContext {
  const agent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent : null };
}
