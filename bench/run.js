'use strict';
/**
 * `npm run bench`: Guichet (built, role api) against a bare Fastify baseline doing the same work,
 * loaded in alternating rounds in the same run; prints medians and the ratio guichet/baseline.
 *
 * Options (argv `--name=value` or env BENCH_NAME):
 *   --scenario=health      one of bench/scenarios.js (`--scenario=list` lists them)
 *   --duration=6           seconds per round and target
 *   --rounds=3             measured rounds (each loads both targets)
 *   --warmup=2             seconds of untimed load per target before the rounds
 *   --connections=50
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/guichet_bench, created if missing),
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_VERBOSE=1 to show the servers' output.
 */
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');
const lib = require('./lib');
const { scenarios, byName } = require('./scenarios');

const ROOT = path.resolve(__dirname, '..');
const MAIN = path.join(ROOT, 'dist', 'src', 'main.js');

/** Creates the database of `url` if it does not exist (connecting to the server's `postgres` database). */
async function ensureDatabase(url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      console.error(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

/** Sends the first request of a list once; returns status and body text. */
async function probe(url, [req]) {
  const res = await fetch(url + req.path, { method: req.method ?? 'GET', headers: req.headers, body: req.body });
  return { status: res.status, body: await res.text() };
}

async function main() {
  const scenarioName = lib.option('scenario', 'health');
  if (scenarioName === 'list') {
    for (const s of scenarios) console.log(`${s.name.padEnd(12)} ${s.description}`);
    return;
  }
  const scenario = byName(scenarioName);
  if (!scenario) throw new Error(`unknown scenario "${scenarioName}" (known: ${scenarios.map((s) => s.name).join(', ')})`);
  if (!fs.existsSync(MAIN)) {
    console.error(`${path.relative(process.cwd(), MAIN)} not found: run \`npm run build\` first.`);
    process.exit(1);
  }
  const opts = {
    duration: lib.intOption('duration', 6),
    rounds: lib.intOption('rounds', 3),
    warmup: lib.intOption('warmup', 2),
    connections: lib.intOption('connections', 50),
  };
  const databaseUrl = lib.option('database-url', 'postgres://postgres@127.0.0.1:5432/guichet_bench');
  const redisUrl = lib.option('redis-url', 'redis://127.0.0.1:6379');
  await ensureDatabase(databaseUrl);

  const [guichetPort, baselinePort] = [await lib.freePort(), await lib.freePort()];
  const guichet = lib.startChild('guichet', [MAIN, 'api'], {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: 'guichet-bench',
    PORT: String(guichetPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  });
  const baseline = lib.startChild('baseline', [path.join(__dirname, 'baseline-server.js'), scenario.name], {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    PORT: String(baselinePort),
  });
  const guichetUrl = `http://127.0.0.1:${guichetPort}`;
  const baselineUrl = `http://127.0.0.1:${baselinePort}`;
  await Promise.all([lib.waitUntilReady(guichet, `${guichetUrl}/health`), lib.waitUntilReady(baseline, `${baselineUrl}/__ready`)]);

  const ctx = scenario.setup ? await scenario.setup({ guichetUrl, databaseUrl, redisUrl }) : {};
  const targets = [
    { name: 'baseline', url: baselineUrl, pid: baseline.pid, requests: scenario.baseline(ctx) },
    { name: 'guichet', url: guichetUrl, pid: guichet.pid, requests: scenario.guichet(ctx) },
  ];
  // Both must give the same answer, else the comparison means nothing.
  const [b, g] = await Promise.all(targets.map((t) => probe(t.url, t.requests)));
  if (b.status !== g.status || JSON.stringify(JSON.parse(b.body)) !== JSON.stringify(JSON.parse(g.body))) {
    throw new Error(`baseline and guichet answer differently:\n  baseline ${b.status} ${b.body}\n  guichet  ${g.status} ${g.body}`);
  }

  console.error(
    `scenario ${scenario.name}: ${scenario.description}\n` +
      `${opts.rounds} rounds × ${opts.duration} s per target (+${opts.warmup} s warm-up), ${opts.connections} connections`,
  );
  const stats = await lib.alternate(targets, opts);
  lib.report(`scenario ${scenario.name} — ${scenario.description} (target: ${scenario.target})`, stats, 'baseline');
}

main()
  .catch((e) => {
    console.error(e.message ?? e);
    process.exitCode = 1;
  })
  .finally(() => lib.stopChildren());
