import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';

export interface UnitState {
  day: string;
  familyId: string;
  establishmentId: string;
  booked: boolean;
  minutes: number | null;
  attendance: 'present' | 'absent' | 'excused' | null;
}

/** billing.unit and billing.family_quotient: what billing keeps of reservations and family. */
@Injectable()
export class UnitRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** Serializes the updates of one child's units for one service (deliveries may run at once, in any order). */
  async lock(childId: string, serviceId: string): Promise<void> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || '|' || $2, 7))`, [childId, serviceId]);
  }

  async upsert(childId: string, serviceId: string, units: UnitState[]): Promise<void> {
    if (!units.length) return;
    await this.txHost.tx.query(
      `INSERT INTO billing.unit (child_id, service_id, day, family_id, establishment_id, booked, minutes, attendance)
       SELECT $1, $2, d, f, e, b, m, a FROM unnest($3::date[], $4::uuid[], $5::uuid[], $6::boolean[], $7::int[], $8::text[]) AS u(d, f, e, b, m, a)
       ON CONFLICT (child_id, service_id, day) DO UPDATE
         SET family_id = EXCLUDED.family_id, booked = EXCLUDED.booked, minutes = EXCLUDED.minutes, attendance = EXCLUDED.attendance, updated_at = now()`,
      [
        childId,
        serviceId,
        units.map((u) => u.day),
        units.map((u) => u.familyId),
        units.map((u) => u.establishmentId),
        units.map((u) => u.booked),
        units.map((u) => u.minutes),
        units.map((u) => u.attendance),
      ],
    );
  }

  async setQuotient(familyId: string, validFrom: string, value: number): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO billing.family_quotient (family_id, valid_from, value) VALUES ($1, $2, $3) ON CONFLICT (family_id, valid_from) DO UPDATE SET value = EXCLUDED.value`,
      [familyId, validFrom, value],
    );
  }
}
