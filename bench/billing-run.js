'use strict';
/**
 * The billing run (TARGETS.md: 50,000 families × 20 billable days, ≤ 2× one hand-written
 * INSERT … SELECT … GROUP BY producing the same invoices and lines).
 *
 * Seeds an office billing one canteen service: `--families` families of one child, each booked on the
 * 20 weekdays of November 2026 (billing's projection `billing.unit`, written directly: seeding is not
 * measured), three prices by family-quotient bracket, a quotient for two families in three (a tenth
 * of them changing mid-month). Then, alternating for `--rounds`:
 * - baseline: one SQL transaction, `INSERT … SELECT … GROUP BY` writing the same invoices and lines
 *   into copies of billing.invoice / invoice_line (schema bench_base), numbered and labelled;
 * - Guichet: `BillingRunService.run` (dist/, Nest application context, role api): due − billed,
 *   price check, gap-free numbers, invoices, lines, billed units (the trace that never bills a unit
 *   twice), family credit, one `billing.invoice.issued.v1` outbox event per invoice — one transaction.
 * Both results are compared (a hash of every line: family, child, service, unit price, quantity,
 * amount); Guichet's output is removed before the next round. Prints medians and the ratio.
 *
 *   npm run build && npm run bench:billing [-- --families=50000 --rounds=3 --profile --baseline-sql]
 * BENCH_BILLING_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/guichet_bench_billing, created
 * if missing and migrated), BENCH_REDIS_URL (default redis://127.0.0.1:6379).
 */
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { Client } = require('pg');
const lib = require('./lib');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist', 'src');
const families = lib.intOption('families', 50_000);
const rounds = lib.intOption('rounds', 3);
const profile = process.argv.includes('--profile');
const databaseUrl = lib.option('billing-database-url', 'postgres://postgres@127.0.0.1:5432/guichet_bench_billing');
const redisUrl = lib.option('redis-url', 'redis://127.0.0.1:6379');

const FROM = '2026-11-01';
const TO = '2026-11-30';
const OFFICE_CODE = 'BENCH';

/** The baseline: the same invoices and lines, written by one hand-written statement. */
const BASELINE_SQL = `
WITH priced AS (
  SELECT u.family_id, u.child_id, u.service_id, p.amount_cents AS price
  FROM billing.unit u
  JOIN billing.service_rule r ON r.service_id = u.service_id AND r.office_id = $1
  LEFT JOIN LATERAL (SELECT q.value FROM billing.family_quotient q WHERE q.family_id = u.family_id AND q.valid_from <= u.day
                     ORDER BY q.valid_from DESC LIMIT 1) q ON true
  JOIN billing.price p ON p.service_id = u.service_id AND p.valid_from <= u.day AND (p.valid_to IS NULL OR p.valid_to >= u.day)
   AND CASE WHEN q.value IS NULL THEN p.quotient_max IS NULL ELSE p.quotient_min <= q.value AND (p.quotient_max IS NULL OR q.value < p.quotient_max) END
  WHERE u.day BETWEEN $2 AND $3 AND u.booked),
lines AS (
  SELECT family_id, child_id, service_id, price, count(*) AS quantity, sum(price)::int AS amount FROM priced GROUP BY 1, 2, 3, 4),
invoices AS (
  SELECT gen_random_uuid() AS id, family_id, sum(amount)::int AS total, row_number() OVER (ORDER BY family_id)::int AS rank FROM lines GROUP BY family_id),
written AS (
  INSERT INTO bench_base.invoice (id, office_id, family_id, number, year, seq, label, period_from, period_to, issued_on, due_on, total_cents)
  SELECT id, $1, family_id, 'BASE-2026-' || lpad(rank::text, 6, '0'), 2026, rank, 'Bench — Novembre 2026', $2, $3, $3, $3::date + 30, total FROM invoices
  RETURNING id, family_id)
INSERT INTO bench_base.invoice_line (id, invoice_id, position, child_id, service_id, kind, label, quantity, unit_price_cents, amount_cents)
SELECT gen_random_uuid(), w.id, row_number() OVER (PARTITION BY w.id ORDER BY l.child_id, l.price), l.child_id, l.service_id, 'day', 'Restauration scolaire (jour)', l.quantity, l.price, l.amount
FROM lines l JOIN written w ON w.family_id = l.family_id`;

const HASH_SQL = (invoices, lines, where) => `
  SELECT count(*)::int AS lines, coalesce(sum(l.amount_cents), 0)::bigint AS total,
         md5(string_agg(concat_ws(':', i.family_id, l.child_id, l.service_id, l.unit_price_cents, l.quantity::int, l.amount_cents), ',' ORDER BY i.family_id, l.child_id, l.unit_price_cents)) AS hash
  FROM ${invoices} i JOIN ${lines} l ON l.invoice_id = i.id WHERE ${where}`;

