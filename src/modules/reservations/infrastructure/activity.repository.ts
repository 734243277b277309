import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { ActivityGroup, GroupSettings } from '../domain/activity';
import { BookingContext } from './booking.repository';
import { CONTEXT_FROM, CONTEXT_JSON, withDates } from './catalogue.repository';

/** A group with how its places are used now. */
export interface GroupWithCounts extends ActivityGroup {
  /** places of confirmed registrations */
  confirmed: number;
  /** places held by registrations still within their hold time */
  held: number;
  /** places still counted in `taken` whose hold ran out (released by the next registration or the sweeper) */
  expired: number;
}

/** A group with its term (booking period), service and establishment. */
export interface GroupInTerm extends BookingContext {
  group: ActivityGroup;
}

export const GROUP_COLUMNS = `g.id, g.service_id AS "serviceId", g.period_id AS "periodId", g.label, g.min_age::int AS "minAge", g.max_age::int AS "maxAge",
  g.places, g.taken, g.price_cents AS "priceCents", to_char(g.starts_at, 'HH24:MI') AS "startsAt", to_char(g.ends_at, 'HH24:MI') AS "endsAt",
  ARRAY(SELECT to_char(se.day, 'YYYY-MM-DD') FROM reservations.activity_session se WHERE se.group_id = g.id ORDER BY se.day) AS sessions`;

const COUNTS = `LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE r.status = 'confirmed')::int AS confirmed,
           count(*) FILTER (WHERE r.status = 'held' AND r.hold_until >= now())::int AS held,
           count(*) FILTER (WHERE r.status = 'held' AND r.hold_until < now())::int AS expired
    FROM reservations.activity_place pl JOIN reservations.activity_registration r ON r.id = pl.registration_id
    WHERE pl.group_id = g.id AND pl.active) c ON true`;

/** reservations.activity_group and activity_session: the groups of the terms and their sessions. */
@Injectable()
export class ActivityRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async insertGroup(serviceId: string, periodId: string, g: GroupSettings): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO reservations.activity_group (service_id, period_id, label, min_age, max_age, places, price_cents, starts_at, ends_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [serviceId, periodId, g.label, g.minAge, g.maxAge, g.places, g.priceCents, g.startsAt, g.endsAt],
    );
    return row.id;
  }

  async updateGroup(id: string, g: GroupSettings): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE reservations.activity_group SET label = $2, min_age = $3, max_age = $4, places = $5, price_cents = $6, starts_at = $7, ends_at = $8 WHERE id = $1`,
      [id, g.label, g.minAge, g.maxAge, g.places, g.priceCents, g.startsAt, g.endsAt],
    );
  }

  /** Sets the days of a group's sessions (two statements). */
  async replaceSessions(groupId: string, days: string[]): Promise<void> {
    await this.txHost.tx.query(`DELETE FROM reservations.activity_session WHERE group_id = $1 AND NOT (day = ANY($2::date[]))`, [groupId, days]);
    await this.txHost.tx.query(
      `INSERT INTO reservations.activity_session (group_id, day) SELECT $1, d FROM unnest($2::date[]) AS d ON CONFLICT DO NOTHING`,
      [groupId, days],
    );
  }

  /** A group with its counts; `lock` locks its row (changes by staff, one at a time). */
  async group(id: string, lock = false): Promise<GroupWithCounts | undefined> {
    if (lock) await this.txHost.tx.query(`SELECT 1 FROM reservations.activity_group WHERE id = $1 FOR UPDATE`, [id]);
    const [row] = await this.txHost.tx.query(`SELECT ${GROUP_COLUMNS}, c.* FROM reservations.activity_group g ${COUNTS} WHERE g.id = $1`, [id]);
    return row;
  }

  async groupsOfPeriods(periodIds: string[]): Promise<GroupWithCounts[]> {
    if (!periodIds.length) return [];
    return this.txHost.tx.query(
      `SELECT ${GROUP_COLUMNS}, c.* FROM reservations.activity_group g ${COUNTS}
       WHERE g.period_id = ANY($1::uuid[]) ORDER BY g.period_id, g.min_age, g.label, g.id`,
      [periodIds],
    );
  }

  /** Groups with their term, service and establishment, in one query. */
  async groupsInTerms(groupIds: string[]): Promise<GroupInTerm[]> {
    if (!groupIds.length) return [];
    const rows: { ctx: GroupInTerm }[] = await this.txHost.tx.query(
      `SELECT row_to_json(x) AS ctx FROM (
         SELECT (SELECT row_to_json(gg) FROM (SELECT ${GROUP_COLUMNS}) gg) AS "group", ${CONTEXT_JSON}
         FROM reservations.activity_group g
         JOIN reservations.booking_period p ON p.id = g.period_id
         JOIN reservations.service s ON s.id = g.service_id
         JOIN reservations.establishment e ON e.id = s.establishment_id
         WHERE g.id = ANY($1::uuid[])) x`,
      [groupIds],
    );
    return rows.map((r) => withDates(r.ctx));
  }

  /** The terms whose days are not all past: periods of the term-activity services of open establishments. */
  async terms(today: string): Promise<BookingContext[]> {
    const rows: { ctx: BookingContext }[] = await this.txHost.tx.query(
      `SELECT row_to_json(x) AS ctx FROM (SELECT ${CONTEXT_JSON} FROM ${CONTEXT_FROM} WHERE s.kind = 'term-activity' AND s.active AND e.active AND p.ends_on >= $1) x`,
      [today],
    );
    const order = (c: BookingContext) => `${c.period.startsOn}|${c.service.label}|${c.period.label}|${c.period.id}`;
    return rows.map((r) => withDates(r.ctx)).sort((a, b) => order(a).localeCompare(order(b)));
  }
}
