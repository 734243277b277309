import { Client } from 'pg';
import IORedis from 'ioredis';
import { runMigrations } from '../../src/platform/database/migrate';
import { databaseUrl, TEMPLATE_DB, TEST_PG_ADMIN_URL, TEST_REDIS_URL } from './test-env';

/**
 * Once per run: migrate a template database on the machine's PostgreSQL. Each test file then
 * clones it (CREATE DATABASE … TEMPLATE), so files run in parallel on their own data.
 */
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`Tests need PostgreSQL at ${TEST_PG_ADMIN_URL} (set TEST_DATABASE_ADMIN_URL): ${(e as Error).message}`);
  }
  try {
    // Leftovers of interrupted runs.
    const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'guichet_test_%'`);
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  await runMigrations(databaseUrl(TEMPLATE_DB));

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
