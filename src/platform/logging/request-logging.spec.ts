import Fastify, { FastifyInstance } from 'fastify';
import { PassThrough } from 'node:stream';
import { createLogger, NestPinoLogger } from './logger';
import { registerRequestLogging } from './request-logging';

/** What really gets written for a request, through our logger and hook. */
describe('request logs', () => {
  it('hold the request id, method, path and status, and nothing of bodies, queries, cookies or tokens', async () => {
    const lines: string[] = [];
    const out = new PassThrough();
    out.on('data', (chunk) => lines.push(...String(chunk).split('\n').filter(Boolean)));
    const fastify = Fastify({ loggerInstance: createLogger('info', out), disableRequestLogging: true, genReqId: () => 'req-42' });
    registerRequestLogging(fastify as unknown as FastifyInstance);
    fastify.post('/api/families/:id', async () => ({}));
    fastify.post('/fail', async (_, reply) => reply.status(500).header('set-cookie', 'guichet_session=SECRET-COOKIE-OUT').send({}));
    fastify.get('/health', async () => ({}));
    const headers = { authorization: 'Bearer SECRET-TOKEN', cookie: 'guichet_session=SECRET-COOKIE' };
    await fastify.inject({
      method: 'POST',
      url: '/api/families/1?token=SECRET-QUERY&email=jeanne.martin%40exemple.fr',
      headers,
      payload: { password: 'SECRET-PASSWORD', allergies: 'arachide' },
    });
    await fastify.inject({ method: 'POST', url: '/fail', headers, payload: {} });
    await fastify.inject({ method: 'GET', url: '/health?probe=1', headers });
    await fastify.close();
    await new Promise((r) => setImmediate(r));

    expect(lines).toHaveLength(2); // /health is not logged
    const first = JSON.parse(lines[0]);
    expect(first).toMatchObject({ reqId: 'req-42', method: 'POST', path: '/api/families/1', statusCode: 200, msg: 'request completed' });
    expect(JSON.parse(lines[1]).level).toBe(50); // a 500 is logged as an error
    expect(lines.join('\n')).not.toMatch(/SECRET|jeanne|arachide|exemple\.fr/);
  });
});

describe('NestPinoLogger', () => {
  it('writes context, fields and message as one JSON line', () => {
    const lines: string[] = [];
    const out = new PassThrough();
    out.on('data', (chunk) => lines.push(String(chunk)));
    const logger = new NestPinoLogger(createLogger('info', out));
    logger.warn({ eventId: 'e1' }, 'delivery failed', 'EventConsumers');
    logger.log('started', 'NestApplication');
    logger.debug('hidden', 'X');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 40, context: 'EventConsumers', eventId: 'e1', msg: 'delivery failed' }),
      expect.objectContaining({ level: 30, context: 'NestApplication', msg: 'started' }),
    ]);
  });
});
