import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TransactionHost } from '../database/transaction-host';
import { DomainEventCatalog, EventType, versionOf } from './domain-event';

export interface NewEvent<T extends EventType = EventType> {
  type: T;
  aggregateId: string;
  payload: DomainEventCatalog[T];
}

/**
 * Raising an event = inserting an outbox row in the current transaction, next to the change
 * that raised it. Outside a transaction it refuses: an event must commit or roll back with its change.
 */
@Injectable()
export class EventPublisher {
  constructor(private readonly txHost: TransactionHost) {}

  async publish<T extends EventType>(type: T, aggregateId: string, payload: DomainEventCatalog[T]): Promise<string> {
    const [id] = await this.publishAll([{ type, aggregateId, payload } as NewEvent]);
    return id;
  }

  /**
   * Events computed by the database: one per row of `query`, which must return `aggregate_id` (text)
   * and `payload` (jsonb, shaped as the catalogue says for `type`: SQL cannot check it, a test must),
   * inserted by one INSERT … SELECT — for set-based work such as a billing run's 50,000 invoices,
   * whose payloads never travel through Node. Returns how many were raised.
   */
  async publishFromQuery<T extends EventType>(type: T, query: string, params: unknown[] = []): Promise<number> {
    if (!this.txHost.isTransactionActive()) {
      throw new Error(`Events (${type}) must be published inside a transaction: the outbox row commits with the change`);
    }
    const n = params.length;
    const [{ count }] = await this.txHost.tx.query(
      `WITH raised AS (
         INSERT INTO platform.outbox_event (id, type, version, aggregate_id, payload)
         SELECT gen_random_uuid(), $${n + 1}::text, $${n + 2}::int, q.aggregate_id::text, q.payload::jsonb FROM (${query}) q
         RETURNING 1)
       SELECT count(*)::int AS count FROM raised`,
      [...params, type, versionOf(type)],
    );
    return count;
  }

  /** Many events in one statement (e.g. a year of bookings). Returns their ids, in order. */
  async publishAll(events: NewEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    if (!this.txHost.isTransactionActive()) {
      throw new Error(`Events (${events[0].type}) must be published inside a transaction: the outbox row commits with the change`);
    }
    const ids = events.map(() => randomUUID());
    await this.txHost.tx.query(
      `INSERT INTO platform.outbox_event (id, type, version, aggregate_id, payload)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::jsonb[])`,
      [
        ids,
        events.map((e) => e.type),
        events.map((e) => versionOf(e.type)),
        events.map((e) => e.aggregateId),
        events.map((e) => JSON.stringify(e.payload)),
      ],
    );
    return ids;
  }
}
