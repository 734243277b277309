/** Where the tests find the machine's PostgreSQL and Redis (override with these variables). */
export const TEST_PG_ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Databases of one test run are named `guichet_test_<pid of the jest main process>_…`, so that
 * several runs on one machine never touch each other's data. Set by the global setup; inherited
 * by the jest workers.
 */
export function runId(): string {
  return (process.env.GUICHET_TEST_RUN ??= String(process.pid));
}

export const templateDb = () => `guichet_test_${runId()}_template`;

export function databaseUrl(name: string): string {
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
