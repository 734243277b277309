import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';

export interface BillingOffice {
  id: string;
  code: string;
  name: string;
  active: boolean;
}

export interface ActivityLine {
  childId: string;
  serviceId: string;
  label: string;
  amountCents: number;
}

/** The invoice of a term-activity registration (one per registration: `invoice.registration_id` unique). */
@Injectable()
export class ActivityInvoiceRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async ofRegistration(registrationId: string): Promise<{ id: string } | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT id FROM billing.invoice WHERE registration_id = $1`, [registrationId]);
    return row;
  }

  /** The office that bills an establishment (at most one). */
  async officeBilling(establishmentId: string): Promise<BillingOffice | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT id, code, name, active FROM billing.office WHERE $1 = ANY(establishment_ids)`, [establishmentId]);
    return row;
  }

  async insert(i: {
    officeId: string;
    familyId: string;
    number: string;
    year: number;
    seq: number;
    label: string;
    registrationId: string;
    periodFrom: string;
    periodTo: string;
    issuedOn: string;
    dueOn: string;
    lines: ActivityLine[];
  }): Promise<{ id: string; totalCents: number }> {
    const totalCents = i.lines.reduce((s, l) => s + l.amountCents, 0);
    const [row] = await this.txHost.tx.query(
      `INSERT INTO billing.invoice (office_id, family_id, number, year, seq, label, registration_id, period_from, period_to, issued_on, due_on, total_cents)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [i.officeId, i.familyId, i.number, i.year, i.seq, i.label, i.registrationId, i.periodFrom, i.periodTo, i.issuedOn, i.dueOn, totalCents],
    );
    await this.txHost.tx.query(
      `INSERT INTO billing.invoice_line (invoice_id, position, child_id, service_id, kind, label, quantity, unit_price_cents, amount_cents)
       SELECT $1, l.position, l.child_id, l.service_id, 'activity', l.label, 1, l.amount, l.amount
       FROM unnest($2::int[], $3::uuid[], $4::uuid[], $5::text[], $6::int[]) AS l(position, child_id, service_id, label, amount)`,
      [row.id, i.lines.map((_, n) => n + 1), i.lines.map((l) => l.childId), i.lines.map((l) => l.serviceId), i.lines.map((l) => l.label), i.lines.map((l) => l.amountCents)],
    );
    return { id: row.id, totalCents };
  }
}
