import { Injectable, OnModuleInit } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

/**
 * Carries the current transaction through async calls (AsyncLocalStorage), so that repositories,
 * the outbox and event handlers all write in the transaction of the use case that runs them.
 *
 *   await txHost.withTransaction(async () => {
 *     await txHost.tx.getRepository(X).save(x);   // same transaction
 *     await events.publish('…', id, payload);     // same transaction (outbox)
 *   });
 *
 * (Written here rather than taken from nestjs-cls: that library mounts a global interceptor on
 * every request, which cost a third of the throughput of a cheap read in bench/.)
 */
@Injectable()
export class TransactionHost implements OnModuleInit {
  private readonly storage = new AsyncLocalStorage<EntityManager>();
  /** The connections' default isolation level (read at start), e.g. READ COMMITTED. */
  private defaultIsolation: IsolationLevel | undefined;

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const [row] = await this.dataSource.query(`SELECT upper(current_setting('default_transaction_isolation')) AS level`);
    this.defaultIsolation = row.level as IsolationLevel;
  }

  /** The current transaction's EntityManager; outside a transaction, the default one. */
  get tx(): EntityManager {
    return this.storage.getStore() ?? this.dataSource.manager;
  }

  isTransactionActive(): boolean {
    return this.storage.getStore() !== undefined;
  }

  /**
   * Runs `fn` in a new transaction, or in the current one when already inside a transaction. At the
   * connections' default level the transaction starts with START TRANSACTION alone: TypeORM follows
   * it with SET TRANSACTION ISOLATION LEVEL when given a level, a round trip for nothing.
   */
  withTransaction<T>(fn: () => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
    if (this.storage.getStore()) return fn();
    const run = (manager: EntityManager) => this.storage.run(manager, fn);
    return isolation === this.defaultIsolation ? this.dataSource.transaction(run) : this.dataSource.transaction(isolation, run);
  }
}

const TRANSIENT = new Set(['40P01', '40001']);

/**
 * Runs `fn` (which opens its own transaction) again when PostgreSQL aborted it for a deadlock or a
 * serialization failure: the transaction rolled back entirely, so trying again is safe.
 */
export async function retryTransient<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !TRANSIENT.has((error as { code?: string }).code ?? '')) throw error;
    }
  }
}
