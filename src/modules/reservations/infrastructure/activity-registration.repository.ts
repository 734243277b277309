import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { RegistrationStatus, ReleaseReason } from '../domain/activity';

export interface RegistrationRow {
  id: string;
  number: string;
  familyId: string;
  status: RegistrationStatus;
  holdUntil: Date;
  amountCents: number;
  paymentId: string | null;
  releaseReason: ReleaseReason | null;
  createdAt: Date;
  confirmedAt: Date | null;
  releasedAt: Date | null;
}

export interface PlaceRow {
  registrationId: string;
  groupId: string;
  childId: string;
  priceCents: number;
  active: boolean;
}

/** A place with what the guardian and staff read about it. */
export interface PlaceView extends PlaceRow {
  groupLabel: string;
  periodId: string;
  periodLabel: string;
  serviceId: string;
  serviceLabel: string;
  startsAt: string;
  endsAt: string;
  firstSession: string | null;
  lastSession: string | null;
  sessionCount: number;
}

/** An active place of a registration that still counts (confirmed, or held within its hold time). */
export interface ActivePlace {
  registrationId: string;
  number: string;
  status: 'held' | 'confirmed';
  familyId: string;
  childId: string;
  groupId: string;
  groupLabel: string;
  periodId: string;
}

const COLUMNS = `r.id, r.number, r.family_id AS "familyId", r.status, r.hold_until AS "holdUntil", r.amount_cents AS "amountCents",
  r.payment_id AS "paymentId", r.release_reason AS "releaseReason", r.created_at AS "createdAt", r.confirmed_at AS "confirmedAt", r.released_at AS "releasedAt"`;