async function ensureDatabase(url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** The office, its service and prices, the families' units and quotients — once per database and size. */
async function seed(db) {
  const [existing] = (await db.query(`SELECT o.id, (SELECT count(DISTINCT family_id)::int FROM billing.unit) AS families FROM billing.office o WHERE code = $1`, [OFFICE_CODE])).rows;
  if (existing && existing.families === families) return existing.id;
  const started = Date.now();
  await db.query('BEGIN');
  if (existing) {
    await resetGuichet(db, existing.id);
    await db.query(`DELETE FROM billing.price; DELETE FROM billing.service_rule; DELETE FROM billing.number_series; DELETE FROM billing.office`);
  }
  await db.query(`TRUNCATE billing.unit, billing.family_quotient`);
  const establishmentId = randomUUID();
  const serviceId = randomUUID();
  const [{ id: officeId }] = (
    await db.query(
      `INSERT INTO billing.office (code, name, establishment_ids, issuer) VALUES ($1, 'Régie bench', ARRAY[$2::uuid], '{"legalName":"Commune de Bench","address":"1 place de la Mairie, 60400 Bench"}') RETURNING id`,
      [OFFICE_CODE, establishmentId],
    )
  ).rows;
  await db.query(`INSERT INTO billing.service_rule (service_id, office_id, establishment_id, label, unit, basis) VALUES ($1, $2, $3, 'Restauration scolaire', 'day', 'booked')`, [serviceId, officeId, establishmentId]);
  await db.query(
    `INSERT INTO billing.price (service_id, quotient_min, quotient_max, amount_cents, valid_from, created_by)
     VALUES ($1, 0, 500, 120, '2026-09-01', $2), ($1, 500, 1000, 280, '2026-09-01', $2), ($1, 1000, NULL, 450, '2026-09-01', $2)`,
    [serviceId, randomUUID()],
  );
  // one child per family, the 20 weekdays of November 2026
  await db.query(
    `INSERT INTO billing.unit (child_id, service_id, day, family_id, establishment_id, booked)
     SELECT f.child_id, $1, d::date, f.family_id, $2, true
     FROM (SELECT gen_random_uuid() AS family_id, gen_random_uuid() AS child_id FROM generate_series(1, $3)) f
     CROSS JOIN generate_series('2026-11-02'::date, '2026-11-27'::date, '1 day') d
     WHERE extract(isodow FROM d) < 6`,
    [serviceId, establishmentId, families],
  );
  // two families in three have a quotient; one in ten of those changes bracket on the 16th
  await db.query(
    `INSERT INTO billing.family_quotient (family_id, valid_from, value)
     SELECT family_id, '2026-01-01'::date, (n * 37) % 1400 FROM (SELECT family_id, row_number() OVER (ORDER BY family_id) AS n FROM (SELECT DISTINCT family_id FROM billing.unit) u) f WHERE n % 3 <> 0
     UNION ALL
     SELECT family_id, '2026-11-16', ((n * 37) % 1400 + 600) % 1400 FROM (SELECT family_id, row_number() OVER (ORDER BY family_id) AS n FROM (SELECT DISTINCT family_id FROM billing.unit) u) f WHERE n % 3 <> 0 AND n % 10 = 1`,
  );
  await db.query('COMMIT');
  await db.query('VACUUM ANALYZE billing.unit, billing.family_quotient, billing.price, billing.service_rule');
  console.error(`seeded ${families} families × 20 days in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return officeId;
}

/** Removes what Guichet's run wrote, so that the next round bills everything again. */
async function resetGuichet(db, officeId) {
  await db.query(`TRUNCATE billing.billed_unit, billing.allocation, billing.reminder, billing.invoice_pdf, billing.invoice_line, billing.invoice, billing.run CASCADE`);
  await db.query(`DELETE FROM billing.number_series WHERE office_id = $1`, [officeId]);
  await db.query(`DELETE FROM platform.outbox_event WHERE type = 'billing.invoice.issued.v1'`);
}

async function resetBaseline(db) {
  await db.query(`CREATE SCHEMA IF NOT EXISTS bench_base`);
  await db.query(`DROP TABLE IF EXISTS bench_base.invoice_line, bench_base.invoice`);
  await db.query(`CREATE TABLE bench_base.invoice (LIKE billing.invoice INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
  await db.query(`CREATE TABLE bench_base.invoice_line (LIKE billing.invoice_line INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
  await db.query(`ALTER TABLE bench_base.invoice_line ADD FOREIGN KEY (invoice_id) REFERENCES bench_base.invoice (id)`);
}

async function timed(fn) {
  const started = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

/** Wraps the methods of the run's collaborators to time each step (--profile). */
function instrument(objects, steps) {
  for (const [label, object, methods] of objects) {
    for (const name of methods) {
      const original = object[name].bind(object);
      object[name] = async (...args) => {
        const started = process.hrtime.bigint();
        try {
          return await original(...args);
        } finally {
          const key = `${label}.${name}`;
          steps.set(key, (steps.get(key) ?? 0) + Number(process.hrtime.bigint() - started) / 1e6);
        }
      };
    }
  }
}

async function main() {
  if (process.argv.includes('--baseline-sql')) {
    console.log(BASELINE_SQL.trim());
    return;
  }
  let AppModule, loadConfig, BillingRunService, RunRepository, CreditService, EventPublisher;
  try {
    ({ AppModule } = require(path.join(DIST, 'app.module.js')));
    ({ loadConfig } = require(path.join(DIST, 'config', 'app-config.js')));
    ({ BillingRunService } = require(path.join(DIST, 'modules', 'billing', 'application', 'billing-run.service.js')));
    ({ RunRepository } = require(path.join(DIST, 'modules', 'billing', 'infrastructure', 'run.repository.js')));
    ({ CreditService } = require(path.join(DIST, 'modules', 'billing', 'application', 'credit.service.js')));
    ({ EventPublisher } = require(path.join(DIST, 'platform', 'events', 'index.js')));
  } catch (err) {
    console.error(`Build first (npm run build): ${err.message}`);
    process.exit(1);
  }
  const { runMigrations } = require(path.join(DIST, 'platform', 'database', 'migrate.js'));
  const { NestFactory } = require('@nestjs/core');

  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const officeId = await seed(db);

  const config = loadConfig({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: 'guichet-bench', LOG_LEVEL: 'warn', NODE_ENV: 'production' }, 'api');
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  await app.init();
  const runs = app.get(BillingRunService, { strict: false });
  const steps = new Map();
  if (profile) {
    instrument(
      [
        ['runs', app.get(RunRepository, { strict: false }), ['computeDue', 'missingPrices', 'computeInvoices', 'takeNumbers', 'record']],
        ['credits', app.get(CreditService, { strict: false }), ['useOnRun']],
        ['events', app.get(EventPublisher, { strict: false }), ['publishAll', 'publishFromQuery']],
      ],
      steps,
    );
  }
  const staffId = randomUUID();
  const times = { baseline: [], guichet: [] };
  let baselineHash;
  let guichetHash;
  try {
    for (let round = 1; round <= rounds; round++) {
      await resetBaseline(db);
      await resetGuichet(db, officeId);
      await db.query('VACUUM ANALYZE billing.unit');
      await db.query('CHECKPOINT');

      const base = await timed(async () => {
        await db.query('BEGIN');
        await db.query(BASELINE_SQL, [officeId, FROM, TO]);
        await db.query('COMMIT');
      });
      times.baseline.push(base.ms);
      baselineHash = (await db.query(HASH_SQL('bench_base.invoice', 'bench_base.invoice_line', 'true'))).rows[0];
      await db.query('CHECKPOINT');

      steps.clear();
      const guichet = await timed(() => runs.run(staffId, { officeId, from: FROM, to: TO, label: 'Novembre 2026', dryRun: false }, '2026-11-30'));
      times.guichet.push(guichet.ms);
      guichetHash = (await db.query(HASH_SQL('billing.invoice', 'billing.invoice_line', 'i.run_id = $1'), [guichet.result.runId])).rows[0];
      const events = (await db.query(`SELECT count(*)::int AS n FROM platform.outbox_event WHERE type = 'billing.invoice.issued.v1'`)).rows[0].n;
      console.error(
        `round ${round}: baseline ${(base.ms / 1000).toFixed(2)} s, Guichet ${(guichet.ms / 1000).toFixed(2)} s ` +
          `(${guichet.result.invoices} invoices, ${guichet.result.lines} lines, ${guichet.result.units} units, ${events} events)`,
      );
      if (profile) for (const [key, ms] of steps) console.error(`  ${key.padEnd(26)} ${(ms / 1000).toFixed(2)} s`);
      if (baselineHash.hash !== guichetHash.hash) {
        throw new Error(`the baseline and Guichet did not produce the same lines: baseline ${JSON.stringify(baselineHash)}, Guichet ${JSON.stringify(guichetHash)}`);
      }
    }
  } finally {
    await app.close();
    await db.end();
  }
  const [b, g] = [lib.median(times.baseline), lib.median(times.guichet)];
  console.log(`billing run, ${families} families × 20 days (${baselineHash.lines} lines, ${(Number(baselineHash.total) / 100).toFixed(2)} €), same lines (md5 ${baselineHash.hash}):`);
  console.log(`  baseline (INSERT … SELECT … GROUP BY)  median ${(b / 1000).toFixed(2)} s   [${times.baseline.map((t) => (t / 1000).toFixed(2)).join(', ')}]`);
  console.log(`  Guichet (BillingRunService.run)        median ${(g / 1000).toFixed(2)} s   [${times.guichet.map((t) => (t / 1000).toFixed(2)).join(', ')}]`);
  console.log(`  ratio Guichet / baseline: ${(g / b).toFixed(2)}× (target ≤ 2×)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
