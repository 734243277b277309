import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { IdentityError } from '../domain/identity.errors';
import { AccountRepository } from '../infrastructure/account.repository';
import { AuditRepository, RequestContext } from '../infrastructure/audit.repository';
import { SsoRepository } from '../infrastructure/sso.repository';

export interface SsoTicketSubject {
  issuer: string;
  subject: string;
  givenName?: string;
  familyName?: string;
}

const NO_CONTEXT: RequestContext = { ip: null, userAgent: null };

/**
 * Links an SSO subject to an account with the single-use ticket that an unlinked SSO login got
 * (`${PUBLIC_URL}/activation?sso=<ticket>`, valid 30 minutes). The caller (the activation) decides
 * which account: a subject is never linked by e-mail match.
 */
@Injectable()
export class SsoLinkService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly sso: SsoRepository,
    private readonly accounts: AccountRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** The subject of a valid (unused, unexpired) ticket, e.g. to greet "Marie Dupont"; null otherwise. */
  async peek(ticket: string): Promise<SsoTicketSubject | null> {
    return this.sso.findTicket(ticket);
  }

  /**
   * Uses the ticket and links its subject to the account, with an `sso.linked` audit entry. Must run
   * inside the caller's transaction (TransactionHost), so that the link commits with the caller's
   * own changes, or not at all. Throws an IdentityError (French message) when the ticket is unknown,
   * used or expired, or the subject is already linked.
   */
  async linkWithTicket(ticket: string, accountId: string, ctx: RequestContext = NO_CONTEXT): Promise<void> {
    if (!this.txHost.isTransactionActive()) throw new Error('SsoLinkService.linkWithTicket must be called inside a transaction');
    const subject = await this.sso.useTicket(ticket);
    if (!subject) {
      throw new IdentityError(
        'invalid',
        'sso-ticket-invalid',
        "Votre connexion EduConnect n'est plus valable (déjà utilisée ou expirée après 30 minutes). Reconnectez-vous avec EduConnect pour relier votre compte.",
      );
    }
    const account = await this.accounts.findById(accountId);
    if (!account) throw new IdentityError('not_found', 'account-not-found', 'Compte introuvable.');
    if (!(await this.sso.link(subject.issuer, subject.subject, accountId))) {
      throw new IdentityError(
        'conflict',
        'sso-already-linked',
        'Ce compte EduConnect est déjà relié à un compte Guichet : connectez-vous avec EduConnect.',
      );
    }
    await this.audit.record('sso.linked', ctx, { accountId, details: { issuer: subject.issuer, subject: subject.subject } });
  }
}
