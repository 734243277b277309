'use strict';
/**
 * The bench scenarios: each compares Guichet with a bare Fastify route doing the same work (the
 * baselines of the design's TARGETS.md). An entry:
 *   name         — chosen with `--scenario=<name>` / BENCH_SCENARIO
 *   description  — one line, printed with the results
 *   target       — the ratio TARGETS.md asks for (printed, not enforced)
 *   setup        — optional async ({ guichetUrl, databaseUrl, redisUrl }) => ctx, run once before the load
 *                  (e.g. create an account and log in); its result is passed to guichet()/baseline()
 *   guichet      — (ctx) => autocannon `requests` sent to Guichet (each client loops over them)
 *   baseline     — (ctx) => autocannon `requests` sent to the baseline server
 *   routes       — (app, deps) => registers the baseline route(s) on a bare Fastify instance;
 *                  deps.pg() is a pg Pool, deps.redis() an ioredis client (both made on first use)
 *   optional:
 *   volatile     — keys whose values may differ between the targets' probes (ids, numbers, instants)
 *   countTransactions — true: measure the transactions one request commits, on each target, before the load
 *   beforeLoad   — async (ctx, targetName) => void, before each load of a target (warm-up included)
 *   afterRun     — (ctx) => void, after the report
 *   connections  — default number of connections
 * The first request of each list is sent once to both before the load: same status and same JSON body
 * (but for the `volatile` keys), or the run stops.
 */
const lib = require('./lib');
const { setupBooking, openDays, Walker, childDaySlots, bookingRoute, addDays, isoWeekday, schoolYearOf, easterSunday } = require('./booking');

const HEALTH_BODY = { status: 'ok', database: { status: 'up' }, queue: { status: 'up', backend: 'redis' } };
const RESERVATION_VOLATILE = ['id', 'number', 'createdAt', 'childId', 'serviceId', 'periodId'];
const YEAR_WEEKDAYS = [1, 2, 4, 5];

/**
 * A zone B school calendar for the school year starting in September of `year`, in the ministry's CSV
 * format (the dates are made up in the usual shape — two weeks from a Saturday — not the official ones):
 * Toussaint, Noël, hiver, printemps, pont de l'Ascension, été (`summer`: its first day).
 */
function schoolCalendar(year) {
  const saturdayFrom = (date) => addDays(date, (13 - isoWeekday(date)) % 7);
  const easter = easterSunday(year + 1);
  const spans = [
    ['Vacances de la Toussaint', saturdayFrom(`${year}-10-17`), 16],
    ['Vacances de Noël', saturdayFrom(`${year}-12-17`), 16],
    ["Vacances d'Hiver", saturdayFrom(`${year + 1}-02-12`), 16],
    ['Vacances de Printemps', saturdayFrom(`${year + 1}-04-08`), 16],
    ["Pont de l'Ascension", addDays(easter, 39), 4],
    ["Vacances d'Été", saturdayFrom(`${year + 1}-07-04`), null],
  ];
  const lines = spans.map(([label, start, days]) => `${label};Élèves;${start};${days ? addDays(start, days) : `${year + 1}-09-01`};Zone B;${year}-${year + 1}`);
  return { csv: ['Description;Population;Date de début;Date de fin;Zones;annee_scolaire', ...lines].join('\n'), summer: spans[5][1] };
}

