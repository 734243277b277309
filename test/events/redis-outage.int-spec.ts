import { TestRedisServer } from '../support/redis-server';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { HANDLERS, ProbeModule, ProbeService, setUpProbeTables } from './probe.module';

/** With Redis stopped, writes still succeed; their events are delivered once Redis is back. */
describe('Redis outage', () => {
  let redis: TestRedisServer;
  let t: TestApp;

  beforeAll(async () => {
    redis = await TestRedisServer.create();
    await redis.start();
    t = await startTestApp({ redisUrl: redis.url, imports: [ProbeModule] });
    await setUpProbeTables(t.dataSource);
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  const effects = async () => {
    const [{ c }] = await t.dataSource.query(`SELECT count(*)::int AS c FROM public.probe_effect`);
    return c as number;
  };

  it('keeps accepting changes while Redis is down and delivers their events exactly once after', async () => {
    const probe = t.app.get(ProbeService);
    await probe.record(1);
    await eventually(async () => (await effects()) === 2);

    await redis.stop();
    for (let n = 2; n <= 21; n++) await probe.record(n); // 20 writes, none fails
    const health = await t.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'error', database: { status: 'up' }, queue: { status: 'down', backend: 'redis' } });
    await new Promise((r) => setTimeout(r, 500));
    expect(await effects()).toBe(2);
    const [{ waiting }] = await t.dataSource.query(`SELECT count(*)::int AS waiting FROM platform.outbox_event WHERE relayed_at IS NULL`);
    expect(waiting).toBe(20);

    await redis.start(); // a fresh, empty Redis: what was not relayed is still in the outbox
    await eventually(async () => (await effects()) === 42, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    const perHandler = await t.dataSource.query(
      `SELECT handler, count(*)::int AS rows, count(DISTINCT n)::int AS events FROM public.probe_effect GROUP BY handler ORDER BY handler`,
    );
    expect(perHandler).toEqual([...HANDLERS].sort().map((handler) => ({ handler, rows: 21, events: 21 })));
    expect((await t.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  }, 60_000);
});
