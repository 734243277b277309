import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';

export interface PlannedBooking {
  date: string;
  serviceId: string;
  serviceLabel: string;
  status: 'confirmed' | 'requested' | 'cancel-requested' | 'waitlisted';
  startsAt: string | null;
  endsAt: string | null;
}

export interface PlannedSession {
  date: string;
  registrationId: string;
  groupId: string;
  groupLabel: string;
  periodLabel: string;
  serviceId: string;
  serviceLabel: string;
  startsAt: string;
  endsAt: string;
}

/** What a child's planning shows: booked days of every service, sessions of confirmed activities. Always scoped to the family. */
@Injectable()
export class PlanningRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async bookings(familyId: string, childId: string, from: string, to: string): Promise<PlannedBooking[]> {
    return this.txHost.tx.query(
      `SELECT to_char(b.day, 'YYYY-MM-DD') AS date, b.service_id AS "serviceId", s.label AS "serviceLabel", b.status,
              to_char(b.starts_at, 'HH24:MI') AS "startsAt", to_char(b.ends_at, 'HH24:MI') AS "endsAt"
       FROM reservations.booking b JOIN reservations.service s ON s.id = b.service_id
       WHERE b.family_id = $1 AND b.child_id = $2 AND b.day BETWEEN $3 AND $4
         AND b.status IN ('confirmed', 'requested', 'cancel-requested', 'waitlisted')
       ORDER BY b.day, b.starts_at NULLS FIRST, s.label`,
      [familyId, childId, from, to],
    );
  }

  async activitySessions(familyId: string, childId: string, from: string, to: string): Promise<PlannedSession[]> {
    return this.txHost.tx.query(
      `SELECT to_char(se.day, 'YYYY-MM-DD') AS date, r.id AS "registrationId", g.id AS "groupId", g.label AS "groupLabel", p.label AS "periodLabel",
              g.service_id AS "serviceId", s.label AS "serviceLabel", to_char(g.starts_at, 'HH24:MI') AS "startsAt", to_char(g.ends_at, 'HH24:MI') AS "endsAt"
       FROM reservations.activity_place pl
       JOIN reservations.activity_registration r ON r.id = pl.registration_id
       JOIN reservations.activity_group g ON g.id = pl.group_id
       JOIN reservations.booking_period p ON p.id = g.period_id
       JOIN reservations.service s ON s.id = g.service_id
       JOIN reservations.activity_session se ON se.group_id = g.id
       WHERE r.family_id = $1 AND pl.child_id = $2 AND pl.active AND r.status = 'confirmed' AND se.day BETWEEN $3 AND $4
       ORDER BY se.day, g.starts_at, g.label`,
      [familyId, childId, from, to],
    );
  }
}
