import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createPostgresBackend, Job, Processor, Queue, Worker, WorkerOptions } from 'bullmq';
import IORedis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

export type QueueBackendKind = 'redis' | 'postgres';

/** Schema of BullMQ's own tables when it runs on its PostgreSQL backend. */
export const BULLMQ_PG_SCHEMA = 'bullmq';

/**
 * Creates BullMQ queues and workers on the configured backend: Redis when REDIS_URL is set
 * (production), else BullMQ's PostgreSQL backend in the application database (embedded default).
 * When the backend is down, producers fail after one reconnection attempt: the outbox keeps the
 * events, and a queue whose enqueue failed is discarded so that the next attempt starts afresh
 * (BullMQ keeps a failed initialisation).
 */
@Injectable()
export class QueueFactory implements OnApplicationShutdown {
  private readonly logger = new Logger('Queue');
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  /** Connections handed to BullMQ as instances: BullMQ does not close those, we do. */
  private readonly ownedConnections: IORedis[] = [];
  private producerConnection?: IORedis;
  private closed = false;
  readonly backend: QueueBackendKind;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.backend = config.redisUrl ? 'redis' : 'postgres';
  }

  queue(name: string): Queue {
    if (this.closed) throw new Error('queue connections are closed (shutting down)');
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.backend === 'redis'
        ? new Queue(name, { connection: this.producer(), prefix: this.config.queuePrefix, skipWaitingForReady: true })
        : new Queue(name, { connection: this.pgConnection(2) }, createPostgresBackend as never);
      queue.on('error', (err) => this.logger.warn({ queue: name, err: err.message }, 'queue connection error'));
      this.queues.set(name, queue);
    }
    return queue;
  }

  worker<T>(name: string, processor: Processor<T>, options: Omit<WorkerOptions, 'connection'>): Worker<T> {
    if (this.closed) throw new Error('queue connections are closed (shutting down)');
    const worker = this.backend === 'redis'
      ? new Worker<T>(name, processor, { ...options, prefix: this.config.queuePrefix, connection: this.ownConnection() })
      : new Worker<T>(name, processor, { ...options, connection: this.pgConnection(Math.min(options.concurrency ?? 1, 10) + 1) } as never, createPostgresBackend as never);
    worker.on('error', (err) => this.logger.warn({ queue: name, err: err.message }, 'worker connection error'));
    this.workers.push(worker as Worker);
    return worker;
  }

  /** True when the backend answers within `timeoutMs`. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    const probe = this.backend === 'redis' ? this.producer().ping() : this.queue('health').getJobCounts('waiting');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)));
    try {
      await Promise.race([probe, timeout]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async closeWorkers(): Promise<void> {
    await Promise.allSettled(this.workers.splice(0).map((w) => w.close()));
    for (const connection of this.ownedConnections.splice(0)) connection.disconnect();
  }

  private ownConnection(): IORedis {
    const connection = new IORedis(this.config.redisUrl!, { maxRetriesPerRequest: null });
    this.ownedConnections.push(connection);
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await this.closeWorkers();
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    this.producerConnection?.disconnect();
  }

  /** Forgets a queue after a failed enqueue; it is rebuilt on next use. */
  async discard(name: string): Promise<void> {
    const queue = this.queues.get(name);
    this.queues.delete(name);
    await queue?.close().catch(() => undefined);
  }

  private producer(): IORedis {
    if (!this.producerConnection) {
      this.producerConnection = new IORedis(this.config.redisUrl!, {
        maxRetriesPerRequest: 1,
        retryStrategy: (times) => Math.min(times * 200, 2000),
      });
      this.producerConnection.on('error', () => undefined); // reported through the relay and /health
    }
    return this.producerConnection;
  }

  private pgConnection(max: number) {
    return { connectionString: this.config.database.url!, schema: BULLMQ_PG_SCHEMA, migrate: true, max };
  }
}

export type { Job };
