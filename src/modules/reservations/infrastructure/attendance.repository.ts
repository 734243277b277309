import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { BookingStatus, Slot } from '../domain/booking-plan';
import { AttendanceStatus } from '../domain/attendance';

export interface DayBooking {
  childId: string;
  familyId: string;
  status: BookingStatus;
  slot: Slot | null;
}

export interface RecordedAttendance {
  childId: string;
  familyId: string;
  status: AttendanceStatus;
  booked: boolean;
}

/** reservations.attendance, and the bookings and enrolments of one service on one day. */
@Injectable()
export class AttendanceRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** Bookings of the day that hold a place: confirmed, cancel-requested, requested. */
  async bookingsOn(serviceId: string, day: string): Promise<DayBooking[]> {
    const rows = await this.txHost.tx.query(
      `SELECT child_id AS "childId", family_id AS "familyId", status, to_char(starts_at, 'HH24:MI') AS "startsAt", to_char(ends_at, 'HH24:MI') AS "endsAt"
       FROM reservations.booking WHERE service_id = $1 AND day = $2 AND status IN ('confirmed', 'cancel-requested', 'requested')`,
      [serviceId, day],
    );
    return rows.map(({ startsAt, endsAt, ...r }: DayBooking & { startsAt: string | null; endsAt: string | null }) => ({ ...r, slot: startsAt ? { start: startsAt, end: endsAt! } : null }));
  }

  /** Term activities: the confirmed places of the service's groups holding a session that day (the slot: the group's times). */
  async sessionPlacesOn(serviceId: string, day: string): Promise<DayBooking[]> {
    const rows = await this.txHost.tx.query(
      `SELECT pl.child_id AS "childId", r.family_id AS "familyId", 'confirmed' AS status,
              to_char(g.starts_at, 'HH24:MI') AS "startsAt", to_char(g.ends_at, 'HH24:MI') AS "endsAt"
       FROM reservations.activity_group g
       JOIN reservations.activity_session se ON se.group_id = g.id AND se.day = $2
       JOIN reservations.activity_place pl ON pl.group_id = g.id AND pl.active
       JOIN reservations.activity_registration r ON r.id = pl.registration_id AND r.status = 'confirmed'
       WHERE g.service_id = $1`,
      [serviceId, day],
    );
    return rows.map(({ startsAt, endsAt, ...r }: DayBooking & { startsAt: string; endsAt: string }) => ({ ...r, slot: { start: startsAt, end: endsAt } }));
  }

  async recorded(serviceId: string, day: string): Promise<RecordedAttendance[]> {
    return this.txHost.tx.query(
      `SELECT child_id AS "childId", family_id AS "familyId", status, booked FROM reservations.attendance WHERE service_id = $1 AND day = $2`,
      [serviceId, day],
    );
  }

  /** Of these children, those enrolled in the service for the school year, with their family. */
  async enrolled(serviceId: string, schoolYear: string, childIds: string[]): Promise<Map<string, string>> {
    const rows: { childId: string; familyId: string }[] = await this.txHost.tx.query(
      `SELECT child_id AS "childId", family_id AS "familyId" FROM reservations.enrolment WHERE service_id = $1 AND school_year = $2 AND child_id = ANY($3::uuid[])`,
      [serviceId, schoolYear, childIds],
    );
    return new Map(rows.map((r) => [r.childId, r.familyId]));
  }

  /** Records (or replaces) each child's attendance on the day, in one statement. */
  async upsert(serviceId: string, day: string, entries: RecordedAttendance[], recordedBy: string): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO reservations.attendance AS a (service_id, day, child_id, family_id, status, booked, recorded_by)
       SELECT $1, $2, c, f, s, b, $7 FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::boolean[]) AS u(c, f, s, b) ORDER BY c
       ON CONFLICT (service_id, day, child_id) DO UPDATE
         SET family_id = EXCLUDED.family_id, status = EXCLUDED.status, booked = EXCLUDED.booked, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
      [serviceId, day, entries.map((e) => e.childId), entries.map((e) => e.familyId), entries.map((e) => e.status), entries.map((e) => e.booked), recordedBy],
    );
  }
}
