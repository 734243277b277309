import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { ReservationFacts } from '../../reservations';

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

/** A billing office as the payments module needs it (its PayFiP settings are kept by payments). */
export interface OfficeForPayment {
  officeId: string;
  code: string;
  name: string;
  paymentLockMinutes: number;
  /** a deactivated office takes no new payment */
  active: boolean;
}

/**
 * Public face (index.ts) for the payments module (issue 8): what a guardian is about to pay. The
 * outcome comes back through `payments.payment.validated.v1`, which billing records and allocates.
 */
@Injectable()
export class InvoicesForPayment {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly facts: ReservationFacts,
  ) {}

  /** One office, or undefined when unknown. */
  async office(officeId: string): Promise<OfficeForPayment | undefined> {
    if (!isUUID(officeId)) return undefined;
    const [row] = await this.txHost.tx.query(
      `SELECT id AS "officeId", code, name, payment_lock_minutes AS "paymentLockMinutes", active FROM billing.office WHERE id = $1`,
      [officeId],
    );
    return row;
  }

  /**
   * The office that bills a term-activity registration (the one billing the establishment of its
   * places' services, as its invoice will be: one office for all of them); undefined when none does,
   * or when they belong to several.
   */
  async officeOfServices(serviceIds: string[]): Promise<OfficeForPayment | undefined> {
    const establishmentIds = new Set<string>();
    for (const serviceId of new Set(serviceIds)) {
      const service = await this.facts.service(serviceId);
      if (!service) return undefined;
      establishmentIds.add(service.establishmentId);
    }
    if (!establishmentIds.size) return undefined;
    const rows: OfficeForPayment[] = await this.txHost.tx.query(
      `SELECT id AS "officeId", code, name, payment_lock_minutes AS "paymentLockMinutes", active
       FROM billing.office WHERE establishment_ids && $1::uuid[]`,
      [[...establishmentIds]],
    );
    if (rows.length !== 1) return undefined;
    const [office] = await this.txHost.tx.query(`SELECT count(*)::int AS n FROM billing.office WHERE id = $1 AND establishment_ids @> $2::uuid[]`, [rows[0].officeId, [...establishmentIds]]);
    return office.n === 1 ? rows[0] : undefined;
  }

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
