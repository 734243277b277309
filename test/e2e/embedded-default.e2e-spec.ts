import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { exitOf, freePorts, get, Run, startGuichet, waitHealthy } from '../support/guichet-process';

/**
 * The README's default: no DATABASE_URL and no REDIS_URL. The real entry point (src/main.ts, run
 * from source by ts-node, so no prior build is needed) starts an embedded PostgreSQL in
 * EMBEDDED_PG_DIR, runs BullMQ on its PostgreSQL backend, stops cleanly on SIGTERM, reuses its
 * data on the next start, refuses a second instance on the same folder, and recovers from a
 * kill -9 that left PostgreSQL running.
 */
function postgresOn(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const d = args.indexOf('-D');
      if (d >= 0 && args[d + 1] === dataDir && /postgres$/.test(args[0])) {
        const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
        if (state !== 'Z') pids.push(Number(entry));
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

async function withDb<T>(pgPort: number, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ host: '127.0.0.1', port: pgPort, user: 'guichet', password: 'guichet', database: 'guichet' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const describeLinux = process.platform === 'linux' ? describe : describe.skip;

describeLinux('embedded default (no DATABASE_URL, no REDIS_URL)', () => {
  let tmp: string;
  let dataDir: string;
  let httpPort: number;
  let httpPort2: number;
  let pgPort: number;
  let env: NodeJS.ProcessEnv;
  const runs: Run[] = [];
  let running: Run | undefined; // left running by one test for the next
  const start = (overrides: NodeJS.ProcessEnv = {}) => {
    const run = startGuichet({ ...env, ...overrides });
    runs.push(run);
    return run;
  };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'guichet-embedded-'));
    // As root, PostgreSQL runs as the `postgres` user, which must traverse the folder (mkdtemp makes it 700).
    chmodSync(tmp, 0o755);
    dataDir = join(tmp, 'pgdata');
    [httpPort, httpPort2, pgPort] = await freePorts(3);
    env = { ...process.env, EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: String(httpPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'APP_ROLE']) delete env[name];
  });

  afterAll(async () => {
    for (const run of runs) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await Promise.all(runs.map((r) => r.exit));
    for (const pid of postgresOn(dataDir)) process.kill(pid, 'SIGQUIT');
    for (let i = 0; i < 50 && postgresOn(dataDir).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    rmSync(tmp, { recursive: true, force: true });
  });

  it('starts from nothing: initialises the data folder, migrates, serves /health and the API docs', async () => {
    const run = start();
    const health = await waitHealthy(run, httpPort);
    expect(health).toEqual({ status: 'ok', database: { status: 'up' }, queue: { status: 'up', backend: 'postgres' } });
    expect(run.output()).toContain(`initialised a new PostgreSQL data folder in ${dataDir}`);
    expect(run.output()).toContain(`data in ${dataDir} (stop Guichet and delete that folder to reset`);
    expect(run.output()).toMatch(/migrations applied: /);

    const docs = await get(httpPort, '/api/docs-json');
    expect(docs.status).toBe(200);
    expect(JSON.parse(docs.body).openapi).toMatch(/^3\./);
    await withDb(pgPort, async (c) => {
      const bullmq = await c.query(`SELECT 1 FROM information_schema.schemata WHERE schema_name = 'bullmq'`);
      expect(bullmq.rowCount).toBe(1);
      await c.query(`CREATE TABLE e2e_marker (value text); INSERT INTO e2e_marker VALUES ('kept')`);
    });

    run.child.kill('SIGTERM');
    expect(await exitOf(run)).toEqual({ code: 0, signal: null });
    expect(postgresOn(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
  }, 60_000);

  it('starts again on the same folder: data reused, no initialisation, no migration', async () => {
    const run = (running = start());
    await waitHealthy(run, httpPort);
    expect(run.output()).not.toContain('initialised a new PostgreSQL data folder');
    expect(run.output()).not.toMatch(/migrations applied/);
    const marker = await withDb(pgPort, (c) => c.query('SELECT value FROM e2e_marker'));
    expect(marker.rows).toEqual([{ value: 'kept' }]);

    // A second instance on the same folder is refused with an explanation, and leaves the first alone.
    const second = start({ PORT: String(httpPort2) });
    expect(await exitOf(second, 30_000)).toEqual({ code: 1, signal: null });
    expect(second.output()).toContain(`The data folder ${dataDir} is in use by another Guichet`);
    expect((await get(httpPort, '/health')).status).toBe(200);
  }, 60_000);

  it('recovers from a kill -9 that left PostgreSQL running, then stops cleanly', async () => {
    const killed = running!;
    const orphan = postgresOn(dataDir);
    expect(orphan).toHaveLength(1);
    killed.child.kill('SIGKILL');
    await exitOf(killed);
    expect(postgresOn(dataDir)).toEqual(orphan); // PostgreSQL runs on, in its own process group

    const run = start();
    await waitHealthy(run, httpPort);
    expect(run.output()).toContain(`stopping the embedded PostgreSQL (process ${orphan[0]}) left running`);
    expect((await withDb(pgPort, (c) => c.query('SELECT value FROM e2e_marker'))).rows).toEqual([{ value: 'kept' }]);

    run.child.kill('SIGTERM');
    expect(await exitOf(run)).toEqual({ code: 0, signal: null });
    expect(postgresOn(dataDir)).toEqual([]);
  }, 60_000);
});
