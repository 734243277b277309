import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { Principal } from '../../../platform/http';
import { IdentityError } from '../domain/identity.errors';
import { Account, AccountRepository, AccountSummary } from '../infrastructure/account.repository';
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

  /** An admin makes a staff member admin or the reverse (never a guardian, never themselves); audited. */
  async changeRole(actor: Principal, accountId: string, role: 'staff' | 'admin', ctx: RequestContext): Promise<Account> {
    return this.txHost.withTransaction(async () => {
      const account = await this.accounts.findById(accountId);
      if (!account) throw new IdentityError('not_found', 'account-not-found', 'Compte introuvable.');
      if (account.id === actor.accountId) throw new IdentityError('forbidden', 'self-role', 'Vous ne pouvez pas changer votre propre rôle.');
      if (account.role === 'guardian') throw new IdentityError('conflict', 'guardian-role', "Le rôle d'un responsable légal ne change pas : créez un compte du personnel.");
      if (account.role === role) return account;
      await this.accounts.setRole(account.id, role);
      await this.audit.record('account.role-changed', ctx, { accountId: account.id, actorId: actor.accountId, details: { from: account.role, to: role } });
      return { ...account, role };
    });
  }

  /** Enables a disabled account again (same permissions as disabling); its holder logs in anew. */
  async enable(actor: Principal, accountId: string, ctx: RequestContext): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const account = await this.mayManage(actor, accountId);
      if (!(await this.accounts.enable(account.id))) return;
      await this.audit.record('account.enabled', ctx, { accountId: account.id, actorId: actor.accountId });
    });
  }

  /** Accounts by e-mail or name (staff see guardians; admins see everyone). */
  list(actor: Principal, search: string, limit: number, offset: number): Promise<AccountSummary[]> {
    return this.accounts.search(search, actor.role === 'admin' ? ['guardian', 'staff', 'admin'] : ['guardian'], limit, offset);
  }

  /** Staff disable guardians; admins disable anyone but themselves. Every session ends at once. */
  async disable(actor: Principal, accountId: string, ctx: RequestContext): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const account = await this.mayManage(actor, accountId);
      if (!(await this.accounts.disable(account.id))) return;
      await this.sessions.revokeAll(account.id);
      await this.audit.record('account.disabled', ctx, { accountId: account.id, actorId: actor.accountId });
    });
  }

  private async mayManage(actor: Principal, accountId: string): Promise<Account> {
    const account = await this.accounts.findById(accountId);
    if (!account) throw new IdentityError('not_found', 'account-not-found', 'Compte introuvable.');
    if (account.id === actor.accountId) throw new IdentityError('forbidden', 'self-disable', 'Vous ne pouvez pas désactiver ou réactiver votre propre compte.');
    if (actor.role !== 'admin' && account.role !== 'guardian') {
      throw new IdentityError('forbidden', 'not-allowed', 'Seul un administrateur peut désactiver ou réactiver un compte du personnel.');
    }
    return account;
  }
}
