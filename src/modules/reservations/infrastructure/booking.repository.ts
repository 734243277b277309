import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { BookingStatus, CurrentBooking, ItemStatus, Slot } from '../domain/booking-plan';
import { BookingPeriod, Establishment, Service } from '../domain/catalogue';
import { DateSpan } from '../domain/calendar';
import { CALENDAR_SPANS, CalendarSpanRow, CONTEXT_FROM, CONTEXT_JSON, spansOf, withDates } from './catalogue.repository';

export interface BookingContext {
  period: BookingPeriod;
  service: Service;
  establishment: Establishment;
}

/** A time step of a service's day: step 0 for services booked by the day. */
export interface PlaceKey {
  day: string;
  step: number;
}

export interface NewItem {
  day: string;
  slot: Slot | null;
  action: 'book' | 'cancel';
  status: ItemStatus;
}

/** An item of a batch with the status its day's booking takes. */
export interface NewBatchItem extends NewItem {
  next: BookingStatus;
}

export interface BookingRow {
  day: string;
  slot: Slot | null;
  status: BookingStatus;
  itemId: string;
}

export interface WaitingBooking {
  id: string;
  familyId: string;
  childId: string;
  day: string;
  slot: Slot | null;
  itemId: string;
  reservationId: string;
}

export interface ReservationSummary {
  id: string;
  number: string;
  childId: string;
  serviceId: string;
  serviceLabel: string;
  periodId: string;
  periodLabel: string;
  createdAt: Date;
  createdByRole: string;
  firstDay: string;
  lastDay: string;
  counts: Record<ItemStatus, number>;
  actions: ('book' | 'cancel')[];
}

export interface ReservationItemRow {
  id: string;
  day: string;
  slot: Slot | null;
  action: 'book' | 'cancel';
  status: ItemStatus;
  reason: string | null;
  decidedAt: Date | null;
}

const slotOf = (r: { startsAt: string | null; endsAt: string | null }): Slot | null => (r.startsAt ? { start: r.startsAt, end: r.endsAt! } : null);
const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
const hhmm = (column: string) => `to_char(${column}, 'HH24:MI')`;

