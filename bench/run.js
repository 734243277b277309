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
 *   --connections=50       (or the scenario's own default)
 *   --count-transactions=0 skip counting the transactions of one request (scenarios that count them)
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/guichet_bench, created if missing),
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_VERBOSE=1 to show the servers' output,
 * BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to pass node options to both servers.
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

/**
 * Sends the first request of a list once; returns status and body text. A request built by
 * `setupRequest` is built the same way as autocannon builds it, and its answer given to `onResponse`.
 */
async function probe(url, [req]) {
  const context = {};
  const built = req.setupRequest ? req.setupRequest({ ...req, headers: { ...req.headers } }, context) : req;
  const res = await fetch(url + built.path, { method: built.method ?? 'GET', headers: built.headers, body: built.body });
  const body = await res.text();
  req.onResponse?.(res.status, body, context);
  return { status: res.status, body };
}

/**
 * The JSON a probe is compared on: the values of the `volatile` keys (ids, numbers, instants: they
 * differ between targets by nature) are replaced by their type, anywhere in the body.
 */
function comparable(text, volatile = []) {
  const keys = new Set(volatile);
  return JSON.stringify(JSON.parse(text), (key, value) => (keys.has(key) ? (value === null ? 'null' : typeof value) : value));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Transactions per request in the bench database, for each target in turn: pg_stat_database's
 * xact_commit + xact_rollback around `n` requests sent one after the other, minus the same count over
 * a window without requests (autovacuum and autoanalyze work after the setup's writes), divided by `n`.
 * A backend reports its counts when idle, but at most once a second, else up to 10 s later
 * (PGSTAT_IDLE_INTERVAL): hence 11 s of quiet before each read. Each read is a transaction itself,
 * counted by the next read.
 */
async function transactionsPerRequest(databaseUrl, targets, n = 20) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const read = async () =>
    Number((await client.query('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()')).rows[0].n);
  const counts = new Map();
  try {
    await sleep(11_000);
    let before = await read();
    for (const t of [{ name: 'no request' }, ...targets]) {
      for (let i = 0; t.url && i < n; i++) {
        const { status, body } = await probe(t.url, t.requests);
        if (status >= 300) throw new Error(`${t.name}: a request counting transactions answered ${status} ${body}`);
      }
      await sleep(11_000);
      const after = await read();
      counts.set(t.name, after - before);
      before = after;
    }
    const idle = counts.get('no request');
    return targets.map((t) => ({ name: t.name, perRequest: (counts.get(t.name) - idle) / n, total: counts.get(t.name), idle, requests: n }));
  } finally {
    await client.end();
  }
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
    connections: lib.intOption('connections', scenario.connections ?? 50),
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
  if (scenario.beforeLoad) for (const t of targets) t.beforeLoad = () => scenario.beforeLoad(ctx, t.name);
  // Both must give the same answer, else the comparison means nothing.
  const [b, g] = await Promise.all(targets.map((t) => probe(t.url, t.requests)));
  if (b.status !== g.status || comparable(b.body, scenario.volatile) !== comparable(g.body, scenario.volatile)) {
    throw new Error(`baseline and guichet answer differently:\n  baseline ${b.status} ${b.body}\n  guichet  ${g.status} ${g.body}`);
  }
  if (scenario.volatile) console.error(`probe: both answer ${g.status} with the same body but for ${scenario.volatile.join(', ')}`);
  if (scenario.countTransactions && lib.option('count-transactions', '1') !== '0') {
    console.error('counting transactions per request on each target (pg_stat_database, ~45 s; --count-transactions=0 to skip)');
    for (const c of await transactionsPerRequest(databaseUrl, targets)) {
      console.error(`  ${c.name}: ${c.perRequest.toFixed(2)} transactions per request (${c.total} in a window with ${c.requests} requests, ${c.idle} in one without)`);
    }
  }

  console.error(
    `scenario ${scenario.name}: ${scenario.description}\n` +
      `${opts.rounds} rounds × ${opts.duration} s per target (+${opts.warmup} s warm-up), ${opts.connections} connections`,
  );
  const stats = await lib.alternate(targets, opts);
  lib.report(`scenario ${scenario.name} — ${scenario.description} (target: ${scenario.target})`, stats, 'baseline');
  scenario.afterRun?.(ctx);
}

main()
  .catch((e) => {
    console.error(e.message ?? e);
    process.exitCode = 1;
  })
  .finally(() => lib.stopChildren());
