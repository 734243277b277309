import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * notifications: one message per (event, kind, recipient) instead of (event, kind). A reservation
 * request decided by staff is mailed to each guardian of the family who has an account: one event,
 * one kind, up to two recipients. Still one message per event and recipient, whatever the redeliveries.
 */
export class NotificationsMessagePerRecipient1764300001000 implements MigrationInterface {
  name = 'NotificationsMessagePerRecipient1764300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications.message DROP CONSTRAINT message_event_id_kind_key`);
    await q.query(`ALTER TABLE notifications.message ADD CONSTRAINT message_event_kind_recipient_key UNIQUE (event_id, kind, recipient)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications.message DROP CONSTRAINT message_event_kind_recipient_key`);
    await q.query(`ALTER TABLE notifications.message ADD CONSTRAINT message_event_id_kind_key UNIQUE (event_id, kind)`);
  }
}
