import type { FastifyInstance } from 'fastify';

/**
 * One log line per request, after the response: request id, method, path (no query string),
 * status and time. Never bodies, query strings, headers, cookies or tokens. /health is not logged.
 */
export function registerRequestLogging(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?')[0];
    if (path !== '/health') {
      const status = reply.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      request.log[level](
        // request.log already carries `reqId`; flat keys, as Fastify's serializers own `req`/`res`.
        { method: request.method, path, statusCode: status, responseTime: Math.round(reply.elapsedTime) },
        'request completed',
      );
    }
    done();
  });
}
