import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';

export type AuditAction =
  | 'login.succeeded'
  | 'login.failed'
  | 'logout'
  | 'password.changed'
  | 'password.reset-requested'
  | 'password.reset'
  | 'email.change-requested'
  | 'email.changed'
  | 'account.created'
  | 'account.disabled'
  | 'account.enabled'
  | 'account.role-changed'
  | 'activation.started'
  | 'activation.code-failed'
  | 'activation.code-verified'
  | 'activation.children-failed'
  | 'activation.children-confirmed'
  | 'activation.email-requested'
  | 'account.activated'
  | 'sso.ticket-issued'
  | 'sso.linked';

export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

/** Who did what to which account, when and from where. Never passwords, tokens or codes. */
@Injectable()
export class AuditRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async record(action: AuditAction, ctx: RequestContext, entry: { accountId?: string; actorId?: string; details?: Record<string, unknown> } = {}): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO identity.audit_entry (action, account_id, actor_id, ip, user_agent, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [action, entry.accountId ?? null, entry.actorId ?? null, ctx.ip, ctx.userAgent?.slice(0, 300) ?? null, JSON.stringify(entry.details ?? {})],
    );
  }
}
