'use strict';
/**
 * `node bench/adapter-compare.js`: which HTTP adapter for NestJS? Loads, in alternating rounds of the
 * same run, three servers answering GET /hello with the same small constant JSON (no database):
 *   fastify        a bare Fastify route (the reference)
 *   nest-fastify   a minimal NestJS app (one module, one controller) on FastifyAdapter
 *   nest-express   the same app on ExpressAdapter (@nestjs/platform-express)
 * Each server runs in its own child process (this file with `--serve=<kind>`); the Nest apps are plain JS
 * (decorators applied with Reflect.decorate), so nothing needs compiling.
 * Options as bench/run.js: --duration=5 --rounds=3 --warmup=2 --connections=50 (or BENCH_*).
 */
require('reflect-metadata');
const lib = require('./lib');

const BODY = { id: 42, name: 'Cantine', open: true, tags: ['midi', 'maternelle'] };
const KINDS = ['fastify', 'nest-fastify', 'nest-express'];

async function serve(kind, port) {
  if (kind === 'fastify') {
    const app = lib.requireFastify()({ logger: false });
    app.get('/hello', async () => BODY);
    await app.listen({ port, host: '127.0.0.1' });
    return;
  }
  const { Controller, Get, Module } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');
  class HelloController {
    hello() {
      return BODY;
    }
  }
  Reflect.decorate([Controller()], HelloController);
  Reflect.decorate([Get('hello')], HelloController.prototype, 'hello', Object.getOwnPropertyDescriptor(HelloController.prototype, 'hello'));
  class HelloModule {}
  Reflect.decorate([Module({ controllers: [HelloController] })], HelloModule);

  const adapter =
    kind === 'nest-fastify'
      ? new (require('@nestjs/platform-fastify').FastifyAdapter)()
      : new (require('@nestjs/platform-express').ExpressAdapter)();
  const app = await NestFactory.create(HelloModule, adapter, { logger: ['error', 'warn'] });
  await app.listen(port, '127.0.0.1');
}

async function main() {
  const opts = {
    duration: lib.intOption('duration', 5),
    rounds: lib.intOption('rounds', 3),
    warmup: lib.intOption('warmup', 2),
    connections: lib.intOption('connections', 50),
  };
  const targets = [];
  for (const kind of KINDS) {
    const port = await lib.freePort();
    const child = lib.startChild(kind, [__filename, `--serve=${kind}`], { PORT: String(port), NODE_ENV: 'production' });
    targets.push({ name: kind, url: `http://127.0.0.1:${port}/hello`, pid: child.pid, child });
  }
  for (const t of targets) {
    const body = await lib.waitUntilReady(t.child, t.url);
    if (JSON.stringify(body) !== JSON.stringify(BODY)) throw new Error(`${t.name} answered ${JSON.stringify(body)}`);
  }
  console.error(`adapters: ${opts.rounds} rounds × ${opts.duration} s per server (+${opts.warmup} s warm-up), ${opts.connections} connections`);
  const stats = await lib.alternate(targets, opts);
  lib.report('GET /hello, constant JSON, no database', stats, 'fastify');
}

const serveKind = process.argv.find((a) => a.startsWith('--serve='))?.slice('--serve='.length);
if (serveKind) {
  if (!KINDS.includes(serveKind)) throw new Error(`--serve must be one of ${KINDS.join(', ')}`);
  serve(serveKind, Number(process.env.PORT)).catch((e) => {
    console.error(`[${serveKind}] failed to start:`, e);
    process.exit(1);
  });
} else {
  main()
    .catch((e) => {
      console.error(e.message ?? e);
      process.exitCode = 1;
    })
    .finally(() => lib.stopChildren());
}
