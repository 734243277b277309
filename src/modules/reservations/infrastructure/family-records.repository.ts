import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';

/** Everything reservations holds about one family, as plain rows (the family's data export). */
@Injectable()
export class FamilyRecordsRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async of(familyId: string): Promise<Record<string, unknown[]>> {
    const q = (sql: string) => this.txHost.tx.query(sql, [familyId]);
    return {
      enrolments: await q(
        `SELECT en.child_id AS "childId", s.label AS service, en.school_year AS "schoolYear", en.enrolled_by_role AS "enrolledBy", en.enrolled_at AS "enrolledAt"
         FROM reservations.enrolment en JOIN reservations.service s ON s.id = en.service_id WHERE en.family_id = $1 ORDER BY en.enrolled_at`,
      ),
      reservations: await q(
        `SELECT r.number, r.child_id AS "childId", s.label AS service, p.label AS period, r.created_by_role AS "createdBy", r.created_at AS "createdAt",
                json_agg(json_build_object('day', i.day, 'startsAt', i.starts_at, 'endsAt', i.ends_at, 'action', i.action, 'status', i.status,
                  'reason', i.reason, 'decidedAt', i.decided_at) ORDER BY i.day) AS days
         FROM reservations.reservation r JOIN reservations.reservation_item i ON i.reservation_id = r.id
         JOIN reservations.service s ON s.id = r.service_id JOIN reservations.booking_period p ON p.id = r.period_id
         WHERE r.family_id = $1 GROUP BY r.id, s.label, p.label ORDER BY r.created_at`,
      ),
      bookings: await q(
        `SELECT b.child_id AS "childId", s.label AS service, to_char(b.day, 'YYYY-MM-DD') AS day, to_char(b.starts_at, 'HH24:MI') AS "startsAt",
                to_char(b.ends_at, 'HH24:MI') AS "endsAt", b.status
         FROM reservations.booking b JOIN reservations.service s ON s.id = b.service_id WHERE b.family_id = $1 ORDER BY b.day, s.label`,
      ),
      attendance: await q(
        `SELECT a.child_id AS "childId", s.label AS service, to_char(a.day, 'YYYY-MM-DD') AS day, a.status, a.booked, a.recorded_at AS "recordedAt"
         FROM reservations.attendance a JOIN reservations.service s ON s.id = a.service_id WHERE a.family_id = $1 ORDER BY a.day, s.label`,
      ),
    };
  }
}
