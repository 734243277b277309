import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';

export interface Issuer {
  legalName: string;
  address: string;
  siret?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface Office {
  id: string;
  code: string;
  name: string;
  establishmentIds: string[];
  dueDays: number;
  reminderDays: number[];
  paymentLockMinutes: number;
  issuer: Issuer;
  paymentInstructions: string | null;
  active: boolean;
}

export interface ServiceRule {
  serviceId: string;
  officeId: string;
  establishmentId: string;
  label: string;
  unit: 'day' | 'half-day' | 'hour';
  basis: 'booked' | 'attended';
  unbookedPresenceSurchargeCents: number;
  unexcusedAbsenceSurchargeCents: number;
}

export interface Price {
  id: string;
  serviceId: string;
  quotientMin: number;
  quotientMax: number | null;
  amountCents: number;
  validFrom: string;
  validTo: string | null;
}

const OFFICE_COLUMNS = `id, code, name, establishment_ids AS "establishmentIds", due_days AS "dueDays", reminder_days::int[] AS "reminderDays",
  payment_lock_minutes AS "paymentLockMinutes", issuer, payment_instructions AS "paymentInstructions", active`;
const RULE_COLUMNS = `service_id AS "serviceId", office_id AS "officeId", establishment_id AS "establishmentId", label, unit, basis,
  unbooked_presence_surcharge_cents AS "unbookedPresenceSurchargeCents", unexcused_absence_surcharge_cents AS "unexcusedAbsenceSurchargeCents"`;
const PRICE_COLUMNS = `id, service_id AS "serviceId", quotient_min AS "quotientMin", quotient_max AS "quotientMax", amount_cents AS "amountCents",
  to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"`;

/** billing.office, service_rule, price. */
@Injectable()
export class OfficeRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async insertOffice(o: Omit<Office, 'id' | 'active'>): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO billing.office (code, name, establishment_ids, due_days, reminder_days, payment_lock_minutes, issuer, payment_instructions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [o.code, o.name, o.establishmentIds, o.dueDays, o.reminderDays, o.paymentLockMinutes, JSON.stringify(o.issuer), o.paymentInstructions],
    );
    return row.id;
  }

  async updateOffice(o: Office): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE billing.office SET name = $2, establishment_ids = $3, due_days = $4, reminder_days = $5, payment_lock_minutes = $6, issuer = $7,
         payment_instructions = $8, active = $9, updated_at = now() WHERE id = $1`,
      [o.id, o.name, o.establishmentIds, o.dueDays, o.reminderDays, o.paymentLockMinutes, JSON.stringify(o.issuer), o.paymentInstructions, o.active],
    );
  }

  async offices(): Promise<Office[]> {
    return this.txHost.tx.query(`SELECT ${OFFICE_COLUMNS} FROM billing.office ORDER BY name, id`);
  }

  async office(id: string, lock = false): Promise<Office | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT ${OFFICE_COLUMNS} FROM billing.office WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row;
  }

  async codeTaken(code: string): Promise<boolean> {
    return (await this.txHost.tx.query(`SELECT 1 FROM billing.office WHERE code = $1`, [code])).length > 0;
  }

  /** Of these establishments, those another office already bills (establishment id → office code). */
  async billedElsewhere(establishmentIds: string[], exceptOfficeId: string | null): Promise<Map<string, string>> {
    const rows: { establishmentId: string; code: string }[] = await this.txHost.tx.query(
      `SELECT e AS "establishmentId", o.code FROM billing.office o, unnest(o.establishment_ids) AS e
       WHERE e = ANY($1::uuid[]) AND o.id IS DISTINCT FROM $2`,
      [establishmentIds, exceptOfficeId],
    );
    return new Map(rows.map((r) => [r.establishmentId, r.code]));
  }

  async upsertRule(r: ServiceRule): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO billing.service_rule (service_id, office_id, establishment_id, label, unit, basis, unbooked_presence_surcharge_cents, unexcused_absence_surcharge_cents)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (service_id) DO UPDATE SET office_id = EXCLUDED.office_id, label = EXCLUDED.label, unit = EXCLUDED.unit, basis = EXCLUDED.basis,
         unbooked_presence_surcharge_cents = EXCLUDED.unbooked_presence_surcharge_cents,
         unexcused_absence_surcharge_cents = EXCLUDED.unexcused_absence_surcharge_cents, updated_at = now()`,
      [r.serviceId, r.officeId, r.establishmentId, r.label, r.unit, r.basis, r.unbookedPresenceSurchargeCents, r.unexcusedAbsenceSurchargeCents],
    );
  }

  async rules(officeId: string | undefined): Promise<ServiceRule[]> {
    return this.txHost.tx.query(`SELECT ${RULE_COLUMNS} FROM billing.service_rule WHERE ($1::uuid IS NULL OR office_id = $1) ORDER BY label, service_id`, [officeId ?? null]);
  }

  async rule(serviceId: string, lock = false): Promise<ServiceRule | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT ${RULE_COLUMNS} FROM billing.service_rule WHERE service_id = $1${lock ? ' FOR UPDATE' : ''}`, [serviceId]);
    return row;
  }

  async insertPrice(p: Omit<Price, 'id'>, createdBy: string): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO billing.price (service_id, quotient_min, quotient_max, amount_cents, valid_from, valid_to, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [p.serviceId, p.quotientMin, p.quotientMax, p.amountCents, p.validFrom, p.validTo, createdBy],
    );
    return row.id;
  }

  async prices(serviceId: string): Promise<Price[]> {
    return this.txHost.tx.query(`SELECT ${PRICE_COLUMNS} FROM billing.price WHERE service_id = $1 ORDER BY valid_from, quotient_min`, [serviceId]);
  }

  async deletePrice(serviceId: string, id: string): Promise<boolean> {
    // a DELETE … RETURNING answers [rows, count]
    const [rows] = await this.txHost.tx.query(`DELETE FROM billing.price WHERE id = $1 AND service_id = $2 RETURNING id`, [id, serviceId]);
    return rows.length > 0;
  }
}
