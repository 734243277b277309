import { Inject, Injectable } from '@nestjs/common';
import { JobsOptions } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { PollingLoop } from '../polling-loop';
import { QueueFactory } from '../queue/queue.factory';
import { DomainEvent, EventJobData } from './domain-event';
import { EventSubscriberRegistry } from './event-subscriber.registry';

interface OutboxRow {
  id: string;
  type: string;
  version: number;
  aggregate_id: string;
  payload: unknown;
  occurred_at: Date;
}

export function toDomainEvent(row: OutboxRow): DomainEvent {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    occurredAt: row.occurred_at.toISOString(),
    aggregateId: row.aggregate_id,
    payload: row.payload,
  } as DomainEvent;
}

/** BullMQ job ids may not hold ':'; ours are `<eventId>_<handler>`, unique per delivery. */
export function jobIdOf(eventId: string, handler: string, replay = 0): string {
  return replay ? `${eventId}_${handler}_replay-${replay}` : `${eventId}_${handler}`;
}

/**
 * Moves outbox rows to BullMQ: one job per (event, subscribing handler) in the subscriber's
 * module queue, with a job id derived from the event id so that a re-relay never duplicates.
 * Rows are claimed with FOR UPDATE SKIP LOCKED (several relays may run) and marked as relayed,
 * not deleted: they stay for audit and replay until the retention window ends.
 * If the queue backend is down, nothing is marked and the batch is retried later.
 */
@Injectable()
export class OutboxRelay {
  private readonly loop: PollingLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueFactory,
    private readonly registry: EventSubscriberRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.loop = new PollingLoop({
      name: 'OutboxRelay',
      intervalMs: this.config.events.relayIntervalMs,
      step: async () => (await this.relayOnce()) === this.config.events.relayBatchSize,
      hourly: () => this.purge(),
      failureMessage: 'outbox relay failed; events stay in the outbox and will be retried',
      recoveredMessage: 'queue backend reachable again, relaying',
    });
  }

  jobOptions(): JobsOptions {
    const { maxAttempts, backoffMs } = this.config.events;
    return {
      attempts: maxAttempts,
      backoff: { type: 'exponential', delay: backoffMs },
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  /**
   * Relays one batch. Returns how many outbox rows it handled.
   * `beforeMark` exists for crash tests: it runs after the enqueue, before the rows are marked.
   */
  async relayOnce(beforeMark?: () => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const rows: OutboxRow[] = await em.query(
        `SELECT id, type, version, aggregate_id, payload, occurred_at FROM platform.outbox_event
         WHERE relayed_at IS NULL ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.config.events.relayBatchSize],
      );
      if (rows.length === 0) return 0;
      const jobsByQueue = new Map<string, { name: string; data: EventJobData; opts: JobsOptions }[]>();
      const opts = this.jobOptions();
      for (const row of rows) {
        const event = toDomainEvent(row);
        for (const subscriber of this.registry.subscribersOf(row.type)) {
          const jobs = jobsByQueue.get(subscriber.queue) ?? [];
          jobs.push({ name: row.type, data: { event, handler: subscriber.name }, opts: { ...opts, jobId: jobIdOf(row.id, subscriber.name) } });
          jobsByQueue.set(subscriber.queue, jobs);
        }
      }
      for (const [queue, jobs] of jobsByQueue) {
        try {
          await this.queues.queue(queue).addBulk(jobs);
        } catch (err) {
          await this.queues.discard(queue);
          throw err;
        }
      }
      if (beforeMark) await beforeMark();
      await em.query(`UPDATE platform.outbox_event SET relayed_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Deletes relayed events (and their inbox rows) older than the retention window. */
  async purge(): Promise<void> {
    const days = this.config.events.retentionDays;
    await this.dataSource.query(
      `WITH old AS (DELETE FROM platform.outbox_event WHERE relayed_at < now() - make_interval(days => $1) RETURNING id)
       DELETE FROM platform.event_inbox WHERE event_id IN (SELECT id FROM old)`,
      [days],
    );
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
