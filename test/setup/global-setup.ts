import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import IORedis from 'ioredis';
import { runMigrations } from '../../src/platform/database/migrate';
import { databaseUrl, TEST_PG_ADMIN_URL, TEST_REDIS_URL, templateDb } from './test-env';

/**
 * Once per run: migrate a template database on the machine's PostgreSQL. Each test file then
 * clones it (CREATE DATABASE … TEMPLATE), so files run in parallel on their own data.
 */
export default async function globalSetup(): Promise<void> {
  // The web client (web/ → dist/web), served by the app and driven by test/web in a browser.
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'web', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`Tests need PostgreSQL at ${TEST_PG_ADMIN_URL} (set TEST_DATABASE_ADMIN_URL): ${(e as Error).message}`);
  }
  try {
    process.env.GUICHET_TEST_RUN = String(process.pid);
    // Leftovers of interrupted runs: those whose jest process is gone.
    const dbs = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'guichet\\_test\\_%'`);
    for (const { datname } of dbs.rows) {
      const pid = Number(/^guichet_test_(\d+)_/.exec(datname)?.[1]);
      if (pid && pid !== process.pid && !alive(pid)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE ${templateDb()}`);
  } finally {
    await admin.end();
  }
  await runMigrations(databaseUrl(templateDb()));

  const redis = new IORedis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new Error(`Tests need Redis at ${TEST_REDIS_URL} (set TEST_REDIS_URL): ${(e as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
