import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { TransactionHost } from '../database/transaction-host';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { QueueFactory } from '../queue/queue.factory';
import { DeadLetterStore } from './dead-letter.store';
import { EventJobData } from './domain-event';
import { EventSubscriberRegistry } from './event-subscriber.registry';

export type DeliveryOutcome = 'applied' | 'duplicate';

/**
 * Runs the subscribers: one BullMQ worker per consuming module's queue. Each delivery runs in
 * one transaction that first records (event id, handler) in the inbox: if that row already
 * exists the delivery is a no-op, so redelivered or re-relayed jobs never apply twice.
 * A failing handler is retried with exponential backoff; after the last attempt the delivery is
 * parked as a dead letter, which staff can list and replay.
 */
@Injectable()
export class EventConsumers {
  private readonly logger = new Logger('EventConsumers');
  private workers: Worker[] = [];

  constructor(
    private readonly registry: EventSubscriberRegistry,
    private readonly queues: QueueFactory,
    private readonly txHost: TransactionHost,
    private readonly deadLetters: DeadLetterStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(): void {
    if (this.workers.length) return;
    const { consumerConcurrency, lockDurationMs } = this.config.events;
    this.workers = this.registry.queues().map((queue) => {
      const worker = this.queues.worker<EventJobData>(queue, (job) => this.process(queue, job), {
        concurrency: consumerConcurrency,
        // A worker that dies mid-delivery leaves its job locked: another worker takes it over
        // once the lock expires. A job may stall several times (crashes, deploys) before it
        // counts as failed; the inbox keeps it from being applied twice.
        lockDuration: lockDurationMs,
        stalledInterval: lockDurationMs,
        maxStalledCount: 10,
      });
      worker.on('failed', (job, err) => {
        // Failures outside the processor (stalled too often) are dead-lettered here.
        if (job && /stalled/i.test(err.message)) void this.deadLetters.record(queue, job.data, job.attemptsMade, err).catch(() => undefined);
      });
      return worker;
    });
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    this.workers = [];
  }

  /** Applies one delivery exactly once. Public so that tests can drive it without a queue. */
  async deliver(data: EventJobData): Promise<DeliveryOutcome> {
    const subscriber = this.registry.handler(data.handler);
    if (!subscriber) throw new UnrecoverableError(`No event handler named ${data.handler}`);
    return this.txHost.withTransaction(async () => {
      const inserted: unknown[] = await this.txHost.tx.query(
        `INSERT INTO platform.event_inbox (event_id, handler) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
        [data.event.id, data.handler],
      );
      if (inserted.length === 0) return 'duplicate' as const;
      await subscriber.invoke(data.event);
      return 'applied' as const;
    });
  }

  private async process(queue: string, job: Job<EventJobData>): Promise<DeliveryOutcome> {
    try {
      return await this.deliver(job.data);
    } catch (err) {
      const attempts = job.opts.attempts ?? 1;
      const last = err instanceof UnrecoverableError || job.attemptsMade + 1 >= attempts;
      this.logger.warn(
        { eventId: job.data.event.id, type: job.data.event.type, handler: job.data.handler, attempt: job.attemptsMade + 1, attempts, err: (err as Error).message },
        last ? 'event delivery failed for good: dead-lettered' : 'event delivery failed, will retry',
      );
      if (last) await this.deadLetters.record(queue, job.data, job.attemptsMade + 1, err as Error);
      throw err;
    }
  }
}
