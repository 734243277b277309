import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { retryTransient, TransactionHost } from '../../../platform/database/transaction-host';
import { todayInParis } from '../../../platform/dates';
import { EventPublisher } from '../../../platform/events';
import { PollingLoop } from '../../../platform/polling-loop';
import { FollowUpRepository } from '../infrastructure/follow-up.repository';

/** Reminders recorded per transaction. */
const BATCH = 500;

/**
 * Worker role: every BILLING_REMINDER_INTERVAL_MS, records the reminders that became due (an open
 * invoice past its due date by one of its office's `reminder_days`) and raises
 * `billing.invoice.reminder-due.v1` for each, in the same transaction (notifications mails the
 * guardians). Set-based: one INSERT … SELECT per batch of 500, whatever the number of invoices; a
 * reminder is recorded once per invoice and rank (billing.reminder's key), so several workers never
 * raise it twice.
 */
@Injectable()
export class InvoiceReminders {
  private readonly loop: PollingLoop;

  constructor(
    private readonly txHost: TransactionHost,
    private readonly followUp: FollowUpRepository,
    private readonly events: EventPublisher,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.loop = new PollingLoop({
      name: 'InvoiceReminders',
      intervalMs: config.billing.reminderIntervalMs,
      step: async () => (await this.remindDue()) === BATCH,
      failureMessage: 'raising the invoice reminders failed; retrying',
      recoveredMessage: 'raising the invoice reminders works again',
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Records one batch of due reminders and raises their events; returns how many. */
  async remindDue(today = todayInParis(), limit = BATCH): Promise<number> {
    return retryTransient(() =>
      this.txHost.withTransaction(async () => {
        const due = await this.followUp.recordDue(today, limit);
        await this.events.publishAll(
          due.map((r) => ({
            type: 'billing.invoice.reminder-due.v1' as const,
            aggregateId: r.invoiceId,
            payload: { invoiceId: r.invoiceId, familyId: r.familyId, officeId: r.officeId, number: r.number, remainingCents: r.remainingCents, dueOn: r.dueOn, rank: r.rank },
          })),
        );
        return due.length;
      }),
    );
  }
}