/** reservations.activity_registration and activity_place; the places counter of activity_group. */
@Injectable()
export class ActivityRegistrationRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /**
   * Serializes the registrations of these children (transaction-level advisory locks, taken one by
   * one in id order): a child has one activity per term, checked and written under these locks.
   */
  async lockChildren(childIds: string[]): Promise<void> {
    for (const childId of [...new Set(childIds)].sort()) {
      await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('reservations.activity-child:' || $1, 0))`, [childId]);
    }
  }

  /**
   * Changes the places taken in a group by `delta` (negative: given back), in one atomic statement:
   * a place is taken only while `taken + delta <= places`. Returns false when the group is full.
   * Callers change several groups in group id order, so concurrent transactions queue instead of deadlocking.
   */
  async adjustTaken(groupId: string, delta: number): Promise<boolean> {
    // an UPDATE … RETURNING answers [rows, count]
    const [rows] = await this.txHost.tx.query(
      `UPDATE reservations.activity_group SET taken = taken + $2 WHERE id = $1 AND taken + $2 <= places RETURNING id`,
      [groupId, delta],
    );
    return rows.length > 0;
  }

  /**
   * Held registrations past their hold time that have a place in these groups, locked in id order.
   * It waits for the rows another transaction holds (the sweeper releasing them, a payment confirming
   * them) rather than skipping them: skipped, their places would still count as taken, and a child
   * would be told "complet" for a place being freed at that very moment. Rows no longer held once
   * the other transaction commits drop out (READ COMMITTED re-checks the condition).
   */
  async claimExpiredInGroups(groupIds: string[]): Promise<RegistrationRow[]> {
    return this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM reservations.activity_registration r
       WHERE r.status = 'held' AND r.hold_until < now()
         AND EXISTS (SELECT 1 FROM reservations.activity_place pl WHERE pl.registration_id = r.id AND pl.active AND pl.group_id = ANY($1::uuid[]))
       ORDER BY r.id FOR UPDATE OF r`,
      [groupIds],
    );
  }

  /** Held registrations past their hold time, oldest first, locked (SKIP LOCKED: several workers may sweep). */
  async claimExpired(limit: number): Promise<RegistrationRow[]> {
    return this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM reservations.activity_registration r
       WHERE r.status = 'held' AND r.hold_until < now() ORDER BY r.hold_until, r.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  /** A family's registrations among these ids, locked in id order (others' are left out). */
  async lockOfFamily(familyId: string, ids: string[]): Promise<RegistrationRow[]> {
    return this.txHost.tx.query(`SELECT ${COLUMNS} FROM reservations.activity_registration r WHERE r.id = ANY($1::uuid[]) AND r.family_id = $2 ORDER BY r.id FOR UPDATE`, [
      ids,
      familyId,
    ]);
  }

  async places(registrationIds: string[]): Promise<PlaceRow[]> {
    if (!registrationIds.length) return [];
    return this.txHost.tx.query(
      `SELECT registration_id AS "registrationId", group_id AS "groupId", child_id AS "childId", price_cents AS "priceCents", active
       FROM reservations.activity_place WHERE registration_id = ANY($1::uuid[]) ORDER BY registration_id, group_id, child_id`,
      [registrationIds],
    );
  }

  /**
   * The places that still count of these children: in these groups, or in other groups of these
   * terms (a child has one activity per term). Places of holds past their time do not count.
   */
  async activePlaces(childIds: string[], groupIds: string[], periodIds: string[]): Promise<ActivePlace[]> {
    return this.txHost.tx.query(
      `SELECT r.id AS "registrationId", r.number, r.status, r.family_id AS "familyId", pl.child_id AS "childId", pl.group_id AS "groupId",
              g.label AS "groupLabel", g.period_id AS "periodId"
       FROM reservations.activity_place pl
       JOIN reservations.activity_registration r ON r.id = pl.registration_id
       JOIN reservations.activity_group g ON g.id = pl.group_id
       WHERE pl.active AND pl.child_id = ANY($1::uuid[]) AND (pl.group_id = ANY($2::uuid[]) OR g.period_id = ANY($3::uuid[]))
         AND (r.status = 'confirmed' OR (r.status = 'held' AND r.hold_until >= now()))
       ORDER BY pl.child_id, g.period_id`,
      [childIds, groupIds, periodIds],
    );
  }

  async periodsOfGroups(groupIds: string[]): Promise<string[]> {
    const rows: { periodId: string }[] = await this.txHost.tx.query(`SELECT DISTINCT period_id AS "periodId" FROM reservations.activity_group WHERE id = ANY($1::uuid[])`, [groupIds]);
    return rows.map((r) => r.periodId);
  }

  /** A new registration, held for `holdMinutes`; with nothing to pay (`amountCents` 0), confirmed at once. */
  async insertRegistration(r: { familyId: string; amountCents: number; holdMinutes: number; createdBy: string }): Promise<RegistrationRow> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO reservations.activity_registration AS r (number, family_id, status, hold_until, amount_cents, created_by, confirmed_at)
       VALUES ('I' || to_char(now() AT TIME ZONE 'Europe/Paris', 'YYYY') || '-' || lpad(nextval('reservations.registration_number')::text, 6, '0'),
               $1, CASE WHEN $3::int = 0 THEN 'confirmed' ELSE 'held' END, now() + make_interval(mins => $2), $3, $4, CASE WHEN $3::int = 0 THEN now() END)
       RETURNING ${COLUMNS}`,
      [r.familyId, r.holdMinutes, r.amountCents, r.createdBy],
    );
    return row;
  }

  async insertPlaces(registrationId: string, places: { groupId: string; childId: string; priceCents: number }[]): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO reservations.activity_place (registration_id, group_id, child_id, price_cents)
       SELECT $1, g, c, p FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS u(g, c, p)`,
      [registrationId, places.map((p) => p.groupId), places.map((p) => p.childId), places.map((p) => p.priceCents)],
    );
  }

  async setPlacesActive(registrationIds: string[], active: boolean): Promise<void> {
    if (!registrationIds.length) return;
    await this.txHost.tx.query(`UPDATE reservations.activity_place SET active = $2 WHERE registration_id = ANY($1::uuid[])`, [registrationIds, active]);
  }

  /**
   * Releases the registrations that are still held (guarded); returns those released. The failed
   * payment's id is not kept: `payment_id` names only a payment that confirmed the registration or came too late.
   */
  async markReleased(ids: string[], reason: ReleaseReason): Promise<string[]> {
    if (!ids.length) return [];
    const [rows]: [{ id: string }[], number] = await this.txHost.tx.query(
      `UPDATE reservations.activity_registration SET status = 'released', release_reason = $2, released_at = now()
       WHERE id = ANY($1::uuid[]) AND status = 'held' RETURNING id`,
      [ids, reason],
    );
    return rows.map((r) => r.id);
  }

  /** Confirms a registration by a payment, from the status given only (guarded). */
  async markConfirmed(id: string, paymentId: string, from: 'held' | 'released'): Promise<boolean> {
    const [rows] = await this.txHost.tx.query(
      `UPDATE reservations.activity_registration SET status = 'confirmed', payment_id = $2, confirmed_at = now(), released_at = NULL, release_reason = NULL
       WHERE id = $1 AND status = $3 RETURNING id`,
      [id, paymentId, from],
    );
    return rows.length > 0;
  }

  /** A released registration whose payment came too late: it stays released, the payment is recorded (to be given back). */
  async markPaidTooLate(id: string, paymentId: string): Promise<boolean> {
    const [rows] = await this.txHost.tx.query(
      `UPDATE reservations.activity_registration SET release_reason = 'payment-too-late', payment_id = $2 WHERE id = $1 AND status = 'released' RETURNING id`,
      [id, paymentId],
    );
    return rows.length > 0;
  }

  /** One registration of a family (undefined for another family's); any family's with `familyId` null (staff). */
  async one(familyId: string | null, id: string): Promise<RegistrationRow | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT ${COLUMNS} FROM reservations.activity_registration r WHERE r.id = $1 AND ($2::uuid IS NULL OR r.family_id = $2)`, [id, familyId]);
    return row;
  }

  async ofFamily(familyId: string, limit: number, offset: number): Promise<RegistrationRow[]> {
    return this.txHost.tx.query(
      `SELECT ${COLUMNS} FROM reservations.activity_registration r WHERE r.family_id = $1 ORDER BY r.created_at DESC, r.number DESC LIMIT $2 OFFSET $3`,
      [familyId, limit, offset],
    );
  }

  /** The places of registrations with their group, term and sessions. */
  async placeViews(registrationIds: string[]): Promise<PlaceView[]> {
    if (!registrationIds.length) return [];
    return this.txHost.tx.query(
      `SELECT pl.registration_id AS "registrationId", pl.group_id AS "groupId", pl.child_id AS "childId", pl.price_cents AS "priceCents", pl.active,
              g.label AS "groupLabel", g.period_id AS "periodId", p.label AS "periodLabel", g.service_id AS "serviceId", s.label AS "serviceLabel",
              to_char(g.starts_at, 'HH24:MI') AS "startsAt", to_char(g.ends_at, 'HH24:MI') AS "endsAt",
              to_char(se.first, 'YYYY-MM-DD') AS "firstSession", to_char(se.last, 'YYYY-MM-DD') AS "lastSession", se.n AS "sessionCount"
       FROM reservations.activity_place pl
       JOIN reservations.activity_group g ON g.id = pl.group_id
       JOIN reservations.booking_period p ON p.id = g.period_id
       JOIN reservations.service s ON s.id = g.service_id
       LEFT JOIN LATERAL (SELECT min(day) AS first, max(day) AS last, count(*)::int AS n FROM reservations.activity_session WHERE group_id = g.id) se ON true
       WHERE pl.registration_id = ANY($1::uuid[])
       ORDER BY pl.registration_id, p.starts_on, g.label, pl.child_id`,
      [registrationIds],
    );
  }

  /** Staff: the registrations of a group (each with the place of its child), newest first. */
  async ofGroup(groupId: string, status: RegistrationStatus | undefined, limit: number, offset: number): Promise<(RegistrationRow & { childId: string; priceCents: number; active: boolean })[]> {
    return this.txHost.tx.query(
      `SELECT ${COLUMNS}, pl.child_id AS "childId", pl.price_cents AS "priceCents", pl.active
       FROM reservations.activity_place pl JOIN reservations.activity_registration r ON r.id = pl.registration_id
       WHERE pl.group_id = $1 AND ($2::text IS NULL OR r.status = $2)
       ORDER BY r.created_at DESC, r.id, pl.child_id LIMIT $3 OFFSET $4`,
      [groupId, status ?? null, limit, offset],
    );
  }
}
