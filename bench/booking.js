'use strict';
/**
 * The booking scenarios of bench/scenarios.js (`book-day`, `book-year`):
 * - `setupBooking`: set up through Guichet's own API — staff create the establishment, service and
 *   booking period (and import the school calendar), staff create the families, the guardians complete
 *   their files and enrol their children — with direct SQL only where there is no API (accounts and
 *   sessions, as test/factories/*.ts do). Every run makes new names: the database may keep earlier runs.
 *   Each target gets its own establishment, service, period and children, built the same way.
 * - `Walker`: the autocannon requests. Each request takes the next free slot (a child and a day, or a
 *   child and the whole year) and books it if it is free, cancels it if it is booked: every request is a
 *   real write (a day already booked would be a 422 "nothing to do"). Both targets walk their own slots
 *   in the same order, from the same state (nothing booked).
 * - `bookingRoute`: the baseline, POST /api/reservations on a bare Fastify: the statements Guichet runs
 *   for that request (read from src/modules/reservations and captured with log_statement=all, see
 *   bench/README.md), sent through `pg` in one transaction, with the session lookup inside it; the
 *   JavaScript around them is the least that gives the same answer for these requests (day-unit
 *   services, days before the deadline, no waiting list). BENCH_BASELINE_SQL=original runs the
 *   statements Guichet ran before it merged them (see `book`).
 */
const { createHash, randomBytes, randomUUID } = require('node:crypto');
const { Pool } = require('pg');

/**
 * Which of Guichet's statement lists the baseline runs (env BENCH_BASELINE_SQL): `merged` (default) the
 * statements Guichet runs since commit 0f9ef70 (8 round trips with BEGIN and COMMIT), `original` those it
 * ran before (12 round trips: the period, the enrolment lock, the calendar, the bookings, the
 * reservation, its items and the bookings each on its own).
 */
const BASELINE_SQL = process.env.BENCH_BASELINE_SQL || 'merged';
if (!['merged', 'original'].includes(BASELINE_SQL)) throw new Error(`BENCH_BASELINE_SQL must be merged or original, not ${BASELINE_SQL}`);

