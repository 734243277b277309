import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { AccountRepository } from '../infrastructure/account.repository';
import { AuditRepository } from '../infrastructure/audit.repository';
import { AuthService } from './auth.service';

const FIRST_PASSWORD_TTL_SECONDS = 72 * 3600;

/**
 * The first admin: while no admin account exists, the API creates one for ADMIN_EMAIL, which gets a
 * link (72 h) to choose its password. Several instances starting together create one (advisory lock).
 * Outside production the link is also written to the log, for a machine whose mails go to the sink.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly txHost: TransactionHost,
    private readonly accounts: AccountRepository,
    private readonly audit: AuditRepository,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.identity.bootstrapAdminEmail;
    if (!email || this.config.role === 'worker') return;
    const link = await this.txHost.withTransaction(async () => {
      await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtext('guichet:admin-bootstrap'))`);
      if (await this.accounts.anyAdmin()) return undefined;
      const account = (await this.accounts.create(email, 'admin', 'Administrateur')) ?? (await this.accounts.findByEmail(email));
      if (!account || account.role !== 'admin') {
        this.logger.error(`ADMIN_EMAIL ${email} belongs to a ${account?.role ?? 'missing'} account: no admin created`);
        return undefined;
      }
      const url = await this.auth.sendPasswordLink(account, FIRST_PASSWORD_TTL_SECONDS);
      await this.audit.record('account.created', { ip: null, userAgent: null }, { accountId: account.id, details: { role: 'admin', bootstrap: true } });
      return url;
    });
    if (!link) return;
    this.logger.warn(`first admin account created for ${email}: a link to choose its password was e-mailed (valid 72 h)`);
    if (this.config.nodeEnv !== 'production') this.logger.warn(`development only — choose the admin password here: ${link}`);
  }
}
