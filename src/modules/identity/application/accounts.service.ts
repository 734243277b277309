import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { Principal } from '../../../platform/http';
import { IdentityError } from '../domain/identity.errors';
import { Account, AccountRepository } from '../infrastructure/account.repository';
import { AuditRepository, RequestContext } from '../infrastructure/audit.repository';
import { SessionRepository } from '../infrastructure/session.repository';
import { AuthService } from './auth.service';

const FIRST_PASSWORD_TTL_SECONDS = 72 * 3600;

/** Back-office: staff accounts (created by an admin) and disabling accounts. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditRepository,
    private readonly auth: AuthService,
  ) {}

  /** Creates a staff or admin account; its holder chooses a password through the e-mailed link. */
  async createStaff(actor: Principal, email: string, displayName: string, role: 'staff' | 'admin', ctx: RequestContext): Promise<Account> {
    return this.txHost.withTransaction(async () => {
      const account = await this.accounts.create(email, role, displayName);
      if (!account) throw new IdentityError('conflict', 'email-taken', 'Un compte existe déjà avec cette adresse e-mail.');
      await this.auth.sendPasswordLink(account, FIRST_PASSWORD_TTL_SECONDS);
      await this.audit.record('account.created', ctx, { accountId: account.id, actorId: actor.accountId, details: { role } });
      return account;
    });
  }

  /** Staff disable guardians; admins disable anyone but themselves. Every session ends at once. */
  async disable(actor: Principal, accountId: string, ctx: RequestContext): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const account = await this.accounts.findById(accountId);
      if (!account) throw new IdentityError('not_found', 'account-not-found', 'Compte introuvable.');
      if (account.id === actor.accountId) throw new IdentityError('forbidden', 'self-disable', 'Vous ne pouvez pas désactiver votre propre compte.');
      if (actor.role !== 'admin' && account.role !== 'guardian') {
        throw new IdentityError('forbidden', 'not-allowed', 'Seul un administrateur peut désactiver un compte du personnel.');
      }
      if (!(await this.accounts.disable(account.id))) return;
      await this.sessions.revokeAll(account.id);
      await this.audit.record('account.disabled', ctx, { accountId: account.id, actorId: actor.accountId });
    });
  }
}
