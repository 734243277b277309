import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { PayfipMode } from '../domain/payment-provider';

export interface OfficeSettingsRow {
  officeId: string;
  numcli: string;
  mode: PayfipMode;
  updatedBy: string;
  updatedAt: Date;
}

@Injectable()
export class OfficeSettingsRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async get(officeId: string): Promise<OfficeSettingsRow | undefined> {
    const [row] = await this.txHost.tx.query(
      `SELECT office_id AS "officeId", numcli, mode, updated_by AS "updatedBy", updated_at AS "updatedAt" FROM payments.office_settings WHERE office_id = $1`,
      [officeId],
    );
    return row;
  }

  async put(officeId: string, numcli: string, mode: PayfipMode, updatedBy: string): Promise<OfficeSettingsRow> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO payments.office_settings (office_id, numcli, mode, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (office_id) DO UPDATE SET numcli = EXCLUDED.numcli, mode = EXCLUDED.mode, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING office_id AS "officeId", numcli, mode, updated_by AS "updatedBy", updated_at AS "updatedAt"`,
      [officeId, numcli, mode, updatedBy],
    );
    return row;
  }
}
