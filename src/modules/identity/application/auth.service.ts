import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { EventPublisher } from '../../../platform/events';
import { Principal, RateLimiter } from '../../../platform/http';
import { IdentityError } from '../domain/identity.errors';
import { checkNewPassword } from '../domain/password-policy';
import { AccountRole } from '../infrastructure/account.orm-entity';
import { AccountRepository } from '../infrastructure/account.repository';
import { AuditRepository, RequestContext } from '../infrastructure/audit.repository';
import { OneTimeTokenRepository } from '../infrastructure/one-time-token.repository';
import { NewSession, SessionRepository } from '../infrastructure/session.repository';
import { PasswordHasher } from './password-hasher';

const RESET_TTL_SECONDS = 3600;
const EMAIL_CHANGE_TTL_SECONDS = 24 * 3600;
const FIFTEEN_MINUTES = 900;
const ONE_HOUR = 3600;
const TOO_MANY_LOGINS = 'Trop de tentatives de connexion. Réessayez dans quelques minutes.';
const TOO_MANY_RESETS = 'Trop de demandes de réinitialisation. Réessayez plus tard.';
const BAD_CREDENTIALS = 'Adresse e-mail ou mot de passe incorrect.';
const DEAD_LINK = "Ce lien n'est plus valable (déjà utilisé ou expiré). Faites une nouvelle demande.";

