import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutgoingSms, SmsGateway } from '../application/ports';

/**
 * SMS_GATEWAY=record: the SMS is stored in notifications.recorded_sms instead of leaving Guichet
 * (development, tests, and any setup without an SMS provider). Every send is recorded, so a
 * message sent twice shows twice.
 */
@Injectable()
export class RecordingSmsGateway extends SmsGateway {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async send(sms: OutgoingSms): Promise<void> {
    await this.dataSource.query(`INSERT INTO notifications.recorded_sms (message_id, recipient, body) VALUES ($1, $2, $3)`, [sms.id, sms.to, sms.text]);
  }
}
