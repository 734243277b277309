import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { ApplicationError, STATUS_BY_KIND } from './application-error';
import { PROBLEM_BASE, ProblemDetails, TITLES } from './problem-details';
import { TooManyRequestsError } from './rate-limiter';
import { requestIdOf } from './request-id';

/**
 * Turns every error into RFC 9457 problem details. 5xx answers never carry a stack trace or SQL:
 * the client gets an `errorId` to quote, the log gets the details.
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception, request);
    if (exception instanceof TooManyRequestsError) reply.header('retry-after', String(exception.retryAfterSeconds));
    reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
  }

  toProblem(exception: unknown, request: FastifyRequest): ProblemDetails {
    const correlationId = requestIdOf(request);
    const instance = request.url?.split('?')[0];
    if (exception instanceof ApplicationError) {
      const status = STATUS_BY_KIND[exception.kind];
      return {
        ...exception.extensions,
        type: PROBLEM_BASE + exception.code,
        title: TITLES[status] ?? 'Erreur',
        status,
        detail: exception.message,
        code: exception.code,
        instance,
        correlationId,
        ...(exception.fieldErrors.length ? { errors: exception.fieldErrors } : {}),
      };
    }
    const status = exception instanceof HttpException ? exception.getStatus() : statusOfFrameworkError(exception);
    if (status >= 500) {
      const errorId = randomUUID();
      // Name, message and stack only: a driver error also carries the query's parameters and the
      // offending values (e.g. "Key (email)=(…)"), which are personal data.
      const err = exception instanceof Error ? { type: exception.name, message: exception.message, stack: exception.stack } : { type: typeof exception };
      this.logger.error({ err, errorId, correlationId }, 'unhandled error');
      return {
        type: PROBLEM_BASE + 'internal',
        title: TITLES[500],
        status: 500,
        detail: `Une erreur inattendue est survenue. Référence : ${errorId}`,
        code: 'internal',
        instance,
        correlationId,
      };
    }
    return {
      type: PROBLEM_BASE + (status === 404 ? 'not-found' : `http-${status}`),
      title: TITLES[status] ?? 'Erreur',
      status,
      detail: frameworkDetail(exception, status),
      instance,
      correlationId,
    };
  }
}

/** Fastify's own errors (malformed JSON, body too large, wrong content type) carry a statusCode. */
function statusOfFrameworkError(exception: unknown): number {
  const code = (exception as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' && code >= 400 && code < 600 ? code : 500;
}

function frameworkDetail(exception: unknown, status: number): string {
  if (status === 404) return "Cette adresse n'existe pas.";
  if (status === 413) return 'Le corps de la requête est trop volumineux.';
  if (status === 415) return "Le type de contenu n'est pas pris en charge (attendu : application/json).";
  const fastifyCode = (exception as { code?: unknown })?.code;
  const message = (exception as { message?: unknown })?.message;
  if ((typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_ERR_CTP')) || (status === 400 && typeof message === 'string' && /JSON/.test(message))) {
    return "Le corps de la requête n'est pas un JSON valide.";
  }
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return TITLES[status] ?? 'Erreur';
}
