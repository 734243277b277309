import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { retryTransient, TransactionHost } from '../../../platform/database/transaction-host';
import { PollingLoop } from '../../../platform/polling-loop';
import { ActivityRegistrationRepository } from '../infrastructure/activity-registration.repository';
import { ActivityHolds } from './activity-holds';

/** Registrations released per transaction. */
const BATCH = 100;

/**
 * Worker role: releases the activity registrations still held past their hold time
 * (ACTIVITY_HOLD_MINUTES), every ACTIVITY_SWEEP_INTERVAL_MS, reason `expired`. Claims them
 * `FOR UPDATE SKIP LOCKED`, so several workers never wait on each other. A registration meanwhile
 * also releases the expired holds of the groups it wants, so a full group is never blocked by a hold
 * that ran out; on a hold the sweeper is releasing at that moment, it waits for the sweeper's commit
 * and then finds the place free.
 */
@Injectable()
export class ActivityHoldSweeper {
  private readonly loop: PollingLoop;

  constructor(
    private readonly txHost: TransactionHost,
    private readonly registrations: ActivityRegistrationRepository,
    private readonly holds: ActivityHolds,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.loop = new PollingLoop({
      name: 'ActivityHoldSweeper',
      intervalMs: config.reservations.activitySweepIntervalMs,
      step: async () => (await this.sweep()) === BATCH,
      failureMessage: 'releasing expired activity holds failed; retrying',
      recoveredMessage: 'releasing expired activity holds works again',
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Releases one batch of expired holds; returns how many registrations were claimed. */
  async sweep(limit = BATCH): Promise<number> {
    return retryTransient(() =>
      this.txHost.withTransaction(async () => {
        const expired = await this.registrations.claimExpired(limit);
        await this.holds.release(expired, 'expired', null);
        return expired.length;
      }),
    );
  }
}
