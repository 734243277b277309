import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * notifications: the guardians' event feed ("fil des événements", seed 000), a projection of other
 * modules' events — one item per invoice, per reservation request decided, per supporting document
 * rejected, per term-activity registration — and how far each guardian has read it.
 */
export class NotificationsFeed1764400003000 implements MigrationInterface {
  name = 'NotificationsFeed1764400003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications.feed_item (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id       uuid NOT NULL,
        kind            text NOT NULL CHECK (kind IN ('invoice', 'reservation-request', 'document-rejected', 'activity-registration')),
        -- what it is about: the invoice, the reservation, the document, the registration (another module's id)
        subject_id      uuid NOT NULL,
        -- one item per key, whatever the deliveries: 'invoice:<id>', 'document:<id>', 'registration:<id>',
        -- 'reservation-request:<event id>' (a reservation may be decided several times)
        key             text NOT NULL UNIQUE,
        -- French, as the guardian reads it
        title           text NOT NULL,
        body            text NOT NULL,
        -- staff's reason of a refused reservation request (a document's is read live from family)
        reason          text,
        -- invoices: total and what remains due ("Restant dû"), integer cents
        amount_cents    integer CHECK (amount_cents >= 0),
        remaining_cents integer CHECK (remaining_cents >= 0),
        -- {type: 'pay', invoiceId} | {type: 'send-document', kindCode, childId} | null
        action          jsonb,
        -- open: something to do (pay, send a document); done: for information, or settled
        state           text NOT NULL CHECK (state IN ('open', 'done')),
        -- what re-rendering and the order guards need (invoice number, due date, cancelled…)
        facts           jsonb NOT NULL DEFAULT '{}',
        -- millisecond precision: a client sends back the updatedAt it was shown to mark it read
        created_at      timestamptz(3) NOT NULL DEFAULT now(),
        updated_at      timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX feed_item_family ON notifications.feed_item (family_id, updated_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE notifications.feed_reader (
        -- a guardian's account: each guardian has their own unread count
        account_id uuid PRIMARY KEY,
        -- the items changed up to then are read
        read_until timestamptz(3) NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications.feed_reader, notifications.feed_item`);
  }
}
