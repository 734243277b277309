import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { TransactionHost } from '../../../platform/database/transaction-host';

/** What another module may know of an account: how to reach its holder. */
export interface AccountContact {
  accountId: string;
  email: string;
  displayName: string;
  /** the holder confirmed the address (activation link, or an e-mail change confirmed) */
  emailConfirmed: boolean;
  /** a disabled account can no longer act */
  active: boolean;
}

/**
 * Public face (index.ts) for other modules: the payments module needs the payer's e-mail address,
 * and whether it was confirmed, before sending a guardian to pay (seed 000).
 */
@Injectable()
export class AccountDirectory {
  constructor(private readonly txHost: TransactionHost) {}

  async contact(accountId: string): Promise<AccountContact | undefined> {
    if (!isUUID(accountId)) return undefined;
    const [row] = await this.txHost.tx.query(
      `SELECT id AS "accountId", email, display_name AS "displayName", email_confirmed_at IS NOT NULL AS "emailConfirmed", disabled_at IS NULL AS active
       FROM identity.account WHERE id = $1`,
      [accountId],
    );
    return row;
  }
}
