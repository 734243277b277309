import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import pinoHttp from 'pino-http';
import { loadConfig } from '../../config/app-config';
import { pinoHttpOptions } from './logger.module';

/** Request logs go through pino-http with our options: check what really gets written. */
describe('request logs', () => {
  let server: Server;
  let lines: string[];

  beforeAll(async () => {
    lines = [];
    const out = new PassThrough();
    out.on('data', (chunk) => lines.push(...String(chunk).split('\n').filter(Boolean)));
    const log = pinoHttp({ ...pinoHttpOptions(loadConfig({ LOG_LEVEL: 'info' })), genReqId: () => 'req-42' }, out);
    server = createServer((req, res) => {
      log(req, res);
      req.resume();
      req.on('end', () => {
        res.statusCode = req.url?.startsWith('/fail') ? 500 : 200;
        res.setHeader('set-cookie', 'guichet_session=SECRET-COOKIE-OUT');
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  function send(path: string, body: string): Promise<void> {
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = request(
        {
          port,
          path,
          method: 'POST',
          headers: { authorization: 'Bearer SECRET-TOKEN', cookie: 'guichet_session=SECRET-COOKIE', 'content-type': 'application/json' },
        },
        (res) => res.resume().on('end', resolve),
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('holds the request id, method, path and status, and nothing of bodies, queries, cookies or tokens', async () => {
    await send('/api/families/1?token=SECRET-QUERY&email=jeanne.martin%40exemple.fr', JSON.stringify({ password: 'SECRET-PASSWORD', allergies: 'arachide' }));
    await send('/fail', '{}');
    await send('/health?probe=1', '{}');
    await new Promise((r) => setTimeout(r, 50));
    const text = lines.join('\n');
    expect(lines).toHaveLength(2); // /health is not logged
    const first = JSON.parse(lines[0]);
    expect(first.req).toEqual({ id: 'req-42', method: 'POST', path: '/api/families/1' });
    expect(first.res).toEqual({ statusCode: 200 });
    expect(JSON.parse(lines[1]).level).toBe(50); // a 500 is logged as an error
    expect(text).not.toMatch(/SECRET|jeanne|arachide|exemple\.fr/);
  });
});