/** Local login, sessions, password change, lost password and e-mail change (seeds 002 and 004). */
@Injectable()
export class AuthService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly tokens: OneTimeTokenRepository,
    private readonly audit: AuditRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: RateLimiter,
    private readonly events: EventPublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Limits per IP and per account; the same answer whether the account exists or not. */
  async login(email: string, password: string, ctx: RequestContext): Promise<NewSession & { accountId: string; role: AccountRole }> {
    const accountKey = `login:account:${email.toLowerCase()}`;
    await this.limiter.hit(`login:ip:${ctx.ip}`, 30, FIFTEEN_MINUTES, TOO_MANY_LOGINS);
    await this.limiter.hit(accountKey, 10, FIFTEEN_MINUTES, TOO_MANY_LOGINS);
    const account = await this.accounts.findByEmail(email);
    const ok = await this.hasher.verify(account?.passwordHash ?? null, password);
    if (!account || !ok || account.disabledAt) {
      await this.audit.record('login.failed', ctx, { accountId: account?.id, details: { reason: !account ? 'unknown-email' : account.disabledAt ? 'disabled' : 'bad-password' } });
      throw new IdentityError('unauthenticated', 'bad-credentials', BAD_CREDENTIALS);
    }
    await this.limiter.reset(accountKey);
    return this.txHost.withTransaction(async () => {
      const session = await this.sessions.create(account.id, this.config.identity.sessionTtlHours, ctx.ip, ctx.userAgent);
      await this.audit.record('login.succeeded', ctx, { accountId: account.id });
      return { ...session, accountId: account.id, role: account.role };
    });
  }

  async logout(principal: Principal, ctx: RequestContext): Promise<void> {
    await this.txHost.withTransaction(async () => {
      await this.sessions.revoke(principal.sessionId);
      await this.audit.record('logout', ctx, { accountId: principal.accountId });
    });
  }

  /** Current + new + confirmation; ends the account's other sessions. */
  async changePassword(principal: Principal, current: string, next: string, confirmation: string, ctx: RequestContext): Promise<void> {
    checkNewPassword(next, confirmation, 'newPassword');
    await this.limiter.hit(`password-change:${principal.accountId}`, 10, FIFTEEN_MINUTES, TOO_MANY_LOGINS);
    const account = await this.accounts.findById(principal.accountId);
    if (!account || !(await this.hasher.verify(account.passwordHash, current))) {
      throw IdentityError.invalidField('currentPassword', 'Le mot de passe actuel est incorrect.');
    }
    const hash = await this.hasher.hash(next);
    await this.txHost.withTransaction(async () => {
      await this.accounts.setPassword(account.id, hash);
      await this.sessions.revokeAll(account.id, principal.sessionId);
      await this.audit.record('password.changed', ctx, { accountId: account.id, actorId: account.id });
      await this.events.publish('identity.password.changed.v1', account.id, { accountId: account.id, email: account.email, displayName: account.displayName });
    });
  }

  /** Always the same answer; a link is sent only to an existing, enabled account. */
  async forgotPassword(email: string, ctx: RequestContext): Promise<void> {
    await this.limiter.hit(`reset:ip:${ctx.ip}`, 20, ONE_HOUR, TOO_MANY_RESETS);
    await this.limiter.hit(`reset:account:${email.toLowerCase()}`, 5, ONE_HOUR, TOO_MANY_RESETS);
    await this.txHost.withTransaction(async () => {
      const account = await this.accounts.findByEmail(email);
      if (!account || account.disabledAt) return;
      await this.sendPasswordLink(account, RESET_TTL_SECONDS);
      await this.audit.record('password.reset-requested', ctx, { accountId: account.id });
    });
  }

  /** Issues a password link for an account (lost password, or a new staff account's first password); returns the link. */
  async sendPasswordLink(account: { id: string; email: string; displayName: string }, ttlSeconds: number): Promise<string> {
    const { token, expiresAt } = await this.tokens.issue(account.id, 'password-reset', ttlSeconds);
    const resetUrl = `${this.config.publicUrl}/mot-de-passe/nouveau?jeton=${encodeURIComponent(token)}`;
    await this.events.publish('identity.password-reset.requested.v1', account.id, {
      accountId: account.id,
      email: account.email,
      displayName: account.displayName,
      resetUrl,
      expiresAt: expiresAt.toISOString(),
    });
    return resetUrl;
  }

  /** Sets a new password from a single-use link; ends every session of the account. */
  async resetPassword(token: string, next: string, confirmation: string, ctx: RequestContext): Promise<void> {
    checkNewPassword(next, confirmation, 'newPassword');
    await this.limiter.hit(`reset-use:ip:${ctx.ip}`, 30, ONE_HOUR, TOO_MANY_RESETS);
    const hash = await this.hasher.hash(next);
    await this.txHost.withTransaction(async () => {
      const used = await this.tokens.consume(token, 'password-reset');
      const account = used && (await this.accounts.findById(used.accountId));
      if (!account || account.disabledAt) throw IdentityError.invalidField('token', DEAD_LINK);
      await this.accounts.setPassword(account.id, hash);
      await this.sessions.revokeAll(account.id);
      await this.audit.record('password.reset', ctx, { accountId: account.id });
      await this.events.publish('identity.password.changed.v1', account.id, { accountId: account.id, email: account.email, displayName: account.displayName });
    });
  }

  /** The new address gets a confirmation link; the login stays the old one until it is confirmed. */
  async requestEmailChange(principal: Principal, newEmail: string, currentPassword: string, ctx: RequestContext): Promise<void> {
    await this.limiter.hit(`email-change:${principal.accountId}`, 5, ONE_HOUR, TOO_MANY_RESETS);
    const account = await this.accounts.findById(principal.accountId);
    if (!account || !(await this.hasher.verify(account.passwordHash, currentPassword))) {
      throw IdentityError.invalidField('currentPassword', 'Le mot de passe actuel est incorrect.');
    }
    if (account.email.toLowerCase() === newEmail.toLowerCase()) {
      throw IdentityError.invalidField('newEmail', "C'est déjà votre adresse de connexion.");
    }
    await this.txHost.withTransaction(async () => {
      const { token, expiresAt } = await this.tokens.issue(account.id, 'email-change', EMAIL_CHANGE_TTL_SECONDS, newEmail);
      await this.events.publish('identity.email-change.requested.v1', account.id, {
        accountId: account.id,
        newEmail,
        displayName: account.displayName,
        confirmUrl: `${this.config.publicUrl}/adresse/confirmer?jeton=${encodeURIComponent(token)}`,
        expiresAt: expiresAt.toISOString(),
      });
      await this.audit.record('email.change-requested', ctx, { accountId: account.id, actorId: account.id });
    });
  }

  async confirmEmailChange(token: string, ctx: RequestContext): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const used = await this.tokens.consume(token, 'email-change');
      if (!used?.newEmail) throw IdentityError.invalidField('token', DEAD_LINK);
      if (!(await this.accounts.setEmail(used.accountId, used.newEmail))) {
        throw new IdentityError('conflict', 'email-taken', 'Cette adresse e-mail est déjà utilisée par un autre compte.');
      }
      await this.audit.record('email.changed', ctx, { accountId: used.accountId });
    });
  }
}
