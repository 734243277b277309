import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { Channel, MessageKind, NewMessage } from '../domain/message';

export interface DueMessage {
  id: string;
  kind: MessageKind;
  channel: Channel;
  recipient: string;
  subject: string | null;
  content: { text: string; html?: string; recipientName?: string };
  /** including the attempt being made */
  attempts: number;
}

/** notifications.message: written by the event handlers, claimed and updated by the sender. */
@Injectable()
export class MessageRepository {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Adds a message in the current transaction (the event delivery's). One per (event, kind,
   * recipient): a second add for the same triple is ignored. Returns whether it was added.
   */
  async add(m: NewMessage): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO notifications.message (event_id, kind, channel, recipient, subject, content, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (event_id, kind, recipient) DO NOTHING RETURNING id`,
      [m.eventId, m.kind, m.channel, m.recipient, m.subject ?? null, { text: m.text, html: m.html, recipientName: m.recipientName }, m.expiresAt ?? null],
    );
    return rows.length > 0;
  }

  /** Pending messages whose link or code has expired are given up (content erased). */
  async expireOverdue(): Promise<number> {
    const [, count] = await this.dataSource.query(
      `UPDATE notifications.message SET status = 'expired', content = NULL, finished_at = now()
       WHERE status = 'pending' AND expires_at <= now() AND next_attempt_at <= now()`,
    );
    return count;
  }

  /**
   * Claims up to `limit` due messages for `leaseMs`: their next attempt moves to the end of the
   * lease, so another sender takes them only if this one died without recording the outcome.
   */
  async claimDue(limit: number, leaseMs: number): Promise<DueMessage[]> {
    const [rows] = await this.dataSource.query(
      `UPDATE notifications.message m
       SET attempts = m.attempts + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
       FROM (SELECT id FROM notifications.message
             WHERE status = 'pending' AND next_attempt_at <= now() AND (expires_at IS NULL OR expires_at > now())
             ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
       WHERE m.id = due.id
       RETURNING m.id, m.kind, m.channel, m.recipient, m.subject, m.content, m.attempts`,
      [limit, leaseMs],
    );
    return rows;
  }

  async markSent(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications.message SET status = 'sent', content = NULL, last_error = NULL, finished_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** Records a failed attempt: retried after `retryInMs`, or failed for good when it is null. */
  async markFailed(id: string, error: string, retryInMs: number | null): Promise<void> {
    await this.dataSource.query(
      retryInMs === null
        ? `UPDATE notifications.message SET status = 'failed', content = NULL, last_error = $2, finished_at = now() WHERE id = $1`
        : `UPDATE notifications.message SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3::double precision / 1000) WHERE id = $1`,
      retryInMs === null ? [id, error.slice(0, 2000)] : [id, error.slice(0, 2000), retryInMs],
    );
  }

  /** Deletes finished messages, and what the local stand-ins recorded, older than `days`. */
  async purge(days: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM notifications.message WHERE status <> 'pending' AND finished_at < now() - make_interval(days => $1)`, [days]);
    await this.dataSource.query(`DELETE FROM notifications.recorded_sms WHERE recorded_at < now() - make_interval(days => $1)`, [days]);
    await this.dataSource.query(`DELETE FROM notifications.sink_mail WHERE received_at < now() - make_interval(days => $1)`, [days]);
  }
}
