import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { FamilyDataExport } from '../../../platform/data-export/family-data-export';

/** identity's part of a family's data export: the guardians' accounts, their EduConnect links and their sessions (never a hash or a token). */
@Injectable()
export class IdentityDataExport implements OnModuleInit {
  constructor(
    private readonly exports: FamilyDataExport,
    private readonly txHost: TransactionHost,
  ) {}

  onModuleInit(): void {
    this.exports.register('identity', (familyId) => this.accounts(familyId));
  }

  private accounts(familyId: string): Promise<unknown[]> {
    return this.txHost.tx.query(
      `SELECT a.id, a.email, a.display_name AS "displayName", a.role, a.created_at AS "createdAt", a.email_confirmed_at AS "emailConfirmedAt",
              a.password_hash IS NOT NULL AS "hasPassword", a.password_changed_at AS "passwordChangedAt", a.disabled_at AS "disabledAt",
              coalesce((SELECT json_agg(json_build_object('issuer', i.issuer, 'subject', i.subject, 'linkedAt', i.linked_at) ORDER BY i.linked_at)
                          FROM identity.sso_identity i WHERE i.account_id = a.id), '[]') AS "ssoLinks",
              coalesce((SELECT json_agg(json_build_object('createdAt', s.created_at, 'expiresAt', s.expires_at, 'revokedAt', s.revoked_at, 'ip', s.ip, 'userAgent', s.user_agent) ORDER BY s.created_at)
                          FROM identity.session s WHERE s.account_id = a.id), '[]') AS sessions
         FROM identity.account a WHERE a.family_id = $1 ORDER BY a.created_at`,
      [familyId],
    );
  }
}
