import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { TEST_REDIS_URL } from '../setup/test-env';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { HANDLERS, ProbeModule, ProbeService, setUpProbeTables } from './probe.module';

/**
 * Workers (relay + consumers) are killed with SIGKILL at random moments while events flow:
 * in the middle of relaying, of delivering, of committing. Every effect must be applied exactly
 * once in the end. The API process that raises the events stays up.
 */
describe('worker killed at random points', () => {
  let api: TestApp;
  const prefix = `gtcrash${randomBytes(4).toString('hex')}`;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    api = await startTestApp({ role: 'api', imports: [ProbeModule], env: { QUEUE_PREFIX: prefix } });
    await setUpProbeTables(api.dataSource);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await api?.close();
  });

  function startWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'test/events/probe-worker.ts'], {
      cwd: `${__dirname}/../..`,
      env: {
        ...process.env,
        DATABASE_URL: api.db.url,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'silent',
        DATABASE_POOL_SIZE: '8',
        EVENT_CONSUMER_CONCURRENCY: '3',
        OUTBOX_RELAY_BATCH_SIZE: '7',
        OUTBOX_RELAY_INTERVAL_MS: '10',
        EVENT_BACKOFF_MS: '20',
        EVENT_MAX_ATTEMPTS: '5',
        EVENT_LOCK_DURATION_MS: '1000',
        PROBE_EFFECT_DELAY_MS: '3',
        TS_NODE_TRANSPILE_ONLY: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d) => (err += d));
      child.stdout!.on('data', (d) => String(d).includes('ready') && resolve(child));
      child.once('exit', (code) => reject(new Error(`worker exited (${code}) before ready: ${err.slice(0, 500)}`)));
    });
  }

  const effects = async () => {
    const [{ c }] = await api.dataSource.query(`SELECT count(*)::int AS c FROM public.probe_effect`);
    return c as number;
  };

  it('applies every effect exactly once (150 events, 6 kills)', async () => {
    const probe = api.app.get(ProbeService);
    let total = 0;
    const raise = async (count: number) => {
      for (let i = 0; i < count; i++) await probe.record(++total);
    };
    await raise(25);
    for (let round = 0; round < 6; round++) {
      const worker = await startWorker();
      const writing = raise(20); // events keep coming while the worker runs and dies
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 600));
      worker.kill('SIGKILL');
      await writing;
    }
    expect(total).toBe(145);
    await raise(5);
    const killedAt = await effects();
    expect(killedAt).toBeLessThan(300); // the kills did interrupt the flow

    await startWorker(); // a survivor finishes the work, taking over stalled deliveries
    await eventually(async () => (await effects()) >= 300, 60_000, 100);
    await new Promise((r) => setTimeout(r, 1500)); // room for a late duplicate
    const perHandler = await api.dataSource.query(
      `SELECT handler, count(*)::int AS rows, count(DISTINCT n)::int AS events FROM public.probe_effect GROUP BY handler ORDER BY handler`,
    );
    expect(perHandler).toEqual([...HANDLERS].sort().map((handler) => ({ handler, rows: 150, events: 150 })));
    const [{ unrelayed }] = await api.dataSource.query(`SELECT count(*)::int AS unrelayed FROM platform.outbox_event WHERE relayed_at IS NULL`);
    expect(unrelayed).toBe(0);
    expect(await api.dataSource.query(`SELECT * FROM platform.event_dead_letter`)).toEqual([]);
  }, 120_000);
});
