import { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import IORedis from 'ioredis';
import type { InjectOptions, Response } from 'light-my-request';
import { randomBytes } from 'node:crypto';
import { AddressInfo, createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AppConfig, AppRole, loadConfig } from '../../src/config/app-config';
import { createHttpApp } from '../../src/http-app';
import { TEST_REDIS_URL } from '../setup/test-env';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestAppOptions {
  /** queue backend: the machine's Redis (production path) or BullMQ's PostgreSQL backend (embedded path) */
  queue?: 'redis' | 'postgres';
  role?: AppRole;
  imports?: (Type | DynamicModule | ForwardReference)[];
  env?: Record<string, string>;
  redisUrl?: string;
  /** reuse a database (e.g. a second process role on the same data) */
  database?: TestDatabase;
  /**
   * Listen on a real port of 127.0.0.1 (a free one), for a browser or a platform calling back:
   * PORT and PUBLIC_URL (`http://localhost:<port>`) are set unless `env` gives them.
   */
  listen?: boolean;
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: TestDatabase;
  /** with `listen`: `http://127.0.0.1:<port>` (baseUrl is the same port as PUBLIC_URL says it) */
  url?: string;
  dataSource: DataSource;
  /** with `listen`: where the application answers (PUBLIC_URL), e.g. `http://localhost:41234` */
  baseUrl?: string;
  inject(options: InjectOptions): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The real application on a database of its own (cloned from the migrated template) and real
 * queue connections; HTTP requests go through Fastify's injector (the full request pipeline).
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const prefix = `gt${randomBytes(5).toString('hex')}`;
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const port = options.listen ? Number(options.env?.PORT ?? (await freePort())) : undefined;
  const url = port ? `http://127.0.0.1:${port}` : undefined;
  const config = loadConfig(
    {
      DATABASE_URL: db.url,
      ...(options.queue === 'postgres' ? {} : { REDIS_URL: redisUrl }),
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      OUTBOX_RELAY_INTERVAL_MS: '20',
      EVENT_BACKOFF_MS: '20',
      EVENT_MAX_ATTEMPTS: '3',
      DATABASE_POOL_SIZE: '8',
      EVENT_CONSUMER_CONCURRENCY: '3',
      // each app gets its own SMTP sink on a free port (files run in parallel)
      SMTP_SINK_PORT: '0',
      NOTIFICATIONS_SEND_INTERVAL_MS: '20',
      NOTIFICATIONS_BACKOFF_MS: '50',
      ...(port ? { PORT: String(port), PUBLIC_URL: `http://localhost:${port}` } : {}),
      ...options.env,
    },
    options.role ?? 'all',
  );
  const app = await createHttpApp(AppModule.forRoot(config, { imports: options.imports }), config);
  if (port) await app.listen(port, '127.0.0.1');
  else await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    db,
    url,
    baseUrl: port ? config.publicUrl : undefined,
    dataSource: app.get(DataSource),
    inject: (opts) => app.getHttpAdapter().getInstance().inject(opts),
    close: async () => {
      await app.close();
      if (config.redisUrl) await deleteKeys(config.redisUrl, prefix);
      if (!options.database) await db.drop();
    },
  };
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true });
  try {
    await redis.connect();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  } catch {
    // Redis may have been stopped by the test itself.
  } finally {
    redis.disconnect();
  }
}

/** Waits until `check` returns a truthy value (reads the database, never the queue internals). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms (last value: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
