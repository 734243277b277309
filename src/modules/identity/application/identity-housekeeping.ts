import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { PollingLoop } from '../../../platform/polling-loop';

const HOUR_MS = 3600_000;

/**
 * Worker role, hourly: deletes what identity no longer needs — SSO login attempts and link
 * tickets, one-time links, a day after they expired; sessions and activations 30 days after they
 * ended (the audit keeps what happened). Deleting a dead row changes no answer.
 */
@Injectable()
export class IdentityHousekeeping implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop = new PollingLoop({
    name: 'IdentityHousekeeping',
    intervalMs: HOUR_MS,
    step: async () => {
      await this.purge();
      return false;
    },
    failureMessage: 'identity housekeeping failed; retrying',
  });

  constructor(
    private readonly txHost: TransactionHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role !== 'api') this.loop.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Returns how many rows each table lost. */
  async purge(): Promise<Record<string, number>> {
    const statements: Record<string, string> = {
      sso_login_attempt: `DELETE FROM identity.sso_login_attempt WHERE expires_at < now() - interval '1 day'`,
      sso_link_ticket: `DELETE FROM identity.sso_link_ticket WHERE expires_at < now() - interval '1 day'`,
      one_time_token: `DELETE FROM identity.one_time_token WHERE expires_at < now() - interval '1 day'`,
      session: `DELETE FROM identity.session WHERE expires_at < now() - interval '30 days' OR revoked_at < now() - interval '30 days'`,
      activation: `DELETE FROM identity.activation WHERE expires_at < now() - interval '30 days' OR completed_at < now() - interval '30 days'`,
    };
    const deleted: Record<string, number> = {};
    for (const [table, sql] of Object.entries(statements)) {
      const [, count]: [unknown, number] = await this.txHost.tx.query(sql);
      deleted[table] = count;
    }
    return deleted;
  }
}
