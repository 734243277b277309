import { EventConsumers, OutboxRelay } from '../../src/platform/events';
import { QueueFactory } from '../../src/platform/queue/queue.factory';
import { bearer, newSession } from '../factories/identity.factory';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { effectCounts, HANDLERS, ProbeModule, ProbeService, setUpProbeTables } from './probe.module';

/**
 * The event backbone end to end, on real PostgreSQL and on both queue backends:
 * Redis (production) and BullMQ's PostgreSQL backend (the embedded default).
 */
describe.each(['redis', 'postgres'] as const)('event backbone on %s', (queue) => {
  let t: TestApp;
  let probe: ProbeService;
  let next = 0;
  const n = () => ++next;

  beforeAll(async () => {
    t = await startTestApp({ queue, imports: [ProbeModule] });
    await setUpProbeTables(t.dataSource);
    probe = t.app.get(ProbeService);
  });
  afterAll(() => t?.close());

  const effectsOf = async (value: number) =>
    (await t.dataSource.query(`SELECT handler FROM public.probe_effect WHERE n = $1 ORDER BY handler`, [value])).map(
      (r: { handler: string }) => r.handler,
    );

  it('delivers a committed event to every subscriber exactly once', async () => {
    const value = n();
    await probe.record(value);
    await eventually(async () => (await effectsOf(value)).length === 2);
    await new Promise((r) => setTimeout(r, 300)); // room for a stray second delivery
    expect(await effectsOf(value)).toEqual([...HANDLERS].sort());
    const [outbox] = await t.dataSource.query(`SELECT relayed_at FROM platform.outbox_event WHERE aggregate_id = $1`, [`probe-${value}`]);
    expect(outbox.relayed_at).not.toBeNull(); // marked, not deleted
  });

  it('emits nothing for a rolled-back change', async () => {
    const value = n();
    await expect(probe.record(value, true)).rejects.toThrow('rolled back on purpose');
    expect(await t.dataSource.query(`SELECT 1 FROM platform.outbox_event WHERE aggregate_id = $1`, [`probe-${value}`])).toHaveLength(0);
    expect(await t.dataSource.query(`SELECT 1 FROM public.probe_change WHERE n = $1`, [value])).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(await effectsOf(value)).toEqual([]);
  });

  it('raises events computed by the database (publishFromQuery): each delivered once per subscriber, none when rolled back', async () => {
    const from = n();
    next += 19;
    await expect(probe.recordFromQuery(from, 20, true)).rejects.toThrow('rolled back on purpose');
    expect(await t.dataSource.query(`SELECT 1 FROM platform.outbox_event WHERE aggregate_id = $1`, [`probe-${from}`])).toHaveLength(0);

    expect(await probe.recordFromQuery(from, 20)).toBe(20);
    const rows = await t.dataSource.query(`SELECT type, version, payload FROM platform.outbox_event WHERE aggregate_id = $1`, [`probe-${from + 7}`]);
    expect(rows).toEqual([{ type: 'test.probe.recorded.v1', version: 1, payload: { n: from + 7 } }]);
    const count = async () => (await t.dataSource.query(`SELECT count(*)::int AS c FROM public.probe_effect WHERE n BETWEEN $1 AND $2`, [from, from + 19]))[0].c;
    await eventually(async () => (await count()) === 40);
    await new Promise((r) => setTimeout(r, 300));
    expect(await count()).toBe(40);
    const { EventPublisher } = await import('../../src/platform/events');
    await expect(t.app.get(EventPublisher).publishFromQuery('test.probe.recorded.v1', 'SELECT 1')).rejects.toThrow(/inside a transaction/);
  });

  it('refuses to publish outside a transaction', async () => {
    const { EventPublisher } = await import('../../src/platform/events');
    await expect(t.app.get(EventPublisher).publish('test.probe.recorded.v1', 'x', { n: -1 })).rejects.toThrow(/inside a transaction/);
  });

  it('applies each effect once when the same rows are relayed twice', async () => {
    const relay = t.app.get(OutboxRelay);
    await relay.stop(); // drive the relay by hand
    try {
      const value = n();
      await probe.record(value);
      // A relay that dies after enqueueing, before marking: the rows stay unrelayed...
      await expect(relay.relayOnce(async () => Promise.reject(new Error('relay killed')))).rejects.toThrow('relay killed');
      const [row] = await t.dataSource.query(`SELECT relayed_at FROM platform.outbox_event WHERE aggregate_id = $1`, [`probe-${value}`]);
      expect(row.relayed_at).toBeNull();
      // ...and the next relay enqueues them again under the same job ids.
      expect(await relay.relayOnce()).toBeGreaterThanOrEqual(1);
      await eventually(async () => (await effectsOf(value)).length === 2);
      // Even once BullMQ has forgotten the jobs (no job-id dedup left), forcing a third relay of
      // the same rows changes nothing: the inbox holds.
      const queues = t.app.get(QueueFactory);
      for (const name of ['billing', 'notifications']) await queues.queue(name).clean(0, 1000, 'completed');
      await t.dataSource.query(`UPDATE platform.outbox_event SET relayed_at = NULL WHERE aggregate_id = $1`, [`probe-${value}`]);
      await relay.relayOnce();
      await new Promise((r) => setTimeout(r, 400));
      expect(await effectsOf(value)).toEqual([...HANDLERS].sort());
    } finally {
      relay.start();
    }
  });

  it('makes a redelivered job a no-op (inbox)', async () => {
    const value = n();
    await probe.record(value);
    await eventually(async () => (await effectsOf(value)).length === 2);
    const [row] = await t.dataSource.query(`SELECT id, type, version, aggregate_id, payload, occurred_at FROM platform.outbox_event WHERE aggregate_id = $1`, [`probe-${value}`]);
    const event = { id: row.id, type: row.type, version: row.version, occurredAt: row.occurred_at.toISOString(), aggregateId: row.aggregate_id, payload: row.payload };
    const consumers = t.app.get(EventConsumers);
    await expect(consumers.deliver({ event, handler: HANDLERS[0] })).resolves.toBe('duplicate');
    expect(await effectsOf(value)).toEqual([...HANDLERS].sort());
  });

  it('retries a failing consumer, parks it as a dead letter, and applies it once on replay', async () => {
    const handler = 'ProbeBillingConsumer.onProbe';
    await t.dataSource.query(`INSERT INTO public.probe_failure (handler, remaining) VALUES ($1, 3) ON CONFLICT (handler) DO UPDATE SET remaining = 3`, [handler]);
    const value = n();
    await probe.record(value);
    // The other subscriber is not held back by the failing one.
    await eventually(async () => (await effectsOf(value)).includes('ProbeNotificationsConsumer.onProbe'));
    const { token } = await newSession(t.dataSource, 'staff');
    const listed = await eventually(async () => {
      const res = await t.inject({ method: 'GET', url: '/api/admin/events/dead-letters?status=dead', headers: bearer(token) });
      return res.json().find((d: { handler: string; eventType: string }) => d.handler === handler);
    });
    expect(listed).toMatchObject({ eventType: 'test.probe.recorded.v1', queue: 'billing', attempts: 3, status: 'dead', lastError: expect.stringContaining('fails on purpose') });
    const [{ remaining }] = await t.dataSource.query(`SELECT remaining FROM public.probe_failure WHERE handler = $1`, [handler]);
    expect(remaining).toBe(0); // tried exactly maxAttempts (3) times
    expect(await effectsOf(value)).toEqual(['ProbeNotificationsConsumer.onProbe']); // failed attempts left no effect

    const replay = await t.inject({ method: 'POST', url: `/api/admin/events/dead-letters/${listed.id}/replay`, headers: bearer(token) });
    expect(replay.statusCode).toBe(202);
    await eventually(async () => (await effectsOf(value)).length === 2);
    expect(await effectsOf(value)).toEqual([...HANDLERS].sort());

    const again = await t.inject({ method: 'POST', url: `/api/admin/events/dead-letters/${listed.id}/replay`, headers: bearer(token) });
    expect(again.statusCode).toBe(409);
    const unknown = await t.inject({ method: 'POST', url: `/api/admin/events/dead-letters/999999/replay`, headers: bearer(token) });
    expect(unknown.statusCode).toBe(404);
    const bad = await t.inject({ method: 'POST', url: `/api/admin/events/dead-letters/abc/replay`, headers: bearer(token) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('id');
  });

  it('delivers a burst of 300 events, each once per subscriber', async () => {
    const from = 10_000;
    await probe.recordMany(from, 300);
    let seen = 0;
    await eventually(async () => {
      const [{ c }] = await t.dataSource.query(`SELECT count(*)::int AS c FROM public.probe_effect WHERE n >= $1`, [from]);
      seen = c;
      return c >= 600;
    }, 30_000).catch((e) => {
      throw new Error(`${e.message}: ${seen} effects of 600`);
    });
    const dupes = await t.dataSource.query(`SELECT handler, event_id FROM public.probe_effect GROUP BY 1, 2 HAVING count(*) > 1`);
    expect(dupes).toEqual([]);
    const counts = await effectCounts(t.dataSource);
    for (const h of HANDLERS) expect(counts[h].rows).toBe(counts[h].events);
  });
});
