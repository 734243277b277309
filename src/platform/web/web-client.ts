import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The parents' web client (web/, built by `npm run build` into dist/web): its hashed assets under
 * /assets/ (cached for good), and index.html for every other path that is not the API's, so that
 * the client's own routes (/factures/…, /activation?sso=…, the links of the e-mails) open on a
 * reload. /api/* and /health keep their answers, 404 problem details included.
 */
export const WEB_DIST_DIR = join(projectRoot(), 'dist', 'web');

/** Content-Security-Policy of the client's page: its own scripts and styles only, no framing. */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

const API_PATHS = /^\/(api|health)(\/|\?|$)/;

export async function registerWebClient(app: NestFastifyApplication, dir = WEB_DIST_DIR): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const indexFile = join(dir, 'index.html');
  const assets = join(dir, 'assets');
  if (existsSync(assets)) {
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/assets/',
      decorateReply: false,
      wildcard: false,
      index: false,
      dotfiles: 'deny',
      maxAge: '365d',
      immutable: true,
      setHeaders: (reply: FastifyReply) => reply.header('x-content-type-options', 'nosniff'),
    });
  }
  // Read once at start: the page is small and changes only with a new build (and a restart).
  const index = existsSync(indexFile)
    ? readFileSync(indexFile)
    : Buffer.from(
        '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Guichet</title>' +
          '<p>Le client web n’est pas construit : lancez <code>npm run build</code>.</p></html>',
      );
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    // API paths, and files that do not exist (an extension): the API's 404 (problem details).
    if (API_PATHS.test(request.url) || /\.[a-z0-9]+$/i.test(path) || path.startsWith('/assets/')) {
      return reply.callNotFound();
    }
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', WEB_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .send(index);
  };
  fastify.get('/', page);
  fastify.get('/*', page);
}

function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}
