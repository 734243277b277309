import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * reservations (issue 6): the catalogue (establishments, services, closures, school holidays),
 * enrolments, booking periods with their deadline rules, bookings with the batches ("réservations")
 * that made them, the occupancy counters that keep capacity, term activities (groups, sessions,
 * registrations held while the guardian pays) and attendance.
 * Families and children are referenced by id only (they live in the family schema).
 */
export class Reservations1764300000000 implements MigrationInterface {
  name = 'Reservations1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reservations.establishment (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name           text NOT NULL,
        kind           text NOT NULL CHECK (kind IN ('school', 'nursery', 'leisure-centre')),
        address        text,
        -- IANA zone: deadlines ("J-2 à 18:00") are read on this clock
        time_zone      text NOT NULL DEFAULT 'Europe/Paris',
        -- school-holiday zone of the ministry's calendar: A, B, C, Corse, …
        holiday_zone   text NOT NULL,
        -- Alsace-Moselle: Good Friday and 26 December are public holidays too
        alsace_moselle boolean NOT NULL DEFAULT false,
        active         boolean NOT NULL DEFAULT true,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz
      )`);
    await q.query(`
      CREATE TABLE reservations.service (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        establishment_id       uuid NOT NULL REFERENCES reservations.establishment (id),
        -- family's ServiceKind: what the family file must hold before enrolment
        kind                   text NOT NULL CHECK (kind IN ('canteen', 'after-school-morning', 'after-school-evening', 'wednesday-care', 'early-childhood', 'term-activity')),
        label                  text NOT NULL,
        -- what one booking is: a day, a half-day (booked per day, billed as a half-day), an hourly slot, a session of a term activity
        unit                   text NOT NULL CHECK (unit IN ('day', 'half-day', 'hourly-slot', 'session')),
        -- children at once: per day (day, half-day) or per time step (hourly-slot); term activities count places per group
        capacity               integer CHECK (capacity BETWEEN 1 AND 100000),
        -- ISO weekdays it opens (1 = Monday … 7 = Sunday)
        weekdays               smallint[] NOT NULL CHECK (cardinality(weekdays) BETWEEN 1 AND 7 AND weekdays <@ ARRAY[1,2,3,4,5,6,7]::smallint[]),
        opens_at               time,
        closes_at              time,
        -- hourly-slot: slots start and end on multiples of this many minutes; capacity is counted per step
        slot_minutes           smallint CHECK (slot_minutes IN (5, 10, 15, 20, 30, 60)),
        -- closed during the school holidays of the establishment's zone (canteen, after-school care)
        follows_school_calendar boolean NOT NULL DEFAULT true,
        -- a guardian may wait for a place on a full day
        waitlist               boolean NOT NULL DEFAULT false,
        active                 boolean NOT NULL DEFAULT true,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz,
        CHECK ((unit = 'session') = (kind = 'term-activity')),
        CHECK (unit = 'session' OR capacity IS NOT NULL),
        CHECK (unit <> 'hourly-slot' OR (opens_at IS NOT NULL AND closes_at IS NOT NULL AND slot_minutes IS NOT NULL)),
        CHECK (opens_at IS NULL OR closes_at IS NULL OR opens_at < closes_at)
      )`);
    await q.query(`CREATE INDEX service_establishment ON reservations.service (establishment_id)`);
    await q.query(`
      CREATE TABLE reservations.closure (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        establishment_id uuid NOT NULL REFERENCES reservations.establishment (id),
        -- NULL: the whole establishment
        service_id       uuid REFERENCES reservations.service (id),
        starts_on        date NOT NULL,
        ends_on          date NOT NULL CHECK (ends_on >= starts_on),
        label            text NOT NULL,
        created_by       uuid NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX closure_establishment ON reservations.closure (establishment_id, starts_on)`);
    await q.query(`
      CREATE TABLE reservations.school_holiday (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        zone        text NOT NULL,
        label       text NOT NULL,
        -- first and last day without school (inclusive)
        starts_on   date NOT NULL,
        ends_on     date NOT NULL CHECK (ends_on >= starts_on),
        school_year text NOT NULL CHECK (school_year ~ '^\\d{4}-\\d{4}$'),
        UNIQUE (zone, starts_on)
      )`);
    await q.query(`
      CREATE TABLE reservations.booking_period (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id uuid NOT NULL REFERENCES reservations.service (id),
        label      text NOT NULL,
        -- the days it lets families book
        starts_on  date NOT NULL,
        ends_on    date NOT NULL CHECK (ends_on >= starts_on AND ends_on - starts_on <= 400),
        -- when families may book (window); closes_at NULL = until the days themselves
        opens_at   timestamptz NOT NULL,
        closes_at  timestamptz CHECK (closes_at IS NULL OR closes_at > opens_at),
        -- "délai de prévenance": {"daysBefore":2,"at":"18:00"} or {"hoursBefore":72}; before it a change is accepted at once
        deadline   jsonb NOT NULL,
        -- past the deadline a change is a request to staff until this cut-off (same shape); NULL = the start of the day
        cutoff     jsonb,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz
      )`);
    await q.query(`CREATE INDEX booking_period_service ON reservations.booking_period (service_id, starts_on)`);
    await q.query(`
      CREATE TABLE reservations.enrolment (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id   uuid NOT NULL,
        child_id    uuid NOT NULL,
        service_id  uuid NOT NULL REFERENCES reservations.service (id),
        school_year text NOT NULL CHECK (school_year ~ '^\\d{4}-\\d{4}$'),
        enrolled_by uuid NOT NULL,
        -- guardian (from the portal) or staff
        enrolled_by_role text NOT NULL CHECK (enrolled_by_role IN ('guardian', 'staff', 'admin')),
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (child_id, service_id, school_year)
      )`);
    await q.query(`CREATE INDEX enrolment_family ON reservations.enrolment (family_id)`);
    await q.query(`CREATE SEQUENCE reservations.reservation_number`);
    await q.query(`CREATE SEQUENCE reservations.registration_number`);
    await q.query(`
      CREATE TABLE reservations.reservation (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- what the guardian reads and quotes: R2026-000123
        number          text NOT NULL UNIQUE,
        family_id       uuid NOT NULL,
        child_id        uuid NOT NULL,
        service_id      uuid NOT NULL REFERENCES reservations.service (id),
        period_id       uuid NOT NULL REFERENCES reservations.booking_period (id),
        created_by      uuid NOT NULL,
        created_by_role text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reservation_family ON reservations.reservation (family_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE reservations.reservation_item (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reservation_id uuid NOT NULL REFERENCES reservations.reservation (id),
        day            date NOT NULL,
        starts_at      time,
        ends_at        time,
        action         text NOT NULL CHECK (action IN ('book', 'cancel')),
        -- accepted (at once, by staff, or from the waiting list), pending (a request for staff), refused (by staff),
        -- waitlisted (full: waiting for a place), withdrawn (the guardian took a pending request back)
        status         text NOT NULL CHECK (status IN ('accepted', 'pending', 'refused', 'waitlisted', 'withdrawn')),
        decided_by     uuid,
        decided_at     timestamptz,
        -- why staff refused, as the guardian reads it
        reason         text,
        UNIQUE (reservation_id, day),
        CHECK (status <> 'refused' OR reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX reservation_item_pending ON reservations.reservation_item (day) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE reservations.booking (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id      uuid NOT NULL,
        child_id       uuid NOT NULL,
        service_id     uuid NOT NULL REFERENCES reservations.service (id),
        day            date NOT NULL,
        -- hourly-slot services: the slot
        starts_at      time,
        ends_at        time,
        -- confirmed; requested (after the deadline, for staff); cancel-requested (still booked until staff accept);
        -- waitlisted (no place taken); refused; cancelled. confirmed, requested and cancel-requested hold a place.
        status         text NOT NULL CHECK (status IN ('confirmed', 'requested', 'cancel-requested', 'waitlisted', 'refused', 'cancelled')),
        -- the item (of a reservation) that last changed it
        item_id        uuid NOT NULL REFERENCES reservations.reservation_item (id),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        UNIQUE (child_id, service_id, day),
        CHECK ((starts_at IS NULL) = (ends_at IS NULL) AND (starts_at IS NULL OR starts_at < ends_at))
      )`);
    await q.query(`CREATE INDEX booking_service_day ON reservations.booking (service_id, day) WHERE status IN ('confirmed', 'requested', 'cancel-requested', 'waitlisted')`);
    await q.query(`
      CREATE TABLE reservations.occupancy (
        service_id uuid NOT NULL,
        day        date NOT NULL,
        -- 0 for services booked by the day; for hourly slots, the index of the time step from midnight
        step       smallint NOT NULL,
        -- places held (confirmed, requested, cancel-requested bookings); taken ≤ capacity is kept by the writers
        taken      integer NOT NULL CHECK (taken >= 0),
        PRIMARY KEY (service_id, day, step)
      )`);
    await q.query(`
      CREATE TABLE reservations.activity_group (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id  uuid NOT NULL REFERENCES reservations.service (id),
        -- the term: its booking period (registration window and the days of the sessions)
        period_id   uuid NOT NULL REFERENCES reservations.booking_period (id),
        label       text NOT NULL,
        -- ages in whole years on the first session, inclusive: "7/11 ans"
        min_age     smallint NOT NULL CHECK (min_age BETWEEN 0 AND 25),
        max_age     smallint NOT NULL CHECK (max_age BETWEEN min_age AND 25),
        places      integer NOT NULL CHECK (places BETWEEN 1 AND 10000),
        -- places held or confirmed
        taken       integer NOT NULL DEFAULT 0 CHECK (taken >= 0 AND taken <= places),
        -- the term's price, paid at registration
        price_cents integer NOT NULL CHECK (price_cents BETWEEN 0 AND 10000000),
        starts_at   time NOT NULL,
        ends_at     time NOT NULL CHECK (ends_at > starts_at),
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX activity_group_period ON reservations.activity_group (period_id)`);
    await q.query(`
      CREATE TABLE reservations.activity_session (
        group_id uuid NOT NULL REFERENCES reservations.activity_group (id),
        day      date NOT NULL,
        PRIMARY KEY (group_id, day)
      )`);
    await q.query(`
      CREATE TABLE reservations.activity_registration (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- I2026-000045
        number         text NOT NULL UNIQUE,
        family_id      uuid NOT NULL,
        -- held while the guardian pays; confirmed by the payment; released (failed, abandoned, expired)
        status         text NOT NULL CHECK (status IN ('held', 'confirmed', 'released')),
        hold_until     timestamptz NOT NULL,
        amount_cents   integer NOT NULL CHECK (amount_cents >= 0),
        payment_id     text,
        release_reason text CHECK (release_reason IN ('payment-refused', 'payment-abandoned', 'expired', 'payment-too-late')),
        created_by     uuid NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        confirmed_at   timestamptz,
        released_at    timestamptz,
        CHECK ((status = 'released') = (released_at IS NOT NULL) AND (status = 'confirmed') = (confirmed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX activity_registration_family ON reservations.activity_registration (family_id, created_at DESC)`);
    await q.query(`CREATE INDEX activity_registration_held ON reservations.activity_registration (hold_until) WHERE status = 'held'`);
    await q.query(`
      CREATE TABLE reservations.activity_place (
        registration_id uuid NOT NULL REFERENCES reservations.activity_registration (id),
        group_id        uuid NOT NULL REFERENCES reservations.activity_group (id),
        child_id        uuid NOT NULL,
        price_cents     integer NOT NULL CHECK (price_cents >= 0),
        -- false once its registration is released
        active          boolean NOT NULL DEFAULT true,
        PRIMARY KEY (registration_id, group_id, child_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX activity_place_child_once ON reservations.activity_place (group_id, child_id) WHERE active`);
    await q.query(`
      CREATE TABLE reservations.attendance (
        service_id  uuid NOT NULL REFERENCES reservations.service (id),
        day         date NOT NULL,
        child_id    uuid NOT NULL,
        family_id   uuid NOT NULL,
        -- present; absent; excused (an absence excused with a proof: not billed)
        status      text NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
        -- whether the child was expected (booked or registered): an unbooked presence may be surcharged
        booked      boolean NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (service_id, day, child_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE reservations.attendance, reservations.activity_place, reservations.activity_registration,
        reservations.activity_session, reservations.activity_group, reservations.occupancy, reservations.booking,
        reservations.reservation_item, reservations.reservation, reservations.enrolment, reservations.booking_period,
        reservations.school_holiday, reservations.closure, reservations.service, reservations.establishment`);
    await q.query(`DROP SEQUENCE reservations.reservation_number, reservations.registration_number`);
  }
}
