import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { LineKind } from '../domain/invoice';

export interface InvoiceRow {
  id: string;
  officeId: string;
  officeName: string;
  familyId: string;
  number: string;
  label: string;
  periodFrom: string;
  periodTo: string;
  issuedOn: string;
  dueOn: string;
  totalCents: number;
  settledCents: number;
  cancelledAt: Date | null;
  cancelReason: string | null;
  runId: string | null;
  registrationId: string | null;
}

export interface LineRow {
  id: string;
  position: number;
  childId: string | null;
  serviceId: string | null;
  kind: LineKind;
  label: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
}

export interface RunSummary {
  id: string;
  officeId: string;
  officeCode: string;
  label: string;
  periodFrom: string;
  periodTo: string;
  invoices: number;
  totalCents: number;
  createdBy: string;
  createdAt: Date;
}

export interface InvoiceFilter {
  familyId?: string;
  officeId?: string;
  runId?: string;
  /** open: not cancelled and not fully settled; overdue: open and past due */
  state?: 'open' | 'overdue' | 'paid' | 'cancelled';
  today?: string;
  limit: number;
  offset: number;
}

const COLUMNS = `i.id, i.office_id AS "officeId", o.name AS "officeName", i.family_id AS "familyId", i.number, i.label,
  to_char(i.period_from, 'YYYY-MM-DD') AS "periodFrom", to_char(i.period_to, 'YYYY-MM-DD') AS "periodTo",
  to_char(i.issued_on, 'YYYY-MM-DD') AS "issuedOn", to_char(i.due_on, 'YYYY-MM-DD') AS "dueOn",
  i.total_cents AS "totalCents", i.settled_cents AS "settledCents", i.cancelled_at AS "cancelledAt", i.cancel_reason AS "cancelReason",
  i.run_id AS "runId", i.registration_id AS "registrationId"`;

/** billing.invoice and invoice_line, read side. */
@Injectable()
export class InvoiceRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async list(f: InvoiceFilter): Promise<InvoiceRow[]> {
    return this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM billing.invoice i JOIN billing.office o ON o.id = i.office_id
       WHERE ($1::uuid IS NULL OR i.family_id = $1) AND ($2::uuid IS NULL OR i.office_id = $2) AND ($7::uuid IS NULL OR i.run_id = $7)
         AND CASE $3::text
               WHEN 'open' THEN i.cancelled_at IS NULL AND i.settled_cents < i.total_cents
               WHEN 'overdue' THEN i.cancelled_at IS NULL AND i.settled_cents < i.total_cents AND i.due_on < $4::date
               WHEN 'paid' THEN i.cancelled_at IS NULL AND i.settled_cents >= i.total_cents
               WHEN 'cancelled' THEN i.cancelled_at IS NOT NULL
               ELSE true END
       ORDER BY i.issued_on DESC, i.number DESC LIMIT $5 OFFSET $6`,
      [f.familyId ?? null, f.officeId ?? null, f.state ?? null, f.today ?? null, f.limit, f.offset, f.runId ?? null],
    );
  }

  /** Billing runs that issued invoices, newest first. */
  async runs(f: { officeId?: string; limit: number; offset: number }): Promise<RunSummary[]> {
    const rows: RunSummary[] = await this.txHost.tx.query(
      `SELECT r.id, r.office_id AS "officeId", o.code AS "officeCode", r.label, to_char(r.period_from, 'YYYY-MM-DD') AS "periodFrom",
              to_char(r.period_to, 'YYYY-MM-DD') AS "periodTo", r.invoices, r.total_cents AS "totalCents", r.created_by AS "createdBy", r.created_at AS "createdAt"
       FROM billing.run r JOIN billing.office o ON o.id = r.office_id
       WHERE ($1::uuid IS NULL OR r.office_id = $1)
       ORDER BY r.created_at DESC, r.id LIMIT $2 OFFSET $3`,
      [f.officeId ?? null, f.limit, f.offset],
    );
    return rows.map((r) => ({ ...r, totalCents: Number(r.totalCents) }));
  }

  /** One invoice; with `familyId`, only that family's (undefined for another's). */
  async find(id: string, familyId?: string): Promise<InvoiceRow | undefined> {
    const [row] = await this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM billing.invoice i JOIN billing.office o ON o.id = i.office_id WHERE i.id = $1 AND ($2::uuid IS NULL OR i.family_id = $2)`,
      [id, familyId ?? null],
    );
    return row;
  }

  async lines(invoiceId: string): Promise<LineRow[]> {
    const rows = await this.txHost.tx.query(
      `SELECT id, position, child_id AS "childId", service_id AS "serviceId", kind, label, quantity::float8 AS quantity,
              unit_price_cents AS "unitPriceCents", amount_cents AS "amountCents"
       FROM billing.invoice_line WHERE invoice_id = $1 ORDER BY position`,
      [invoiceId],
    );
    return rows;
  }
}
