import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { TransactionHost } from '../../../platform/database/transaction-host';

/** An invoice as the payments module needs it before sending a guardian to pay it. */
export interface InvoiceForPayment {
  invoiceId: string;
  /** REST-2026-000123 */
  number: string;
  /** "Restauration scolaire — Novembre 2026" */
  label: string;
  totalCents: number;
  /** "Restant dû": what a payment may at most be */
  remainingCents: number;
  dueOn: string;
  officeId: string;
  officeName: string;
  /** after an interrupted payment, the invoice cannot be paid again for this long (seed 003: 30 minutes) */
  paymentLockMinutes: number;
  /** not cancelled and still owing something: the "Payer" action */
  payable: boolean;
}

/**
 * Public face (index.ts) for the payments module (issue 8): what a guardian is about to pay. The
 * outcome comes back through `payments.payment.validated.v1`, which billing records and allocates.
 */
@Injectable()
export class InvoicesForPayment {
  constructor(private readonly txHost: TransactionHost) {}

  /** The family's invoices among `invoiceIds`, in the order asked (once each); another family's or unknown ids are left out. */
  async forPayment(familyId: string, invoiceIds: string[]): Promise<InvoiceForPayment[]> {
    const ids = [...new Set(invoiceIds)].filter((id) => isUUID(id));
    if (!ids.length) return [];
    const rows: (Omit<InvoiceForPayment, 'payable'> & { cancelled: boolean })[] = await this.txHost.tx.query(
      `SELECT i.id AS "invoiceId", i.number, i.label, i.total_cents AS "totalCents",
              CASE WHEN i.cancelled_at IS NULL THEN i.total_cents - i.settled_cents ELSE 0 END AS "remainingCents",
              to_char(i.due_on, 'YYYY-MM-DD') AS "dueOn", i.office_id AS "officeId", o.name AS "officeName",
              o.payment_lock_minutes AS "paymentLockMinutes", i.cancelled_at IS NOT NULL AS cancelled
       FROM billing.invoice i JOIN billing.office o ON o.id = i.office_id
       WHERE i.family_id = $1 AND i.id = ANY($2::uuid[])
       ORDER BY array_position($2::uuid[], i.id)`,
      [familyId, ids],
    );
    return rows.map(({ cancelled, ...r }) => ({ ...r, payable: !cancelled && r.remainingCents > 0 }));
  }
}