const scenarios = [
  {
    name: 'health',
    description: 'GET /health (SELECT 1 + Redis PING), unauthenticated',
    target: 'guichet/baseline ≥ 0.8 req/s',
    guichet: () => [{ method: 'GET', path: '/health' }],
    baseline: () => [{ method: 'GET', path: '/health' }],
    routes(app, deps) {
      const pool = deps.pg();
      const redis = deps.redis();
      app.get('/health', async () => {
        await Promise.all([pool.query('SELECT 1'), redis.ping()]);
        return HEALTH_BODY;
      });
    },
  },
  {
    name: 'book-day',
    description: 'POST /api/reservations, a guardian books one day for one child (or cancels it, on the next pass)',
    target: 'guichet/baseline ≥ 0.5 req/s, p99 < 50 ms at 50 connections',
    volatile: RESERVATION_VOLATILE,
    countTransactions: true,
    async setup(env) {
      const today = new Date().toISOString().slice(0, 10);
      const [startsOn, endsOn] = [addDays(today, 7), addDays(today, 97)];
      const ctx = await setupBooking(env, {
        label: 'book-day',
        period: { startsOn, endsOn },
        schoolYears: [...new Set([schoolYearOf(startsOn), schoolYearOf(endsOn)])],
        children: lib.intOption('children', 60),
        services: lib.intOption('services', 10),
      });
      // few days, so that a run walks the slots several times: book, cancel, book…
      const days = (await openDays(ctx.api, ctx.targets.guichet)).slice(0, lib.intOption('days', 10));
      if ((await openDays(ctx.api, ctx.targets.baseline)).slice(0, days.length).join() !== days.join()) throw new Error('setup: the two targets do not open on the same days');
      for (const t of Object.values(ctx.targets)) t.walker = new Walker(childDaySlots(t.children, days), (slot, action) => batch(slot, action, { dates: [slot.day] }));
      console.error(`setup: ${days.length} open days × ${ctx.targets.guichet.children.length} children = ${ctx.targets.guichet.walker.slots.length} (child, day) slots per target`);
      return ctx;
    },
    guichet: (ctx) => ctx.targets.guichet.walker.requests(),
    baseline: (ctx) => ctx.targets.baseline.walker.requests(),
    beforeLoad: (ctx, name) => ctx.targets[name].walker.resync(ctx.pool),
    afterRun: walkerSummary,
    routes: bookingRoute,
  },
  {
    name: 'book-year',
    description: 'POST /api/reservations, a guardian books a school year by weekdays (Mon, Tue, Thu, Fri) for one child (or cancels it, on the next request)',
    target: 'one transaction per request; p99 < 100 ms',
    volatile: RESERVATION_VOLATILE,
    countTransactions: true,
    async setup(env) {
      const year = Number(schoolYearOf(new Date().toISOString().slice(0, 10)).slice(0, 4)) + 1; // the next school year: every day before its deadline
      const calendar = schoolCalendar(year);
      const ctx = await setupBooking(env, {
        label: 'book-year',
        period: { startsOn: `${year}-09-01`, endsOn: addDays(calendar.summer, -1) },
        schoolYears: [`${year}-${year + 1}`],
        children: lib.intOption('children', 60),
        services: lib.intOption('services', 20),
        schoolCalendarCsv: calendar.csv,
      });
      const counts = [];
      for (const t of Object.values(ctx.targets)) {
        const child = t.children[0];
        counts.push((await ctx.api('POST', '/api/reservations/preview', { authorization: `Bearer ${child.token}` }, batch(child, 'book', { weekdays: YEAR_WEEKDAYS }), 200)).items.length);
        t.walker = new Walker(t.children, (slot, action) => batch(slot, action, { weekdays: YEAR_WEEKDAYS }));
      }
      if (counts[0] !== counts[1]) throw new Error(`setup: the two targets do not open on the same days (${counts.join(' ≠ ')})`);
      console.error(`setup: school year ${year}-${year + 1}, period ${year}-09-01 – ${addDays(calendar.summer, -1)}: ${counts[0]} days per request (zone B holidays imported)`);
      return ctx;
    },
    guichet: (ctx) => ctx.targets.guichet.walker.requests(),
    baseline: (ctx) => ctx.targets.baseline.walker.requests(),
    beforeLoad: (ctx, name) => ctx.targets[name].walker.resync(ctx.pool),
    afterRun: walkerSummary,
    routes: bookingRoute,
  },
];

/** The body of POST /api/reservations for a slot's child. */
function batch(slot, action, selection) {
  return { childId: slot.childId, serviceId: slot.catalogue.service.id, periodId: slot.catalogue.period.id, [action]: selection };
}

function walkerSummary(ctx) {
  for (const [name, t] of Object.entries(ctx.targets)) {
    const statuses = Object.entries(t.walker.statuses).map(([status, n]) => `${n} × ${status}`).join(', ');
    console.log(`${name}: ${t.walker.sent.book} bookings and ${t.walker.sent.cancel} cancellations sent (probes and warm-up included); answers: ${statuses}`);
  }
}

module.exports = { scenarios, byName: (name) => scenarios.find((s) => s.name === name) };
