import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { PollingLoop } from '../../../platform/polling-loop';
import { retryDelayMs } from '../domain/message';
import { DueMessage, MessageRepository } from '../infrastructure/message.repository';
import { MailSender, PermanentDeliveryError, SmsGateway } from './ports';

/** Messages sent at once by one sender. */
const BATCH = 5;
/**
 * How long a claimed message is reserved for the sender that claimed it. Longer than any send
 * (SEND_TIMEOUT_MS), so that a slow send is never taken over; a sender that died mid-send
 * leaves its messages to others once the lease is over.
 */
export const LEASE_MS = 2 * 60_000;

/**
 * Sends the pending messages (worker role). Claims due messages with FOR UPDATE SKIP LOCKED
 * (several workers may run), sends each outside any transaction, then records the outcome:
 * sent, retried later with exponential backoff, or failed for good (refused, out of attempts).
 * See the module README for what "never twice" covers and the window that remains.
 */
@Injectable()
export class MessageSender {
  private readonly logger = new Logger('MessageSender');
  private readonly loop: PollingLoop;

  constructor(
    private readonly messages: MessageRepository,
    private readonly mail: MailSender,
    private readonly sms: SmsGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.loop = new PollingLoop({
      name: 'MessageSender',
      intervalMs: this.config.notifications.sendIntervalMs,
      step: async () => (await this.sendDue()) === BATCH,
      hourly: () => this.messages.purge(this.config.events.retentionDays),
      failureMessage: 'message sender failed; retrying',
    });
  }

  /** Sends one batch of due messages; returns how many were claimed. */
  async sendDue(): Promise<number> {
    await this.messages.expireOverdue();
    const batch = await this.messages.claimDue(BATCH, LEASE_MS);
    await Promise.all(batch.map((m) => this.sendOne(m)));
    return batch.length;
  }

  private async sendOne(m: DueMessage): Promise<void> {
    try {
      if (m.channel === 'email') {
        await this.mail.send({ id: m.id, to: m.recipient, toName: m.content.recipientName, subject: m.subject ?? '', text: m.content.text, html: m.content.html });
      } else {
        await this.sms.send({ id: m.id, to: m.recipient, text: m.content.text });
      }
    } catch (err) {
      const { maxAttempts, backoffMs } = this.config.notifications;
      const permanent = err instanceof PermanentDeliveryError;
      const final = permanent || m.attempts >= maxAttempts;
      const reason = `${(err as Error).name}: ${(err as Error).message}`;
      this.logger.warn(
        { messageId: m.id, kind: m.kind, channel: m.channel, attempt: m.attempts, err: reason },
        final ? `message not sent, given up (${permanent ? 'refused' : 'out of attempts'})` : 'message not sent, will retry',
      );
      // If this update fails too, the lease runs out and the message is tried again.
      await this.messages.markFailed(m.id, reason, final ? null : retryDelayMs(m.attempts, backoffMs)).catch(() => undefined);
      return;
    }
    // Sent: record it. Until this succeeds, a crash or a lost database would let the message be
    // sent again once the lease is over (the at-least-once window): try a few times.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.messages.markSent(m.id);
        return;
      } catch (err) {
        if (attempt >= 5) {
          this.logger.error({ messageId: m.id, err: (err as Error).message }, 'message sent but not recorded as sent: it may be sent again');
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
