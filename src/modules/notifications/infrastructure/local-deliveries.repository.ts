import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface SinkMail {
  id: string;
  receivedAt: string;
  envelopeFrom: string | null;
  envelopeTo: string[];
  messageId: string | null;
  subject: string | null;
  from: string | null;
  to: string | null;
  text: string | null;
  html: string | null;
}

export interface RecordedSms {
  id: string;
  messageId: string;
  recipient: string;
  body: string;
  recordedAt: string;
}

/** Reads what the local stand-ins received: the SMTP sink's mails and the recorded SMS. Newest first. */
@Injectable()
export class LocalDeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  mails(to: string | undefined, limit: number): Promise<SinkMail[]> {
    return this.dataSource.query(
      `SELECT id::text, received_at AS "receivedAt", envelope_from AS "envelopeFrom", envelope_to AS "envelopeTo",
              message_id AS "messageId", subject, from_header AS "from", to_header AS "to", text_body AS "text", html_body AS "html"
       FROM notifications.sink_mail WHERE ($1::text IS NULL OR envelope_to @> ARRAY[lower($1::text)])
       ORDER BY id DESC LIMIT $2`,
      [to ?? null, limit],
    );
  }

  sms(to: string | undefined, limit: number): Promise<RecordedSms[]> {
    return this.dataSource.query(
      `SELECT id::text, message_id AS "messageId", recipient, body, recorded_at AS "recordedAt"
       FROM notifications.recorded_sms WHERE ($1::text IS NULL OR recipient = $1)
       ORDER BY id DESC LIMIT $2`,
      [to ?? null, limit],
    );
  }
}
