import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventJobData } from './domain-event';

export interface DeadLetter {
  id: string;
  eventId: string;
  eventType: string;
  handler: string;
  queue: string;
  attempts: number;
  lastError: string;
  status: 'dead' | 'replayed';
  failedAt: string;
  replayedAt: string | null;
  replayCount: number;
}

const COLUMNS = `id::text, event_id AS "eventId", event_type AS "eventType", handler, queue, attempts,
  last_error AS "lastError", status, failed_at AS "failedAt", replayed_at AS "replayedAt", replay_count AS "replayCount"`;

/** Deliveries that failed every attempt. Error texts are cut short; payloads stay in the outbox. */
@Injectable()
export class DeadLetterStore {
  constructor(private readonly dataSource: DataSource) {}

  async record(queue: string, data: EventJobData, attempts: number, error: Error): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO platform.event_dead_letter (event_id, event_type, handler, queue, attempts, last_error)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (event_id, handler) DO UPDATE
         SET status = 'dead', attempts = EXCLUDED.attempts,
             last_error = EXCLUDED.last_error, failed_at = now()`,
      [data.event.id, data.event.type, data.handler, queue, attempts, `${error.name}: ${error.message}`.slice(0, 2000)],
    );
  }

  async list(status: 'dead' | 'replayed' | undefined, limit: number, offset: number): Promise<DeadLetter[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM platform.event_dead_letter WHERE ($1::text IS NULL OR status = $1) ORDER BY failed_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [status ?? null, limit, offset],
    );
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    const rows: DeadLetter[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM platform.event_dead_letter WHERE id = $1`, [id]);
    return rows[0];
  }

  /** Marks a dead letter replayed; returns the new replay count, or undefined if it was not dead. */
  async markReplayed(id: string): Promise<number | undefined> {
    const [rows] = await this.dataSource.query(
      `UPDATE platform.event_dead_letter SET status = 'replayed', replayed_at = now(), replay_count = replay_count + 1
       WHERE id = $1 AND status = 'dead' RETURNING replay_count`,
      [id],
    );
    return rows[0]?.replay_count;
  }
}
