import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { TransactionHost } from '../../src/platform/database/transaction-host';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../src/config/app-config';
import { DomainEvent, EventConsumer, EventPublisher, OnDomainEvent } from '../../src/platform/events';

/**
 * A fixture module for the event backbone: a change that raises `test.probe.recorded.v1`, and
 * consumers in two "modules" whose effects are rows without any unique key, so that a double
 * application would show as a duplicate row.
 */
declare module '../../src/platform/events/domain-event' {
  interface DomainEventCatalog {
    'test.probe.recorded.v1': { n: number };
  }
}

export const PROBE_TABLES = `
  CREATE TABLE IF NOT EXISTS public.probe_change (id serial PRIMARY KEY, n integer NOT NULL);
  CREATE TABLE IF NOT EXISTS public.probe_effect (handler text NOT NULL, event_id uuid NOT NULL, n integer NOT NULL);
  CREATE TABLE IF NOT EXISTS public.probe_failure (handler text PRIMARY KEY, remaining integer NOT NULL);
`;

@Injectable()
export class ProbeService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly events: EventPublisher,
  ) {}

  /** One change and its event, in one transaction; `rollback` makes the transaction fail after both. */
  record(n: number, rollback = false): Promise<void> {
    return this.txHost.withTransaction(async () => {
      await this.txHost.tx.query('INSERT INTO public.probe_change (n) VALUES ($1)', [n]);
      await this.events.publish('test.probe.recorded.v1', `probe-${n}`, { n });
      if (rollback) throw new Error('rolled back on purpose');
    });
  }

  /** `count` changes and their events computed by the database (EventPublisher.publishFromQuery). */
  recordFromQuery(from: number, count: number, rollback = false): Promise<number> {
    return this.txHost.withTransaction(async () => {
      await this.txHost.tx.query('INSERT INTO public.probe_change (n) SELECT generate_series($1::int, $2::int)', [from, from + count - 1]);
      const raised = await this.events.publishFromQuery(
        'test.probe.recorded.v1',
        `SELECT 'probe-' || n AS aggregate_id, jsonb_build_object('n', n) AS payload FROM public.probe_change WHERE n BETWEEN $1 AND $2`,
        [from, from + count - 1],
      );
      if (rollback) throw new Error('rolled back on purpose');
      return raised;
    });
  }

  recordMany(from: number, count: number): Promise<void> {
    return this.txHost.withTransaction(async () => {
      const ns = Array.from({ length: count }, (_, i) => from + i);
      await this.txHost.tx.query('INSERT INTO public.probe_change (n) SELECT unnest($1::int[])', [ns]);
      await this.events.publishAll(ns.map((n) => ({ type: 'test.probe.recorded.v1', aggregateId: `probe-${n}`, payload: { n } })));
    });
  }
}

/**
 * A pool of its own for what must happen outside a delivery's transaction: borrowing a second
 * connection from the application's pool while holding one could exhaust it.
 */
@Injectable()
export class ProbeSidePool implements OnApplicationShutdown {
  readonly pool: Pool;
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = new Pool({ connectionString: config.database.url, max: 3 });
  }
  onApplicationShutdown() {
    return this.pool.end();
  }
}

/**
 * Writes its effect in the delivery's transaction; fails (after writing, so the rollback is tested
 * too) while probe_failure says so. The failure counter is updated outside that transaction.
 */
async function effect(txHost: TransactionHost, side: ProbeSidePool, handler: string, event: DomainEvent<'test.probe.recorded.v1'>): Promise<void> {
  const { rows: failing } = await side.pool.query(
    `UPDATE public.probe_failure SET remaining = remaining - 1 WHERE handler = $1 AND remaining > 0 RETURNING remaining`,
    [handler],
  );
  await txHost.tx.query('INSERT INTO public.probe_effect (handler, event_id, n) VALUES ($1, $2, $3)', [handler, event.id, event.payload.n]);
  // Crash tests slow deliveries down so that kills land inside open transactions.
  const delay = Number(process.env.PROBE_EFFECT_DELAY_MS ?? 0);
  if (delay) await new Promise((r) => setTimeout(r, delay));
  if (failing.length) throw new Error(`${handler} fails on purpose`);
}

@Injectable()
@EventConsumer('billing')
export class ProbeBillingConsumer {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly side: ProbeSidePool,
  ) {}

  @OnDomainEvent('test.probe.recorded.v1')
  onProbe(event: DomainEvent<'test.probe.recorded.v1'>) {
    return effect(this.txHost, this.side, 'ProbeBillingConsumer.onProbe', event);
  }
}

@Injectable()
@EventConsumer('notifications')
export class ProbeNotificationsConsumer {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly side: ProbeSidePool,
  ) {}

  @OnDomainEvent('test.probe.recorded.v1')
  onProbe(event: DomainEvent<'test.probe.recorded.v1'>) {
    return effect(this.txHost, this.side, 'ProbeNotificationsConsumer.onProbe', event);
  }
}

@Module({ providers: [ProbeSidePool, ProbeService, ProbeBillingConsumer, ProbeNotificationsConsumer] })
export class ProbeModule {}

export const HANDLERS = ['ProbeBillingConsumer.onProbe', 'ProbeNotificationsConsumer.onProbe'];

export async function setUpProbeTables(dataSource: DataSource): Promise<void> {
  await dataSource.query(PROBE_TABLES);
}

/** For each handler: how many distinct events it applied, and how many effect rows it wrote. */
export async function effectCounts(dataSource: DataSource): Promise<Record<string, { events: number; rows: number }>> {
  const rows: { handler: string; events: string; rows: string }[] = await dataSource.query(
    `SELECT handler, count(DISTINCT event_id) AS events, count(*) AS rows FROM public.probe_effect GROUP BY handler`,
  );
  return Object.fromEntries(rows.map((r) => [r.handler, { events: Number(r.events), rows: Number(r.rows) }]));
}
