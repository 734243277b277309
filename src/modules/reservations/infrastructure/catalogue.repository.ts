import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { DateSpan } from '../domain/calendar';
import { BookingPeriod, Establishment, Service, ServiceSettings } from '../domain/catalogue';

export const ESTABLISHMENT_COLUMNS = `e.id, e.name, e.kind, e.address, e.time_zone AS "timeZone", e.holiday_zone AS "holidayZone",
  e.alsace_moselle AS "alsaceMoselle", e.active`;
export const SERVICE_COLUMNS = `s.id, s.establishment_id AS "establishmentId", s.kind, s.label, s.unit, s.capacity,
  s.weekdays::int[] AS weekdays, to_char(s.opens_at, 'HH24:MI') AS "opensAt", to_char(s.closes_at, 'HH24:MI') AS "closesAt",
  s.slot_minutes::int AS "slotMinutes", s.follows_school_calendar AS "followsSchoolCalendar", s.waitlist, s.active`;
export const PERIOD_COLUMNS = `p.id, p.service_id AS "serviceId", p.label, to_char(p.starts_on, 'YYYY-MM-DD') AS "startsOn",
  to_char(p.ends_on, 'YYYY-MM-DD') AS "endsOn", p.opens_at AS "opensAt", p.closes_at AS "closesAt", p.deadline, p.cutoff`;

/**
 * The closures (of establishment $1 or of its service $2) and the school holidays of zone $3 that touch
 * [$4, $5], as rows { source: 'closure' | 'holiday', startsOn, endsOn, label } (also a part of
 * BookingRepository.calendarAndBookings).
 */
export const CALENDAR_SPANS = `SELECT 'closure' AS source, to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn", label
         FROM reservations.closure WHERE establishment_id = $1 AND (service_id IS NULL OR service_id = $2) AND ends_on >= $4 AND starts_on <= $5
       UNION ALL
       SELECT 'holiday', to_char(starts_on, 'YYYY-MM-DD'), to_char(ends_on, 'YYYY-MM-DD'), label
         FROM reservations.school_holiday WHERE zone = $3 AND ends_on >= $4 AND starts_on <= $5`;

export type CalendarSpanRow = DateSpan & { source: 'closure' | 'holiday' };

export function spansOf(rows: CalendarSpanRow[]): { closures: DateSpan[]; schoolHolidays: DateSpan[] } {
  return { closures: rows.filter((r) => r.source === 'closure'), schoolHolidays: rows.filter((r) => r.source === 'holiday') };
}

/**
 * A period with its service and its establishment, as JSON columns (`period`, `service`,
 * `establishment`) of a query `FROM ${CONTEXT_FROM}`; read them back with `withDates`.
 */
export const CONTEXT_JSON = `(SELECT row_to_json(pp) FROM (SELECT ${PERIOD_COLUMNS}) pp) AS period,
  (SELECT row_to_json(ss) FROM (SELECT ${SERVICE_COLUMNS}) ss) AS service,
  (SELECT row_to_json(ee) FROM (SELECT ${ESTABLISHMENT_COLUMNS}) ee) AS establishment`;
export const CONTEXT_FROM = `reservations.booking_period p JOIN reservations.service s ON s.id = p.service_id JOIN reservations.establishment e ON e.id = s.establishment_id`;

/** JSON has no dates: the period's instants back to Date. */
export function withDates<T extends { period: { opensAt: Date; closesAt: Date | null } }>(ctx: T): T {
  ctx.period.opensAt = new Date(ctx.period.opensAt);
  ctx.period.closesAt = ctx.period.closesAt ? new Date(ctx.period.closesAt) : null;
  return ctx;
}

export interface Closure extends DateSpan {
  id: string;
  establishmentId: string;
  serviceId: string | null;
}

export interface SchoolHoliday extends DateSpan {
  id: string;
  zone: string;
  schoolYear: string;
}