const DAY_MS = 86_400_000;
const toUtc = (date) => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date, n) => fromUtc(toUtc(date) + n * DAY_MS);
const isoWeekday = (date) => ((new Date(toUtc(date)).getUTCDay() + 6) % 7) + 1;
const schoolYearOf = (date) => {
  const y = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 9 ? y : y - 1;
  return `${start}-${start + 1}`;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const hex = (n) => randomBytes(n).toString('hex');
const hashToken = (token) => createHash('sha256').update(token, 'utf8').digest();

// ---------------------------------------------------------------------------------------------
// Setup through the API

function apiClient(base) {
  return async function api(method, path, headers, body, expected) {
    const isText = typeof body === 'string';
    const res = await fetch(base + path, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': isText ? 'text/csv' : 'application/json' }) },
      body: body === undefined ? undefined : isText ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`setup: ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

const bearer = (token) => ({ authorization: `Bearer ${token}` });

/** A live session of a new account (no API creates one without a password or an e-mail round trip). */
async function insertSession(pool, accountId) {
  const token = randomBytes(32).toString('base64url');
  await pool.query(`INSERT INTO identity.session (account_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '2 hours')`, [accountId, hashToken(token)]);
  return token;
}

async function staffSession(pool) {
  const { rows } = await pool.query(`INSERT INTO identity.account (email, role, display_name) VALUES ($1, 'staff', 'Bench staff') RETURNING id`, [`staff-${hex(6)}@bench.guichet.dev`]);
  return bearer(await insertSession(pool, rows[0].id));
}

/** A signed-in guardian: an account linked to the guardian on file, as an activation leaves it (test/factories/family.factory.ts guardianOf). */
async function guardianSession(pool, familyId, guardian) {
  const { rows } = await pool.query(
    `INSERT INTO identity.account (email, role, display_name, family_id, guardian_id, email_confirmed_at)
     VALUES ($1, 'guardian', $2, $3, $4, now()) RETURNING id`,
    [guardian.email, `${guardian.firstName} ${guardian.lastName}`, familyId, guardian.id],
  );
  await pool.query(`UPDATE family.guardian SET account_id = $2, activated_at = now() WHERE id = $1`, [guardian.id, rows[0].id]);
  return insertSession(pool, rows[0].id);
}

const consent = { accepted: true, version: 1 };
const uniqueMobile = () => `+3361${String(randomBytes(4).readUInt32BE() % 1e7).padStart(7, '0')}`;
const FIRST_NAMES = ['Léo', 'Inès', 'Jules', 'Lina'];

/** Staff create a family (two guardians, `n` children); its first guardian signs in, completes the files and enrols the children. */
async function enrolledFamily(api, pool, staff, catalogue, n, schoolYears) {
  const tag = hex(5);
  const guardians = [
    { lastName: 'Banc', firstName: 'Marie', email: `marie-${tag}@bench.guichet.dev`, mobile: uniqueMobile() },
    { lastName: 'Banc', firstName: 'Karim', email: `karim-${tag}@bench.guichet.dev`, mobile: uniqueMobile() },
  ];
  const family = await api('POST', '/api/staff/families', staff, {
    reference: `BENCH-${tag}`,
    guardians,
    children: Array.from({ length: n }, (_, i) => ({ lastName: 'Banc', firstName: FIRST_NAMES[i % FIRST_NAMES.length], birthDate: '2017-03-14' })),
  }, 201);
  const token = await guardianSession(pool, family.id, { ...guardians[0], id: family.guardians[0].id });
  const guardian = bearer(token);
  await api('PATCH', '/api/family/file', guardian, { address: { line1: '12 rue de Paris', postcode: '60400', city: 'Noyon' }, consent }, 200);
  for (const child of family.children) {
    await api('PATCH', `/api/family/children/${child.id}`, guardian, {
      sex: 'M',
      school: 'École Jules Ferry',
      className: 'CE2',
      diet: { kind: 'no-pork' },
      careplan: { hasPlan: false },
      doctor: { name: 'Dr Martin', phone: '03 44 00 00 00' },
      contacts: [{ lastName: 'Durand', firstName: 'Josette', relation: 'Grand-mère', phones: ['03 44 09 12 34'], emergency: true, pickup: true }],
      consent,
    }, 200);
    for (const schoolYear of schoolYears) {
      await api('POST', '/api/reservations/enrolments', guardian, { childId: child.id, serviceId: catalogue.service.id, schoolYear }, 201);
    }
  }
  return family.children.map((c) => ({ token, familyId: family.id, childId: c.id }));
}

/** Runs `fn` on each item, `width` at a time, keeping the order of the results. */
async function inParallel(items, width, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  }));
  return results;
}

/**
 * Sets up both targets the same way: per target `services` establishments (zone B), each with a
 * canteen (Mon, Tue, Thu, Fri) with room for every child and a booking period, and `children`
 * children (families of two, a family's children in the same canteen, families spread over the
 * canteens in turn) enrolled for `schoolYears`. The children are listed so that neighbours belong to
 * different families (and canteens). Returns { pool, api, staff, targets: { baseline, guichet } },
 * a target being { catalogues, children: [{ token, familyId, childId, catalogue }] }.
 */
async function setupBooking({ guichetUrl, databaseUrl }, { label, period, schoolYears, children, services = 1, schoolCalendarCsv }) {
  const pool = new Pool({ connectionString: databaseUrl, max: 4, allowExitOnIdle: true });
  const api = apiClient(guichetUrl);
  const staff = await staffSession(pool);
  if (schoolCalendarCsv) await api('POST', '/api/staff/school-holidays/import', staff, schoolCalendarCsv, 200);
  const tag = hex(4);
  const targets = {};
  const started = Date.now();
  for (const name of ['baseline', 'guichet']) {
    const catalogues = await inParallel(Array.from({ length: services }, (_, i) => i), 4, async (i) => {
      const establishment = await api('POST', '/api/staff/establishments', staff, { name: `Bench ${label} ${name} ${tag} ${i + 1}`, kind: 'school', holidayZone: 'B' }, 201);
      const service = await api('POST', `/api/staff/establishments/${establishment.id}/services`, staff, {
        kind: 'canteen',
        label: 'Restauration scolaire',
        unit: 'day',
        capacity: Math.max(100, children),
        weekdays: [1, 2, 4, 5],
      }, 201);
      const p = await api('POST', `/api/staff/services/${service.id}/periods`, staff, {
        label: `Bench ${label}`,
        opensAt: new Date(Date.now() - DAY_MS).toISOString(),
        deadline: { daysBefore: 2, at: '18:00' },
        ...period,
      }, 201);
      return { establishment, service, period: p };
    });
    const families = Array.from({ length: Math.ceil(children / 2) }, (_, i) => ({ size: Math.min(2, children - 2 * i), catalogue: catalogues[i % services] }));
    const kids = await inParallel(families, 4, async ({ size, catalogue }) =>
      (await enrolledFamily(api, pool, staff, catalogue, size, schoolYears)).map((child) => ({ ...child, catalogue })),
    );
    targets[name] = { catalogues, children: [0, 1].flatMap((i) => kids.filter((family) => family[i]).map((family) => family[i])) };
  }
  console.error(`setup: ${children} children in ${services} canteen(s) per target, enrolled through the API in ${((Date.now() - started) / 1000).toFixed(1)} s; the baseline runs Guichet's ${BASELINE_SQL} statements (BENCH_BASELINE_SQL)`);
  return { pool, api, staff, targets };
}

/** The days a guardian can book at once in a period, from Guichet's own calendar (GET /api/reservations/calendar). */
async function openDays(api, target) {
  const { token, childId, catalogue } = target.children[0];
  const q = new URLSearchParams({ childId, serviceId: catalogue.service.id, periodId: catalogue.period.id, from: catalogue.period.startsOn, to: catalogue.period.endsOn });
  const calendar = await api('GET', `/api/reservations/calendar?${q}`, bearer(token), undefined, 200);
  return calendar.days.filter((d) => d.status === 'open' && d.timing === 'immediate').map((d) => d.date);
}

// ---------------------------------------------------------------------------------------------
// The load: every request a real write

/**
 * Walks through slots — { token, familyId, childId, catalogue, day? } — in a fixed order: the next
 * slot without a request in flight is booked when free and cancelled when booked. A slot whose request
 * got no 201 (in flight when a load stopped, timed out, refused) stays out of the walk until `resync`
 * reads its state back. `body(slot, action)` makes the request's JSON body.
 */
class Walker {
  constructor(slots, body) {
    this.slots = slots.map((s) => ({ ...s, booked: false, pending: false }));
    this.body = body;
    this.cursor = 0;
    this.sent = { book: 0, cancel: 0 };
    /** answers by HTTP status */
    this.statuses = {};
  }

  next() {
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[this.cursor];
      this.cursor = (this.cursor + 1) % this.slots.length;
      if (!slot.pending) return slot;
    }
    throw new Error('every slot has a request in flight: set up more children');
  }

  /** autocannon `requests`: one entry, rebuilt for every request (setupRequest), its answer recorded (onResponse; context is per connection). */
  requests() {
    return [
      {
        method: 'POST',
        path: '/api/reservations',
        setupRequest: (req, context) => {
          const slot = this.next();
          const action = slot.booked ? 'cancel' : 'book';
          slot.pending = true;
          context.slot = slot;
          this.sent[action]++;
          req.headers = { ...req.headers, authorization: `Bearer ${slot.token}`, 'content-type': 'application/json' };
          req.body = JSON.stringify(this.body(slot, action));
          return req;
        },
        onResponse: (status, _body, context) => {
          const slot = context.slot;
          if (!slot) return;
          context.slot = undefined;
          this.statuses[status] = (this.statuses[status] ?? 0) + 1;
          if (status !== 201) return; // stays out of the walk until resync (and autocannon counts the non-2xx)
          slot.booked = !slot.booked;
          slot.pending = false;
        },
      },
    ];
  }

  /**
   * Reads back the slots left without an answer. Waits a second for requests still running, then
   * locks the children's enrolments (as a batch does, so it waits for batches still in their
   * transaction) and reads their confirmed bookings.
   */
  async resync(pool) {
    const unknown = this.slots.filter((s) => s.pending);
    if (!unknown.length) return 0;
    await sleep(1000);
    const childIds = [...new Set(unknown.map((s) => s.childId))];
    const client = await pool.connect();
    let rows;
    try {
      await client.query('BEGIN');
      await client.query(`SELECT 1 FROM reservations.enrolment WHERE child_id = ANY($1::uuid[]) ORDER BY child_id, service_id, school_year FOR UPDATE`, [childIds]);
      ({ rows } = await client.query(
        `SELECT child_id AS "childId", to_char(day, 'YYYY-MM-DD') AS day FROM reservations.booking WHERE child_id = ANY($1::uuid[]) AND status = 'confirmed'`,
        [childIds],
      ));
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const booked = new Set(rows.flatMap((r) => [`${r.childId}|${r.day}`, r.childId]));
    for (const slot of unknown) {
      slot.booked = booked.has(slot.day ? `${slot.childId}|${slot.day}` : slot.childId);
      slot.pending = false;
    }
    return unknown.length;
  }
}

/** (child, day) slots ordered so that requests close in the walk are for different children and different days: row j pairs child i with day (i + j) mod D. */
function childDaySlots(children, days) {
  const slots = [];
  for (let j = 0; j < days.length; j++) {
    children.forEach((child, i) => slots.push({ ...child, day: days[(i + j) % days.length] }));
  }
  return slots;
}

// ---------------------------------------------------------------------------------------------
// The baseline: Guichet's statements through pg, in one transaction

const ESTABLISHMENT_COLUMNS = `e.id, e.name, e.kind, e.address, e.time_zone AS "timeZone", e.holiday_zone AS "holidayZone",
  e.alsace_moselle AS "alsaceMoselle", e.active`;
const SERVICE_COLUMNS = `s.id, s.establishment_id AS "establishmentId", s.kind, s.label, s.unit, s.capacity,
  s.weekdays::int[] AS weekdays, to_char(s.opens_at, 'HH24:MI') AS "opensAt", to_char(s.closes_at, 'HH24:MI') AS "closesAt",
  s.slot_minutes::int AS "slotMinutes", s.follows_school_calendar AS "followsSchoolCalendar", s.waitlist, s.active`;
const PERIOD_COLUMNS = `p.id, p.service_id AS "serviceId", p.label, to_char(p.starts_on, 'YYYY-MM-DD') AS "startsOn",
  to_char(p.ends_on, 'YYYY-MM-DD') AS "endsOn", p.opens_at AS "opensAt", p.closes_at AS "closesAt", p.deadline, p.cutoff`;

const SQL = {
  session: `SELECT s.id AS session_id, a.id AS account_id, a.role, a.family_id, s.csrf_hash
         FROM identity.session s JOIN identity.account a ON a.id = s.account_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND a.disabled_at IS NULL`,
  context: `SELECT row_to_json(x) AS ctx FROM (
         SELECT (SELECT row_to_json(pp) FROM (SELECT ${PERIOD_COLUMNS}) pp) AS period,
                (SELECT row_to_json(ss) FROM (SELECT ${SERVICE_COLUMNS}) ss) AS service,
                (SELECT row_to_json(ee) FROM (SELECT ${ESTABLISHMENT_COLUMNS}) ee) AS establishment
         FROM reservations.booking_period p
         JOIN reservations.service s ON s.id = p.service_id
         JOIN reservations.establishment e ON e.id = s.establishment_id
         WHERE p.id = $1) x`,
  enrolledYears: `SELECT school_year AS "schoolYear" FROM reservations.enrolment WHERE child_id = $1 AND service_id = $2 AND family_id = $3 ORDER BY school_year FOR UPDATE`,
  calendarSpans: `SELECT 'closure' AS source, to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn", label
         FROM reservations.closure WHERE establishment_id = $1 AND (service_id IS NULL OR service_id = $2) AND ends_on >= $4 AND starts_on <= $5
       UNION ALL
       SELECT 'holiday', to_char(starts_on, 'YYYY-MM-DD'), to_char(ends_on, 'YYYY-MM-DD'), label
         FROM reservations.school_holiday WHERE zone = $3 AND ends_on >= $4 AND starts_on <= $5`,
  bookings: `SELECT to_char(day, 'YYYY-MM-DD') AS day, status, to_char(starts_at, 'HH24:MI') AS "startsAt", to_char(ends_at, 'HH24:MI') AS "endsAt", item_id AS "itemId"
       FROM reservations.booking WHERE child_id = $1 AND service_id = $2 AND day BETWEEN $3 AND $4 ORDER BY day FOR UPDATE`,
  release: `WITH k AS (SELECT d, s, count(*)::int AS n FROM unnest($2::date[], $3::smallint[]) AS u(d, s) GROUP BY d, s),
            locked AS MATERIALIZED (
              SELECT o.day, o.step, k.n FROM reservations.occupancy o JOIN k ON o.day = k.d AND o.step = k.s
              WHERE o.service_id = $1 ORDER BY o.day, o.step FOR UPDATE OF o)
       UPDATE reservations.occupancy o SET taken = o.taken - l.n FROM locked l
       WHERE o.service_id = $1 AND o.day = l.day AND o.step = l.step`,
  take: `INSERT INTO reservations.occupancy AS o (service_id, day, step, taken)
       SELECT $1, d, s, 1 FROM unnest($2::date[], $3::smallint[]) AS k(d, s) ORDER BY d, s
       ON CONFLICT (service_id, day, step) DO UPDATE SET taken = o.taken + 1 WHERE o.taken < $4
       RETURNING to_char(day, 'YYYY-MM-DD') AS day, step`,
  reservation: `INSERT INTO reservations.reservation (number, family_id, child_id, service_id, period_id, created_by, created_by_role)
       VALUES ('R' || to_char(now() AT TIME ZONE 'Europe/Paris', 'YYYY') || '-' || lpad(nextval('reservations.reservation_number')::text, 6, '0'), $1, $2, $3, $4, $5, $6)
       RETURNING id, number, created_at AS "createdAt"`,
  items: `INSERT INTO reservations.reservation_item (reservation_id, day, starts_at, ends_at, action, status, decided_at)
       SELECT $1, d, st, en, a, s, CASE WHEN s = 'accepted' THEN now() END
       FROM unnest($2::date[], $3::time[], $4::time[], $5::text[], $6::text[]) WITH ORDINALITY AS u(d, st, en, a, s, n) ORDER BY n
       RETURNING id`,
  upsertBookings: `INSERT INTO reservations.booking (family_id, child_id, service_id, day, starts_at, ends_at, status, item_id)
       SELECT $1, $2, $3, d, st, en, s, i FROM unnest($4::date[], $5::time[], $6::time[], $7::text[], $8::uuid[]) AS u(d, st, en, s, i)
       ON CONFLICT (child_id, service_id, day) DO UPDATE
         SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, status = EXCLUDED.status, item_id = EXCLUDED.item_id, updated_at = now()`,
  // Guichet's statements since it merged its reads and writes (commit 0f9ef70): 8 round trips instead of 12
  contextAndYears: `WITH years AS (
         SELECT school_year FROM reservations.enrolment WHERE child_id = $2 AND service_id = $3 AND family_id = $4 ORDER BY school_year FOR UPDATE)
       SELECT (SELECT row_to_json(x) FROM (
                 SELECT (SELECT row_to_json(pp) FROM (SELECT ${PERIOD_COLUMNS}) pp) AS period,
                        (SELECT row_to_json(ss) FROM (SELECT ${SERVICE_COLUMNS}) ss) AS service,
                        (SELECT row_to_json(ee) FROM (SELECT ${ESTABLISHMENT_COLUMNS}) ee) AS establishment
                 FROM reservations.booking_period p
                 JOIN reservations.service s ON s.id = p.service_id
                 JOIN reservations.establishment e ON e.id = s.establishment_id
                 WHERE p.id = $1) x) AS ctx,
              ARRAY(SELECT school_year FROM years ORDER BY school_year) AS years`,
  calendarAndBookings: `WITH spans AS (SELECT 'closure' AS source, to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn", label
         FROM reservations.closure WHERE establishment_id = $1 AND (service_id IS NULL OR service_id = $2) AND ends_on >= $4 AND starts_on <= $5
       UNION ALL
       SELECT 'holiday', to_char(starts_on, 'YYYY-MM-DD'), to_char(ends_on, 'YYYY-MM-DD'), label
         FROM reservations.school_holiday WHERE zone = $3 AND ends_on >= $4 AND starts_on <= $5),
            current AS (
              SELECT to_char(day, 'YYYY-MM-DD') AS day, status, to_char(starts_at, 'HH24:MI') AS "startsAt", to_char(ends_at, 'HH24:MI') AS "endsAt", item_id AS "itemId"
              FROM reservations.booking WHERE child_id = $6 AND service_id = $2 AND day BETWEEN $4 AND $5 ORDER BY day FOR UPDATE)
       SELECT (SELECT coalesce(json_agg(spans), '[]') FROM spans) AS spans,
              (SELECT coalesce(json_agg(current ORDER BY day), '[]') FROM current) AS current`,
  recordBatch: `WITH r AS (
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
  outbox: `INSERT INTO platform.outbox_event (id, type, version, aggregate_id, payload)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::jsonb[])`,
};

/** Easter Sunday (anonymous Gregorian algorithm). */
function easterSunday(year) {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return `${year}-${String(month).padStart(2, '0')}-${String(((h + l - 7 * m + 114) % 31) + 1).padStart(2, '0')}`;
}

/** French public holidays of a year (the ones Guichet closes on), with Alsace-Moselle's two more. */
function publicHolidays(year, alsaceMoselle) {
  const easter = easterSunday(year);
  const days = [`${year}-01-01`, addDays(easter, 1), `${year}-05-01`, `${year}-05-08`, addDays(easter, 39), addDays(easter, 50), `${year}-07-14`, `${year}-08-15`, `${year}-11-01`, `${year}-11-11`, `${year}-12-25`];
  if (alsaceMoselle) days.push(addDays(easter, -2), `${year}-12-26`);
  return new Set(days);
}

const wallClocks = new Map();
/** Now on an establishment's clock, `YYYY-MM-DDTHH:MM`. */
function wallClock(timeZone, now) {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    wallClocks.set(timeZone, format);
  }
  return format.format(now).replace(' ', 'T');
}

class Refusal extends Error {
  constructor(status, code, errors = []) {
    super(code);
    Object.assign(this, { status, code, errors });
  }
}

/** What the batch does: the same days and statuses as Guichet's planBatch for a day-unit service before the deadline. */
function plan(body, { period, service, establishment }, years, spans, current, now) {
  const holidaysByYear = new Map();
  const closed = (day) => {
    if (spans.some((s) => s.source === 'closure' && s.startsOn <= day && day <= s.endsOn)) return true;
    const year = Number(day.slice(0, 4));
    if (!holidaysByYear.has(year)) holidaysByYear.set(year, publicHolidays(year, establishment.alsaceMoselle));
    if (holidaysByYear.get(year).has(day)) return true;
    if (service.followsSchoolCalendar && spans.some((s) => s.source === 'holiday' && s.startsOn <= day && day <= s.endsOn)) return true;
    return !service.weekdays.includes(isoWeekday(day));
  };
  const nowMs = now.getTime();
  const windowOpen = nowMs >= Date.parse(period.opensAt) && !(period.closesAt && nowMs > Date.parse(period.closesAt));
  const clock = wallClock(establishment.timeZone, now);
  const deadline = period.deadline;
  const beforeDeadline = (day) =>
    windowOpen &&
    clock <= ('hoursBefore' in deadline ? new Date(toUtc(day) - deadline.hoursBefore * 3_600_000).toISOString().slice(0, 16) : `${addDays(day, -deadline.daysBefore)}T${deadline.at}`);
  const expand = (selection) => {
    if (selection.dates) return { days: [...new Set(selection.dates)].sort(), explicit: true };
    const from = selection.from && selection.from > period.startsOn ? selection.from : period.startsOn;
    const to = selection.to && selection.to < period.endsOn ? selection.to : period.endsOn;
    const weekdays = selection.weekdays?.length ? new Set(selection.weekdays) : undefined;
    const days = [];
    for (let ms = toUtc(from), end = toUtc(to); ms <= end; ms += DAY_MS) {
      const day = fromUtc(ms);
      if ((!weekdays || weekdays.has(isoWeekday(day))) && !closed(day)) days.push(day);
    }
    return { days, explicit: false };
  };
  const items = [];
  const errors = [];
  let skipped = 0;
  const outside = (day) => day < period.startsOn || day > period.endsOn;
  if (body.book) {
    const { days, explicit } = expand(body.book);
    for (const day of days) {
      const status = current.get(day)?.status;
      const fits = !outside(day) && !closed(day) && years.includes(schoolYearOf(day)) && beforeDeadline(day);
      if (fits && status !== 'confirmed' && status !== 'requested' && status !== 'waitlisted' && status !== 'cancel-requested') items.push({ day, action: 'book' });
      else if (explicit && !fits) errors.push({ field: 'book', message: `${day} : ne peut pas être réservé` });
      else skipped++;
    }
  }
  if (body.cancel) {
    const { days, explicit } = expand(body.cancel);
    for (const day of days) {
      const fits = !outside(day) && current.get(day)?.status === 'confirmed' && beforeDeadline(day);
      if (fits) items.push({ day, action: 'cancel' });
      else if (explicit) errors.push({ field: 'cancel', message: `${day} : ne peut pas être annulé` });
      else skipped++;
    }
  }
  if (errors.length) throw new Refusal(422, 'reservations.batch-rejected', errors);
  if (!items.length) throw new Refusal(422, 'reservations.nothing-to-do');
  items.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  return { items, skipped };
}

/** The days a batch touches, within its period (Guichet's requestedRange). */
function requestedRange(body, period) {
  const explicit = [...(body.book?.dates ?? []), ...(body.cancel?.dates ?? [])];
  const bounds = [body.book, body.cancel].filter((s) => s && !s.dates);
  let from = period.endsOn;
  let to = period.startsOn;
  for (const d of explicit) {
    if (d < from) from = d;
    if (d > to) to = d;
  }
  for (const s of bounds) {
    const f = s.from && s.from > period.startsOn ? s.from : period.startsOn;
    const t = s.to && s.to < period.endsOn ? s.to : period.endsOn;
    if (f < from) from = f;
    if (t > to) to = t;
  }
  if (from < period.startsOn) from = period.startsOn;
  if (to > period.endsOn) to = period.endsOn;
  return from <= to ? { from, to } : { from: period.startsOn, to: period.startsOn };
}

/** One batch, in one transaction on one connection. */
async function book(client, token, body, now) {
  const merged = BASELINE_SQL === 'merged';
  const [session] = (await client.query(SQL.session, [hashToken(token)])).rows;
  if (!session) throw new Refusal(401, 'auth.required');
  if (session.role !== 'guardian') throw new Refusal(403, 'auth.forbidden');
  const familyId = session.family_id;
  let ctx;
  let years;
  if (merged) {
    const [row] = (await client.query(SQL.contextAndYears, [body.periodId, body.childId, body.serviceId, familyId])).rows;
    [ctx, years] = [row.ctx, row.years];
  } else {
    ctx = (await client.query(SQL.context, [body.periodId])).rows[0]?.ctx;
  }
  if (!ctx || ctx.service.id !== body.serviceId) throw new Refusal(404, 'reservations.period-not-found');
  const { period, service, establishment } = ctx;
  if (service.unit !== 'day' || service.waitlist) throw new Refusal(501, 'bench.unsupported');
  if (!service.active || !establishment.active) throw new Refusal(409, 'reservations.service-closed');
  if (!merged) years = (await client.query(SQL.enrolledYears, [body.childId, service.id, familyId])).rows.map((r) => r.schoolYear);
  if (!years.length) throw new Refusal(422, 'reservations.not-enrolled');
  const { from, to } = requestedRange(body, period);
  let spans;
  let current;
  if (merged) {
    const [row] = (await client.query(SQL.calendarAndBookings, [establishment.id, service.id, establishment.holidayZone, from, to, body.childId])).rows;
    [spans, current] = [row.spans, new Map(row.current.map((b) => [b.day, b]))];
  } else {
    spans = (await client.query(SQL.calendarSpans, [establishment.id, service.id, establishment.holidayZone, from, to])).rows;
    current = new Map((await client.query(SQL.bookings, [body.childId, service.id, from, to])).rows.map((b) => [b.day, b]));
  }
  const { items, skipped } = plan(body, ctx, years, spans, current, now);

  const books = items.filter((i) => i.action === 'book').map((i) => i.day);
  const cancels = items.filter((i) => i.action === 'cancel').map((i) => i.day);
  if (cancels.length) await client.query(SQL.release, [service.id, cancels, cancels.map(() => 0)]);
  if (books.length) {
    const granted = (await client.query(SQL.take, [service.id, books, books.map(() => 0), service.capacity])).rows;
    if (granted.length < books.length) throw new Refusal(409, 'reservations.full');
  }
  const nulls = items.map(() => null);
  const [days, actions, accepted, next] = [items.map((i) => i.day), items.map((i) => i.action), items.map(() => 'accepted'), items.map((i) => (i.action === 'book' ? 'confirmed' : 'cancelled'))];
  let reservation;
  if (merged) {
    [reservation] = (await client.query(SQL.recordBatch, [familyId, body.childId, service.id, period.id, session.account_id, session.role, days, nulls, nulls, actions, accepted, next])).rows;
  } else {
    [reservation] = (await client.query(SQL.reservation, [familyId, body.childId, service.id, period.id, session.account_id, session.role])).rows;
    const itemIds = (await client.query(SQL.items, [reservation.id, days, nulls, nulls, actions, accepted])).rows.map((r) => r.id);
    await client.query(SQL.upsertBookings, [familyId, body.childId, service.id, days, nulls, nulls, next, itemIds]);
  }
  const facts = { reservationId: reservation.id, familyId, childId: body.childId, serviceId: service.id, establishmentId: establishment.id };
  const day = (date) => ({ date, startsAt: null, endsAt: null });
  const events = [];
  if (books.length) events.push({ type: 'reservations.booking.confirmed.v1', payload: { ...facts, unit: service.unit, days: books.map(day), via: 'immediate' } });
  if (cancels.length) events.push({ type: 'reservations.booking.cancelled.v1', payload: { ...facts, days: cancels.map(day), via: 'immediate' } });
  await client.query(SQL.outbox, [events.map(() => randomUUID()), events.map((e) => e.type), events.map(() => 1), events.map(() => reservation.id), events.map((e) => JSON.stringify(e.payload))]);

  const cancellation = !books.length;
  return {
    childId: body.childId,
    serviceId: service.id,
    serviceLabel: service.label,
    periodId: period.id,
    periodLabel: period.label,
    skipped,
    id: reservation.id,
    number: reservation.number,
    createdAt: reservation.createdAt,
    items: items.map((i) => ({ date: i.day, action: i.action, status: 'accepted', slot: null })),
    state: 'accepted',
    stateLabel: cancellation ? 'Annulation acceptée' : 'Acceptée',
  };
}

/** Baseline routes: POST /api/reservations (bearer token, JSON body as Guichet's). */
function bookingRoute(app, deps) {
  const pool = deps.pg();
  app.post('/api/reservations', async (request, reply) => {
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) return reply.code(401).send({ code: 'auth.required' });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const view = await book(client, header.slice(7), request.body, new Date());
      await client.query('COMMIT');
      return reply.code(201).send(view);
    } catch (e) {
      await client.query('ROLLBACK');
      if (e instanceof Refusal) return reply.code(e.status).send({ code: e.code, errors: e.errors });
      throw e;
    } finally {
      client.release();
    }
  });
}

module.exports = { setupBooking, openDays, Walker, childDaySlots, bookingRoute, addDays, isoWeekday, schoolYearOf, easterSunday };
