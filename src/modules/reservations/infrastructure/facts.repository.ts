import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';

export interface DayFacts {
  day: string;
  familyId: string;
  establishmentId: string;
  /** the day holds a booked place (confirmed, or a cancellation not yet granted) */
  booked: boolean;
  /** hourly slots: the slot's length in minutes */
  minutes: number | null;
  attendance: 'present' | 'absent' | 'excused' | null;
}

/** What other modules may read of bookings and attendance (billing's units). */
@Injectable()
export class FactsRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** For each day that has a booking or an attendance record of the child and service. */
  async days(childId: string, serviceId: string, days: string[]): Promise<DayFacts[]> {
    return this.txHost.tx.query(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, coalesce(b.family_id, a.family_id) AS "familyId", s.establishment_id AS "establishmentId",
              coalesce(b.status IN ('confirmed', 'cancel-requested'), false) AS booked,
              CASE WHEN b.starts_at IS NOT NULL THEN (extract(epoch FROM b.ends_at - b.starts_at) / 60)::int END AS minutes,
              a.status AS attendance
       FROM unnest($3::date[]) AS d(day)
       JOIN reservations.service s ON s.id = $2
       LEFT JOIN reservations.booking b ON b.child_id = $1 AND b.service_id = $2 AND b.day = d.day
       LEFT JOIN reservations.attendance a ON a.child_id = $1 AND a.service_id = $2 AND a.day = d.day
       WHERE b.child_id IS NOT NULL OR a.child_id IS NOT NULL
       ORDER BY d.day`,
      [childId, serviceId, days],
    );
  }

  async service(serviceId: string): Promise<{ id: string; label: string; kind: string; unit: string; establishmentId: string } | undefined> {
    const [row] = await this.txHost.tx.query(
      `SELECT id, label, kind, unit, establishment_id AS "establishmentId" FROM reservations.service WHERE id = $1`,
      [serviceId],
    );
    return row;
  }
}
