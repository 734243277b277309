import { randomBytes } from 'node:crypto';
import { TransactionHost } from '../../src/platform/database/transaction-host';
import { DomainEventCatalog, EventPublisher, EventType } from '../../src/platform/events';
import { TestApp } from '../support/test-app';

/** Helpers of the notifications tests: raise identity's events as identity does, read what was delivered. */

/** Publishes one event in a transaction of its own (as a use case does); returns its id. */
export function publish<T extends EventType>(t: TestApp, type: T, aggregateId: string, payload: DomainEventCatalog[T]): Promise<string> {
  const txHost = t.app.get(TransactionHost);
  const events = t.app.get(EventPublisher);
  return txHost.withTransaction(() => events.publish(type, aggregateId, payload));
}

export const uniqueEmail = (label: string) => `${label}-${randomBytes(5).toString('hex')}@familles.test`;
export const uniqueMobile = () => `+336${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`;
export const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

export interface SinkMailRow {
  envelope_from: string;
  envelope_to: string[];
  message_id: string;
  subject: string;
  from_header: string;
  to_header: string;
  text_body: string;
  html_body: string;
}

export async function mailsTo(t: TestApp, address: string): Promise<SinkMailRow[]> {
  return t.dataSource.query(`SELECT * FROM notifications.sink_mail WHERE envelope_to @> ARRAY[$1::text] ORDER BY id`, [address.toLowerCase()]);
}

export async function smsTo(t: TestApp, mobile: string): Promise<{ body: string; message_id: string }[]> {
  return t.dataSource.query(`SELECT body, message_id FROM notifications.recorded_sms WHERE recipient = $1 ORDER BY id`, [mobile]);
}

export interface MessageRow {
  id: string;
  kind: string;
  channel: string;
  recipient: string;
  status: string;
  attempts: number;
  content: unknown;
  last_error: string | null;
}

export async function messagesOf(t: TestApp, eventId: string): Promise<MessageRow[]> {
  return t.dataSource.query(`SELECT id, kind, channel, recipient, status, attempts, content, last_error FROM notifications.message WHERE event_id = $1`, [eventId]);
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
