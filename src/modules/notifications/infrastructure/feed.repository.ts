import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { FeedAction, FeedKind, FeedState, RenderedItem } from '../domain/feed';

export interface FeedKey {
  /** 'invoice:<id>', 'document:<id>', 'registration:<id>', 'reservation-request:<event id>' */
  key: string;
  familyId: string;
  kind: FeedKind;
  subjectId: string;
}

export interface StoredItem extends FeedKey {
  id: string;
  /** what the order guards and re-rendering need; empty for a row created by `lockOrCreate` in this transaction */
  facts: Record<string, unknown>;
  /** created by this `lockOrCreate` (no facts yet) */
  isNew: boolean;
}

export interface FeedRow {
  id: string;
  kind: FeedKind;
  subjectId: string;
  title: string;
  body: string;
  reason: string | null;
  amountCents: number | null;
  remainingCents: number | null;
  action: FeedAction | null;
  state: FeedState;
  facts: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  unread: boolean;
}

/** notifications.feed_item (written by the feed projection, in the event delivery's transaction) and feed_reader. */
@Injectable()
export class FeedRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /**
   * Adds an item that is written once (a request decided, a document rejected): a second add of the
   * same key (the event applied again past the inbox) is ignored. Returns whether it was added.
   */
  async addOnce(k: FeedKey, item: RenderedItem, facts: Record<string, unknown>): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO notifications.feed_item (family_id, kind, subject_id, key, title, body, reason, amount_cents, remaining_cents, action, state, facts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (key) DO NOTHING RETURNING id`,
      [k.familyId, k.kind, k.subjectId, k.key, item.title, item.body, item.reason, item.amountCents, item.remainingCents, item.action, item.state, facts],
    );
    return rows.length > 0;
  }

  /**
   * The items of these keys, locked until the end of the transaction; the missing ones are created
   * empty first (`isNew`), to be filled by `save` in the same transaction. Two deliveries about the
   * same item therefore apply one after the other (the second waits for the first to commit), and
   * keys are taken in one order, so two events naming the same invoices cannot deadlock.
   */
  async lockOrCreate(keys: FeedKey[]): Promise<Map<string, StoredItem>> {
    const unique = [...new Map(keys.map((k) => [k.key, k])).values()].sort((a, b) => (a.key < b.key ? -1 : 1));
    if (!unique.length) return new Map();
    const created: { key: string }[] = await this.txHost.tx.query(
      `INSERT INTO notifications.feed_item (family_id, kind, subject_id, key, title, body, state)
       SELECT family_id, kind, subject_id, key, '', '', 'done'
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[]) AS u(family_id, kind, subject_id, key) ORDER BY key
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [unique.map((k) => k.familyId), unique.map((k) => k.kind), unique.map((k) => k.subjectId), unique.map((k) => k.key)],
    );
    const isNew = new Set(created.map((c) => c.key));
    const rows: Omit<StoredItem, 'isNew'>[] = await this.txHost.tx.query(
      `SELECT id, key, family_id AS "familyId", kind, subject_id AS "subjectId", facts
       FROM notifications.feed_item WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE`,
      [unique.map((k) => k.key)],
    );
    return new Map(rows.map((r) => [r.key, { ...r, isNew: isNew.has(r.key) }]));
  }

  /** Writes new content and facts of items locked by `lockOrCreate`, in one statement. */
  async save(items: { id: string; item: RenderedItem; facts: Record<string, unknown> }[]): Promise<void> {
    if (!items.length) return;
    await this.txHost.tx.query(
      `UPDATE notifications.feed_item f
       SET title = u.title, body = u.body, reason = u.reason, amount_cents = u.amount_cents, remaining_cents = u.remaining_cents,
           action = u.action, state = u.state, facts = u.facts, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::jsonb[], $8::text[], $9::jsonb[])
            AS u(id, title, body, reason, amount_cents, remaining_cents, action, state, facts)
       WHERE f.id = u.id`,
      [
        items.map((i) => i.id),
        items.map((i) => i.item.title),
        items.map((i) => i.item.body),
        items.map((i) => i.item.reason),
        items.map((i) => i.item.amountCents),
        items.map((i) => i.item.remainingCents),
        items.map((i) => (i.item.action ? JSON.stringify(i.item.action) : null)),
        items.map((i) => i.item.state),
        items.map((i) => JSON.stringify(i.facts)),
      ],
    );
  }

  /**
   * A page of the family's feed, the latest changed first, with whether each item changed since the
   * guardian's account last marked the feed read. One more row than `limit` tells there is more.
   */
  async page(familyId: string, accountId: string, p: { limit: number; offset: number; unreadOnly: boolean }): Promise<FeedRow[]> {
    return this.txHost.tx.query(
      `WITH r AS (SELECT COALESCE((SELECT read_until FROM notifications.feed_reader WHERE account_id = $2), '-infinity'::timestamptz) AS read_until)
       SELECT f.id, f.kind, f.subject_id AS "subjectId", f.title, f.body, f.reason, f.amount_cents AS "amountCents",
              f.remaining_cents AS "remainingCents", f.action, f.state, f.facts, f.created_at AS "createdAt", f.updated_at AS "updatedAt",
              f.updated_at > r.read_until AS unread
       FROM notifications.feed_item f, r
       WHERE f.family_id = $1 AND f.title <> '' AND (NOT $3::boolean OR f.updated_at > r.read_until)
       ORDER BY f.updated_at DESC, f.id DESC LIMIT $4 OFFSET $5`,
      [familyId, accountId, p.unreadOnly, p.limit, p.offset],
    );
  }

  async unreadCount(familyId: string, accountId: string): Promise<number> {
    const [row] = await this.txHost.tx.query(
      `SELECT count(*)::int AS n FROM notifications.feed_item
       WHERE family_id = $1 AND title <> ''
         AND updated_at > COALESCE((SELECT read_until FROM notifications.feed_reader WHERE account_id = $2), '-infinity'::timestamptz)`,
      [familyId, accountId],
    );
    return row.n;
  }

  /**
   * The items changed up to `until` are read, for this account. Never moves back, and never past
   * now: a clock far ahead cannot hide the items still to come.
   */
  async markRead(accountId: string, until: Date): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO notifications.feed_reader (account_id, read_until) VALUES ($1, LEAST($2::timestamptz, now()))
       ON CONFLICT (account_id) DO UPDATE SET read_until = GREATEST(feed_reader.read_until, EXCLUDED.read_until)`,
      [accountId, until.toISOString()],
    );
  }
}
