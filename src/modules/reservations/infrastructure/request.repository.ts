import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { BookingStatus, ItemStatus, Slot } from '../domain/booking-plan';

export interface PendingRequestRow {
  itemId: string;
  reservationId: string;
  reservationNumber: string;
  requestedAt: Date;
  day: string;
  slot: Slot | null;
  action: 'book' | 'cancel';
  familyId: string;
  childId: string;
  serviceId: string;
  serviceLabel: string;
  establishmentId: string;
  establishmentName: string;
  periodLabel: string;
}

export interface PendingFilter {
  establishmentId?: string;
  serviceId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** An item of a reservation with what a decision needs: its reservation's child, family and service. */
export interface RequestItemRow {
  id: string;
  reservationId: string;
  familyId: string;
  childId: string;
  serviceId: string;
  day: string;
  action: 'book' | 'cancel';
  status: ItemStatus;
}

export interface LockedBooking {
  id: string;
  childId: string;
  serviceId: string;
  day: string;
  status: BookingStatus;
  itemId: string;
  slot: Slot | null;
}

export interface OutcomeRow {
  itemId: string;
  reservationId: string;
  reservationNumber: string;
  familyId: string;
  childId: string;
  serviceId: string;
  serviceLabel: string;
  establishmentName: string;
  day: string;
  slot: Slot | null;
  action: 'book' | 'cancel';
  status: ItemStatus;
  reason: string | null;
  decidedAt: Date | null;
}

const slotOf = ({ startsAt, endsAt, ...rest }: { startsAt: string | null; endsAt: string | null }) => ({ ...rest, slot: startsAt ? { start: startsAt, end: endsAt! } : null });
const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
const hhmm = (column: string) => `to_char(${column}, 'HH24:MI')`;

/** The staff desk's reads and writes of requests: reservation_item, booking (locks), with the catalogue's labels. */
@Injectable()
export class RequestRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** Items waiting for staff, oldest request first (then by day). */
  async pending(f: PendingFilter): Promise<PendingRequestRow[]> {
    const rows = await this.txHost.tx.query(
      `SELECT i.id AS "itemId", r.id AS "reservationId", r.number AS "reservationNumber", r.created_at AS "requestedAt", ${day('i.day')} AS day,
              ${hhmm('i.starts_at')} AS "startsAt", ${hhmm('i.ends_at')} AS "endsAt", i.action, r.family_id AS "familyId", r.child_id AS "childId",
              s.id AS "serviceId", s.label AS "serviceLabel", e.id AS "establishmentId", e.name AS "establishmentName", p.label AS "periodLabel"
       FROM reservations.reservation_item i
       JOIN reservations.reservation r ON r.id = i.reservation_id
       JOIN reservations.service s ON s.id = r.service_id
       JOIN reservations.establishment e ON e.id = s.establishment_id
       JOIN reservations.booking_period p ON p.id = r.period_id
       WHERE i.status = 'pending' AND ($1::uuid IS NULL OR s.establishment_id = $1) AND ($2::uuid IS NULL OR s.id = $2)
         AND ($3::date IS NULL OR i.day >= $3) AND ($4::date IS NULL OR i.day <= $4)
       ORDER BY r.created_at, r.number, i.day, i.id
       LIMIT $5 OFFSET $6`,
      [f.establishmentId ?? null, f.serviceId ?? null, f.from ?? null, f.to ?? null, f.limit, f.offset],
    );
    return rows.map(slotOf);
  }

  /** The items with these ids (any order; unknown ids are absent). A plain read: status as last committed. */
  async items(itemIds: string[]): Promise<RequestItemRow[]> {
    return this.txHost.tx.query(
      `SELECT i.id, i.reservation_id AS "reservationId", r.family_id AS "familyId", r.child_id AS "childId", r.service_id AS "serviceId",
              ${day('i.day')} AS day, i.action, i.status
       FROM reservations.reservation_item i JOIN reservations.reservation r ON r.id = i.reservation_id
       WHERE i.id = ANY($1::uuid[])`,
      [itemIds],
    );
  }

  /**
   * Locks the bookings of these (child, service, day) in one stable order — child, service, day: the
   * order a guardian's batch locks its own (one child and service, by day) — so that a decision and a
   * guardian's change to the same days queue instead of deadlocking.
   */
  async lockBookings(keys: { childId: string; serviceId: string; day: string }[]): Promise<LockedBooking[]> {
    if (!keys.length) return [];
    const rows = await this.txHost.tx.query(
      `SELECT b.id, b.child_id AS "childId", b.service_id AS "serviceId", ${day('b.day')} AS day, b.status, b.item_id AS "itemId",
              ${hhmm('b.starts_at')} AS "startsAt", ${hhmm('b.ends_at')} AS "endsAt"
       FROM reservations.booking b
       JOIN (SELECT DISTINCT c, s, d FROM unnest($1::uuid[], $2::uuid[], $3::date[]) AS u(c, s, d)) k ON b.child_id = k.c AND b.service_id = k.s AND b.day = k.d
       ORDER BY b.child_id, b.service_id, b.day
       FOR UPDATE OF b`,
      [keys.map((k) => k.childId), keys.map((k) => k.serviceId), keys.map((k) => k.day)],
    );
    return rows.map(slotOf);
  }

  /** Sets each booking's status (one statement). */
  async setBookingStatuses(changes: { bookingId: string; status: BookingStatus }[]): Promise<void> {
    if (!changes.length) return;
    await this.txHost.tx.query(
      `UPDATE reservations.booking b SET status = u.s, updated_at = now() FROM unnest($1::uuid[], $2::text[]) AS u(id, s) WHERE b.id = u.id`,
      [changes.map((c) => c.bookingId), changes.map((c) => c.status)],
    );
  }

  /** Records staff's decision on pending items (one statement). */
  async decide(itemIds: string[], status: 'accepted' | 'refused', decidedBy: string, reason: string | null): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE reservations.reservation_item SET status = $2, decided_by = $3, decided_at = now(), reason = $4 WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
      [itemIds, status, decidedBy, reason],
    );
  }

  /** What became of these items, by day (for the public face: messages to the guardians). */
  async outcomes(itemIds: string[]): Promise<OutcomeRow[]> {
    if (!itemIds.length) return [];
    const rows = await this.txHost.tx.query(
      `SELECT i.id AS "itemId", r.id AS "reservationId", r.number AS "reservationNumber", r.family_id AS "familyId", r.child_id AS "childId",
              s.id AS "serviceId", s.label AS "serviceLabel", e.name AS "establishmentName", ${day('i.day')} AS day,
              ${hhmm('i.starts_at')} AS "startsAt", ${hhmm('i.ends_at')} AS "endsAt", i.action, i.status, i.reason, i.decided_at AS "decidedAt"
       FROM reservations.reservation_item i
       JOIN reservations.reservation r ON r.id = i.reservation_id
       JOIN reservations.service s ON s.id = r.service_id
       JOIN reservations.establishment e ON e.id = s.establishment_id
       WHERE i.id = ANY($1::uuid[])
       ORDER BY i.day, i.id`,
      [itemIds],
    );
    return rows.map(slotOf);
  }
}
