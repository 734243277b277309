import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_REDIS_URL } from '../setup/test-env';
import { exitOf, freePorts, get, startGuichet, waitHealthy } from '../support/guichet-process';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * The production path of the real entry point: with DATABASE_URL and REDIS_URL set, the same
 * build starts as `api` and as `worker`, and a wrong variable stops the start with its name.
 */
describe('src/main.ts roles on PostgreSQL and Redis', () => {
  let db: TestDatabase;
  const env = () => {
    const base = { ...process.env };
    delete base.EMBEDDED_PG_DIR;
    return { ...base, DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `gtroles${randomBytes(4).toString('hex')}`, LOG_LEVEL: 'warn' };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('starts as api: migrations in place, /health on Redis, docs served; stops on SIGTERM', async () => {
    const [port] = await freePorts(1);
    const run = startGuichet({ ...env(), PORT: String(port) }, ['api']);
    try {
      expect(await waitHealthy(run, port)).toEqual({ status: 'ok', database: { status: 'up' }, queue: { status: 'up', backend: 'redis' } });
      expect((await get(port, '/api/docs-json')).status).toBe(200);
      expect(run.output()).toContain('API listening');
    } finally {
      run.child.kill('SIGTERM');
    }
    expect((await exitOf(run)).code).toBe(0);
  }, 60_000);

  it('starts as worker: no HTTP server, stops on SIGTERM', async () => {
    const [port] = await freePorts(1);
    const run = startGuichet({ ...env(), PORT: String(port) }, ['worker']);
    const deadline = Date.now() + 45_000;
    while (!run.output().includes('worker started') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(run.output()).toContain('worker started');
    await expect(get(port, '/health')).rejects.toThrow();
    run.child.kill('SIGTERM');
    expect((await exitOf(run)).code).toBe(0);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM migrations`);
    await client.end();
    expect(rows[0].n).toBeGreaterThan(0);
  }, 60_000);

  it.each([
    ['PORT', 'abc', /PORT must be an integer/],
    ['DATABASE_URL', 'mysql://localhost/x', /DATABASE_URL must be a postgres/],
  ])('refuses to start with %s=%s, naming the variable', async (name, value, message) => {
    const run = startGuichet({ ...env(), [name]: value }, ['api']);
    const { code } = await exitOf(run);
    expect(code).toBe(1);
    expect(run.output()).toMatch(message);
  }, 30_000);
});