/** reservations.establishment, service, booking_period, closure, school_holiday. */
@Injectable()
export class CatalogueRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async insertEstablishment(e: Omit<Establishment, 'id' | 'active'>): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO reservations.establishment (name, kind, address, time_zone, holiday_zone, alsace_moselle) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [e.name, e.kind, e.address, e.timeZone, e.holidayZone, e.alsaceMoselle],
    );
    return row.id;
  }

  async updateEstablishment(id: string, e: Omit<Establishment, 'id'>): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE reservations.establishment SET name = $2, kind = $3, address = $4, time_zone = $5, holiday_zone = $6, alsace_moselle = $7, active = $8, updated_at = now() WHERE id = $1`,
      [id, e.name, e.kind, e.address, e.timeZone, e.holidayZone, e.alsaceMoselle, e.active],
    );
  }

  async establishments(activeOnly: boolean): Promise<Establishment[]> {
    return this.txHost.tx.query(`SELECT ${ESTABLISHMENT_COLUMNS} FROM reservations.establishment e WHERE e.active OR NOT $1 ORDER BY e.name, e.id`, [activeOnly]);
  }

  async establishment(id: string, lock = false): Promise<Establishment | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT ${ESTABLISHMENT_COLUMNS} FROM reservations.establishment e WHERE e.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row;
  }

  async insertService(establishmentId: string, s: ServiceSettings): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO reservations.service (establishment_id, kind, label, unit, capacity, weekdays, opens_at, closes_at, slot_minutes, follows_school_calendar, waitlist, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [establishmentId, s.kind, s.label, s.unit, s.capacity, s.weekdays, s.opensAt, s.closesAt, s.slotMinutes, s.followsSchoolCalendar, s.waitlist, s.active],
    );
    return row.id;
  }

  async updateService(id: string, s: ServiceSettings): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE reservations.service SET kind = $2, label = $3, unit = $4, capacity = $5, weekdays = $6, opens_at = $7, closes_at = $8, slot_minutes = $9,
         follows_school_calendar = $10, waitlist = $11, active = $12, updated_at = now() WHERE id = $1`,
      [id, s.kind, s.label, s.unit, s.capacity, s.weekdays, s.opensAt, s.closesAt, s.slotMinutes, s.followsSchoolCalendar, s.waitlist, s.active],
    );
  }

  async services(establishmentId: string | undefined, activeOnly: boolean): Promise<Service[]> {
    return this.txHost.tx.query(
      `SELECT ${SERVICE_COLUMNS} FROM reservations.service s JOIN reservations.establishment e ON e.id = s.establishment_id
       WHERE ($1::uuid IS NULL OR s.establishment_id = $1) AND (NOT $2 OR (s.active AND e.active)) ORDER BY s.establishment_id, s.label, s.id`,
      [establishmentId ?? null, activeOnly],
    );
  }

  async service(id: string, lock = false): Promise<Service | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT ${SERVICE_COLUMNS} FROM reservations.service s WHERE s.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row;
  }

  async insertPeriod(serviceId: string, p: Omit<BookingPeriod, 'id' | 'serviceId'>, createdBy: string): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO reservations.booking_period (service_id, label, starts_on, ends_on, opens_at, closes_at, deadline, cutoff, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [serviceId, p.label, p.startsOn, p.endsOn, p.opensAt, p.closesAt, JSON.stringify(p.deadline), p.cutoff && JSON.stringify(p.cutoff), createdBy],
    );
    return row.id;
  }

  async updatePeriod(id: string, p: Omit<BookingPeriod, 'id' | 'serviceId'>): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE reservations.booking_period SET label = $2, starts_on = $3, ends_on = $4, opens_at = $5, closes_at = $6, deadline = $7, cutoff = $8, updated_at = now() WHERE id = $1`,
      [id, p.label, p.startsOn, p.endsOn, p.opensAt, p.closesAt, JSON.stringify(p.deadline), p.cutoff && JSON.stringify(p.cutoff)],
    );
  }

  /** Periods of a service (or of all services), those whose days are not all past first. */
  async periods(filter: { serviceId?: string; establishmentId?: string; current?: string }): Promise<BookingPeriod[]> {
    return this.txHost.tx.query(
      `SELECT ${PERIOD_COLUMNS} FROM reservations.booking_period p JOIN reservations.service s ON s.id = p.service_id
       WHERE ($1::uuid IS NULL OR p.service_id = $1) AND ($2::uuid IS NULL OR s.establishment_id = $2) AND ($3::date IS NULL OR p.ends_on >= $3)
       ORDER BY p.starts_on, p.label, p.id`,
      [filter.serviceId ?? null, filter.establishmentId ?? null, filter.current ?? null],
    );
  }

  async period(id: string): Promise<BookingPeriod | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT ${PERIOD_COLUMNS} FROM reservations.booking_period p WHERE p.id = $1`, [id]);
    return row;
  }

  async insertClosure(c: Omit<Closure, 'id'>, createdBy: string): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO reservations.closure (establishment_id, service_id, starts_on, ends_on, label, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [c.establishmentId, c.serviceId, c.startsOn, c.endsOn, c.label, createdBy],
    );
    return row.id;
  }

  async deleteClosure(establishmentId: string, id: string): Promise<boolean> {
    // TypeORM answers a DELETE with [rows, count]
    const [rows] = await this.txHost.tx.query(`DELETE FROM reservations.closure WHERE id = $1 AND establishment_id = $2 RETURNING id`, [id, establishmentId]);
    return rows.length > 0;
  }

  async closures(establishmentId: string, from?: string): Promise<Closure[]> {
    return this.txHost.tx.query(
      `SELECT id, establishment_id AS "establishmentId", service_id AS "serviceId", to_char(starts_on, 'YYYY-MM-DD') AS "startsOn",
              to_char(ends_on, 'YYYY-MM-DD') AS "endsOn", label
       FROM reservations.closure WHERE establishment_id = $1 AND ($2::date IS NULL OR ends_on >= $2) ORDER BY starts_on, id`,
      [establishmentId, from ?? null],
    );
  }

  /** Replaces a zone's holidays of the school years given (an import of the ministry's calendar). */
  async replaceSchoolHolidays(holidays: Omit<SchoolHoliday, 'id'>[]): Promise<void> {
    const keys = [...new Set(holidays.map((h) => `${h.zone}|${h.schoolYear}`))];
    await this.txHost.tx.query(
      `DELETE FROM reservations.school_holiday WHERE (zone || '|' || school_year) = ANY($1::text[])`,
      [keys],
    );
    await this.txHost.tx.query(
      `INSERT INTO reservations.school_holiday (zone, label, starts_on, ends_on, school_year)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::date[], $5::text[])`,
      [holidays.map((h) => h.zone), holidays.map((h) => h.label), holidays.map((h) => h.startsOn), holidays.map((h) => h.endsOn), holidays.map((h) => h.schoolYear)],
    );
  }

  async schoolHolidays(zone?: string, from?: string): Promise<SchoolHoliday[]> {
    return this.txHost.tx.query(
      `SELECT id, zone, label, to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn", school_year AS "schoolYear"
       FROM reservations.school_holiday WHERE ($1::text IS NULL OR zone = $1) AND ($2::date IS NULL OR ends_on >= $2) ORDER BY zone, starts_on`,
      [zone ?? null, from ?? null],
    );
  }

  /** The closures (of the establishment or of the service) and the zone's school holidays that touch [from, to]. */
  async calendarSpans(establishmentId: string, serviceId: string, zone: string, from: string, to: string): Promise<{ closures: DateSpan[]; schoolHolidays: DateSpan[] }> {
    const rows: CalendarSpanRow[] = await this.txHost.tx.query(CALENDAR_SPANS, [establishmentId, serviceId, zone, from, to]);
    return spansOf(rows);
  }
}