/** reservations.enrolment (locks), booking, occupancy, reservation, reservation_item. */
@Injectable()
export class BookingRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** A period with its service and establishment, in one query. */
  async context(periodId: string): Promise<BookingContext | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT row_to_json(x) AS ctx FROM (SELECT ${CONTEXT_JSON} FROM ${CONTEXT_FROM} WHERE p.id = $1) x`, [periodId]);
    return row ? withDates(row.ctx as BookingContext) : undefined;
  }

  /**
   * In one statement (one round trip): the period with its service and establishment, and the school
   * years the child is enrolled in `serviceId` for. With `lock`, the enrolment rows are locked: a
   * child's changes to one service go one batch at a time (both guardians may book).
   */
  async contextAndYears(periodId: string, familyId: string, childId: string, serviceId: string, lock: boolean): Promise<{ ctx: BookingContext | undefined; years: string[] }> {
    const [row] = await this.txHost.tx.query(
      `WITH years AS (
         SELECT school_year FROM reservations.enrolment WHERE child_id = $2 AND service_id = $3 AND family_id = $4 ORDER BY school_year${lock ? ' FOR UPDATE' : ''})
       SELECT (SELECT row_to_json(x) FROM (SELECT ${CONTEXT_JSON} FROM ${CONTEXT_FROM} WHERE p.id = $1) x) AS ctx,
              ARRAY(SELECT school_year FROM years ORDER BY school_year) AS years`,
      [periodId, childId, serviceId, familyId],
    );
    return { ctx: row.ctx ? withDates(row.ctx as BookingContext) : undefined, years: row.years };
  }

  /**
   * CatalogueRepository.calendarSpans() and bookings() in one statement (one round trip): the closures
   * and school holidays that touch [from, to], and the child's bookings on those days (locked with
   * `lock`, in day order). Run it after the enrolment lock, in a statement of its own: it must read
   * what the batch that held the lock before wrote.
   */
  async calendarAndBookings(
    where: { establishmentId: string; serviceId: string; zone: string; childId: string; from: string; to: string },
    lock: boolean,
  ): Promise<{ closures: DateSpan[]; schoolHolidays: DateSpan[]; current: CurrentBooking[] }> {
    const [row] = await this.txHost.tx.query(
      `WITH spans AS (${CALENDAR_SPANS}),
            current AS (
              SELECT ${day('day')} AS day, status, ${hhmm('starts_at')} AS "startsAt", ${hhmm('ends_at')} AS "endsAt", item_id AS "itemId"
              FROM reservations.booking WHERE child_id = $6 AND service_id = $2 AND day BETWEEN $4 AND $5 ORDER BY day${lock ? ' FOR UPDATE' : ''})
       SELECT (SELECT coalesce(json_agg(spans), '[]') FROM spans) AS spans,
              (SELECT coalesce(json_agg(current ORDER BY day), '[]') FROM current) AS current`,
      [where.establishmentId, where.serviceId, where.zone, where.from, where.to, where.childId],
    );
    const current = (row.current as (BookingRow & { startsAt: string | null; endsAt: string | null })[]).map((r) => ({ day: r.day, status: r.status, itemId: r.itemId, slot: slotOf(r) }));
    return { ...spansOf(row.spans as CalendarSpanRow[]), current };
  }

  async bookings(childId: string, serviceId: string, from: string, to: string, lock: boolean): Promise<CurrentBooking[]> {
    const rows = await this.txHost.tx.query(
      `SELECT ${day('day')} AS day, status, ${hhmm('starts_at')} AS "startsAt", ${hhmm('ends_at')} AS "endsAt", item_id AS "itemId"
       FROM reservations.booking WHERE child_id = $1 AND service_id = $2 AND day BETWEEN $3 AND $4 ORDER BY day${lock ? ' FOR UPDATE' : ''}`,
      [childId, serviceId, from, to],
    );
    return rows.map((r: BookingRow & { startsAt: string | null; endsAt: string | null }) => ({ day: r.day, status: r.status, itemId: r.itemId, slot: slotOf(r) }));
  }

  /** The reason staff gave for each refused day, for the calendar. */
  async refusalReasons(childId: string, serviceId: string, from: string, to: string): Promise<Map<string, string>> {
    const rows: { day: string; reason: string }[] = await this.txHost.tx.query(
      `SELECT ${day('b.day')} AS day, i.reason FROM reservations.booking b JOIN reservations.reservation_item i ON i.id = b.item_id
       WHERE b.child_id = $1 AND b.service_id = $2 AND b.day BETWEEN $3 AND $4 AND b.status = 'refused'`,
      [childId, serviceId, from, to],
    );
    return new Map(rows.map((r) => [r.day, r.reason]));
  }

  /** Places taken per day (the busiest step of the day for hourly services). */
  async takenByDay(serviceId: string, from: string, to: string): Promise<Map<string, number>> {
    const rows: { day: string; taken: number }[] = await this.txHost.tx.query(
      `SELECT ${day('day')} AS day, max(taken)::int AS taken FROM reservations.occupancy WHERE service_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day`,
      [serviceId, from, to],
    );
    return new Map(rows.map((r) => [r.day, r.taken]));
  }

  async takenByKey(serviceId: string, from: string, to: string): Promise<Map<string, number>> {
    const rows: { day: string; step: number; taken: number }[] = await this.txHost.tx.query(
      `SELECT ${day('day')} AS day, step, taken FROM reservations.occupancy WHERE service_id = $1 AND day BETWEEN $2 AND $3`,
      [serviceId, from, to],
    );
    return new Map(rows.map((r) => [`${r.day}|${r.step}`, r.taken]));
  }

  /**
   * Takes one place on each key where fewer than `capacity` are taken, in one statement. Rows are
   * locked in (day, step) order, so concurrent batches queue on the same counters instead of
   * deadlocking, and the check-and-increment is atomic: capacity is never exceeded. Returns the keys granted.
   */
  async take(serviceId: string, keys: PlaceKey[], capacity: number): Promise<PlaceKey[]> {
    if (!keys.length) return [];
    const rows: { day: string; step: number }[] = await this.txHost.tx.query(
      `INSERT INTO reservations.occupancy AS o (service_id, day, step, taken)
       SELECT $1, d, s, 1 FROM unnest($2::date[], $3::smallint[]) AS k(d, s) ORDER BY d, s
       ON CONFLICT (service_id, day, step) DO UPDATE SET taken = o.taken + 1 WHERE o.taken < $4
       RETURNING ${day('day')} AS day, step`,
      [serviceId, keys.map((k) => k.day), keys.map((k) => k.step), capacity],
    );
    return rows;
  }

  /**
   * Gives back one place per key (a key may appear several times). The rows are locked first, in
   * (day, step) order as take() does (an UPDATE … FROM locks them in the order of its join, which
   * deadlocked a cancellation against a booking of the same days), then updated, in one statement.
   */
  async release(serviceId: string, keys: PlaceKey[]): Promise<void> {
    if (!keys.length) return;
    await this.txHost.tx.query(
      `WITH k AS (SELECT d, s, count(*)::int AS n FROM unnest($2::date[], $3::smallint[]) AS u(d, s) GROUP BY d, s),
            locked AS MATERIALIZED (
              SELECT o.day, o.step, k.n FROM reservations.occupancy o JOIN k ON o.day = k.d AND o.step = k.s
              WHERE o.service_id = $1 ORDER BY o.day, o.step FOR UPDATE OF o)
       UPDATE reservations.occupancy o SET taken = o.taken - l.n FROM locked l
       WHERE o.service_id = $1 AND o.day = l.day AND o.step = l.step`,
      [serviceId, keys.map((k) => k.day), keys.map((k) => k.step)],
    );
  }

  /**
   * The batch (numbered R<year>-<n>), its items and the bookings they set, in one statement (one
   * round trip): each booking points to its item, found by day (a batch has one item a day).
   */
  async recordBatch(
    r: { familyId: string; childId: string; serviceId: string; periodId: string; createdBy: string; createdByRole: string },
    items: NewBatchItem[],
  ): Promise<{ id: string; number: string; createdAt: Date }> {
    const [reservation] = await this.txHost.tx.query(
      `WITH r AS (
         INSERT INTO reservations.reservation (number, family_id, child_id, service_id, period_id, created_by, created_by_role)
         VALUES ('R' || to_char(now() AT TIME ZONE 'Europe/Paris', 'YYYY') || '-' || lpad(nextval('reservations.reservation_number')::text, 6, '0'), $1, $2, $3, $4, $5, $6)
         RETURNING id, number, created_at),
       i AS (
         INSERT INTO reservations.reservation_item (reservation_id, day, starts_at, ends_at, action, status, decided_at)
         SELECT r.id, d, st, en, a, s, CASE WHEN s = 'accepted' THEN now() END
         FROM r, unnest($7::date[], $8::time[], $9::time[], $10::text[], $11::text[]) WITH ORDINALITY AS u(d, st, en, a, s, n) ORDER BY n
         RETURNING id, day),
       b AS (
         INSERT INTO reservations.booking (family_id, child_id, service_id, day, starts_at, ends_at, status, item_id)
         SELECT $1, $2, $3, u.d, u.st, u.en, u.s, i.id FROM unnest($7::date[], $8::time[], $9::time[], $12::text[]) AS u(d, st, en, s) JOIN i ON i.day = u.d
         ON CONFLICT (child_id, service_id, day) DO UPDATE
           SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, status = EXCLUDED.status, item_id = EXCLUDED.item_id, updated_at = now())
       SELECT id, number, created_at AS "createdAt" FROM r`,
      [
        r.familyId,
        r.childId,
        r.serviceId,
        r.periodId,
        r.createdBy,
        r.createdByRole,
        items.map((i) => i.day),
        items.map((i) => i.slot?.start ?? null),
        items.map((i) => i.slot?.end ?? null),
        items.map((i) => i.action),
        items.map((i) => i.status),
        items.map((i) => i.next),
      ],
    );
    return reservation;
  }

  async setItemStatus(itemIds: string[], status: ItemStatus, decidedBy: string | null = null, reason: string | null = null): Promise<void> {
    if (!itemIds.length) return;
    await this.txHost.tx.query(
      `UPDATE reservations.reservation_item SET status = $2, decided_by = $3, decided_at = now(), reason = $4 WHERE id = ANY($1::uuid[])`,
      [itemIds, status, decidedBy, reason],
    );
  }

  /** Bookings waiting for a place on these days, oldest first, locked (skipping those another transaction holds). */
  async waiting(serviceId: string, days: string[]): Promise<WaitingBooking[]> {
    const rows = await this.txHost.tx.query(
      `SELECT b.id, b.family_id AS "familyId", b.child_id AS "childId", ${day('b.day')} AS day, ${hhmm('b.starts_at')} AS "startsAt",
              ${hhmm('b.ends_at')} AS "endsAt", b.item_id AS "itemId", i.reservation_id AS "reservationId"
       FROM reservations.booking b JOIN reservations.reservation_item i ON i.id = b.item_id
       WHERE b.service_id = $1 AND b.day = ANY($2::date[]) AND b.status = 'waitlisted'
       ORDER BY b.day, b.updated_at, b.id FOR UPDATE OF b SKIP LOCKED`,
      [serviceId, days],
    );
    return rows.map((r: WaitingBooking & { startsAt: string | null; endsAt: string | null }) => ({ ...r, slot: slotOf(r) }));
  }

  async setBookingStatus(bookingId: string, status: BookingStatus): Promise<void> {
    await this.txHost.tx.query(`UPDATE reservations.booking SET status = $2, updated_at = now() WHERE id = $1`, [bookingId, status]);
  }

  async history(familyId: string, filter: { childId?: string; limit: number; offset: number }): Promise<ReservationSummary[]> {
    const rows = await this.txHost.tx.query(
      `SELECT r.id, r.number, r.child_id AS "childId", r.service_id AS "serviceId", s.label AS "serviceLabel", r.period_id AS "periodId",
              p.label AS "periodLabel", r.created_at AS "createdAt", r.created_by_role AS "createdByRole",
              ${day('min(i.day)')} AS "firstDay", ${day('max(i.day)')} AS "lastDay",
              json_build_object('accepted', count(*) FILTER (WHERE i.status = 'accepted'), 'pending', count(*) FILTER (WHERE i.status = 'pending'),
                'refused', count(*) FILTER (WHERE i.status = 'refused'), 'waitlisted', count(*) FILTER (WHERE i.status = 'waitlisted'),
                'withdrawn', count(*) FILTER (WHERE i.status = 'withdrawn')) AS counts,
              array_agg(DISTINCT i.action) AS actions
       FROM reservations.reservation r
       JOIN reservations.reservation_item i ON i.reservation_id = r.id
       JOIN reservations.service s ON s.id = r.service_id
       JOIN reservations.booking_period p ON p.id = r.period_id
       WHERE r.family_id = $1 AND ($2::uuid IS NULL OR r.child_id = $2)
       GROUP BY r.id, s.label, p.label
       ORDER BY r.created_at DESC, r.number DESC LIMIT $3 OFFSET $4`,
      [familyId, filter.childId ?? null, filter.limit, filter.offset],
    );
    return rows;
  }

  /** One reservation of a family (undefined for another family's). */
  async reservation(familyId: string | null, id: string): Promise<(ReservationSummary & { familyId: string; items: ReservationItemRow[] }) | undefined> {
    const [summary] = await this.txHost.tx.query(
      `SELECT r.id, r.number, r.family_id AS "familyId", r.child_id AS "childId", r.service_id AS "serviceId", s.label AS "serviceLabel",
              r.period_id AS "periodId", p.label AS "periodLabel", r.created_at AS "createdAt", r.created_by_role AS "createdByRole"
       FROM reservations.reservation r JOIN reservations.service s ON s.id = r.service_id JOIN reservations.booking_period p ON p.id = r.period_id
       WHERE r.id = $1 AND ($2::uuid IS NULL OR r.family_id = $2)`,
      [id, familyId],
    );
    if (!summary) return undefined;
    const items = await this.items([id]);
    const counts = { accepted: 0, pending: 0, refused: 0, waitlisted: 0, withdrawn: 0 };
    for (const i of items) counts[i.status]++;
    return {
      ...summary,
      items,
      counts,
      firstDay: items[0]?.day,
      lastDay: items[items.length - 1]?.day,
      actions: [...new Set(items.map((i) => i.action))],
    };
  }

  async items(reservationIds: string[]): Promise<ReservationItemRow[]> {
    const rows = await this.txHost.tx.query(
      `SELECT id, ${day('day')} AS day, ${hhmm('starts_at')} AS "startsAt", ${hhmm('ends_at')} AS "endsAt", action, status, reason, decided_at AS "decidedAt"
       FROM reservations.reservation_item WHERE reservation_id = ANY($1::uuid[]) ORDER BY day`,
      [reservationIds],
    );
    return rows.map(({ startsAt, endsAt, ...r }: ReservationItemRow & { startsAt: string | null; endsAt: string | null }) => ({ ...r, slot: slotOf({ startsAt, endsAt }) }));
  }
}
