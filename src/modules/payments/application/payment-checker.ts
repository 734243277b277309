import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { PollingLoop } from '../../../platform/polling-loop';
import { POLL_MAX_AGE_MS, POLL_MIN_AGE_MS } from '../domain/transaction';
import { TransactionRepository } from '../infrastructure/transaction.repository';
import { PaymentOutcomeService } from './payment-outcome.service';

const BATCH = 20;

/**
 * Worker role: every PAYMENT_CHECK_INTERVAL_MS, asks the platform about the pending transactions
 * started more than a minute ago (and less than six hours ago), least recently checked first — a
 * notification lost or never sent, a guardian who closed the window: the poll converges on the same
 * result as they would have. After the 20-minute window it makes R/Z/A final and P5 expired.
 */
@Injectable()
export class PaymentChecker {
  private readonly loop: PollingLoop;
  private readonly logger = new Logger('PaymentChecker');

  constructor(
    private readonly transactions: TransactionRepository,
    private readonly outcome: PaymentOutcomeService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const intervalMs = config.payments.checkIntervalMs;
    this.loop = new PollingLoop({
      name: 'PaymentChecker',
      intervalMs,
      step: async () => {
        const ids = await this.transactions.dueForCheck(POLL_MIN_AGE_MS, POLL_MAX_AGE_MS, intervalMs, BATCH);
        for (const id of ids) await this.checkOne(id);
        return ids.length === BATCH;
      },
      failureMessage: 'pending payments could not be checked (will retry)',
      recoveredMessage: 'pending payments are checked again',
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One round, for tests and staff tools. */
  async runOnce(): Promise<number> {
    const ids = await this.transactions.dueForCheck(POLL_MIN_AGE_MS, POLL_MAX_AGE_MS, 0, 1000);
    for (const id of ids) await this.checkOne(id);
    return ids.length;
  }

  /** One transaction's failure does not hold the others up (it is touched, so the next round starts with the others). */
  private async checkOne(id: string): Promise<void> {
    try {
      await this.outcome.check(id, 'poll', null);
    } catch (err) {
      this.logger.warn({ transactionId: id, err: (err as Error).message }, 'pending payment could not be checked');
      await this.transactions.touched(id).catch(() => undefined);
    }
  }
}
