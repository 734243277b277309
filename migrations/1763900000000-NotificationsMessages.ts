import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * notifications: the messages to send (one per event and kind), and the two local stand-ins that
 * tests and developers read: the SMTP sink's received mails and the recording SMS gateway.
 */
export class NotificationsMessages1763900000000 implements MigrationInterface {
  name = 'NotificationsMessages1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS notifications`);
    await q.query(`
      CREATE TABLE notifications.message (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id        uuid NOT NULL,
        kind            text NOT NULL,
        channel         text NOT NULL CHECK (channel IN ('email', 'sms')),
        recipient       text NOT NULL,
        subject         text,
        -- {text, html}: erased once the message leaves 'pending' (it holds single-use links and codes)
        content         jsonb,
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'expired')),
        attempts        integer NOT NULL DEFAULT 0,
        -- when a sender may take it: a retry time, or the end of the lease of the sender sending it
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        -- after this a link or code is useless: the message is not sent any more
        expires_at      timestamptz,
        last_error      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        finished_at     timestamptz,
        UNIQUE (event_id, kind)
      )`);
    await q.query(`CREATE INDEX message_due ON notifications.message (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX message_finished ON notifications.message (finished_at) WHERE status <> 'pending'`);
    await q.query(`
      CREATE TABLE notifications.recorded_sms (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id  uuid NOT NULL,
        recipient   text NOT NULL,
        body        text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX recorded_sms_recipient ON notifications.recorded_sms (recipient, recorded_at DESC)`);
    await q.query(`CREATE INDEX recorded_sms_recorded_at ON notifications.recorded_sms (recorded_at)`);
    await q.query(`
      CREATE TABLE notifications.sink_mail (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        received_at   timestamptz NOT NULL DEFAULT now(),
        envelope_from text,
        envelope_to   text[] NOT NULL,
        message_id    text,
        subject       text,
        from_header   text,
        to_header     text,
        text_body     text,
        html_body     text,
        source        text NOT NULL
      )`);
    await q.query(`CREATE INDEX sink_mail_envelope_to ON notifications.sink_mail USING gin (envelope_to)`);
    await q.query(`CREATE INDEX sink_mail_received_at ON notifications.sink_mail (received_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications.sink_mail, notifications.recorded_sms, notifications.message`);
  }
}
