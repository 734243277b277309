'use strict';
/**
 * Shared plumbing of the bench scripts: options, child servers, alternating autocannon rounds, report.
 * Plain CommonJS, no build step.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const autocannon = require('autocannon');

/** Reads `--name=value` from argv, else BENCH_<NAME> from env, else the default. */
function option(name, fallback) {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  if (flag) return flag.slice(name.length + 3);
  const env = process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  return env !== undefined && env !== '' ? env : fallback;
}

function intOption(name, fallback) {
  const value = Number(option(name, String(fallback)));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

/** The Fastify that @nestjs/platform-fastify uses (may differ from the top-level one), so baselines run the same code. */
function requireFastify() {
  try {
    const adapterDir = path.dirname(require.resolve('@nestjs/platform-fastify/package.json'));
    return require(require.resolve('fastify', { paths: [adapterDir] }));
  } catch {
    return require('fastify');
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const children = new Set();

/**
 * Starts a server as a child process; keeps the tail of its output to show if it fails.
 * BENCH_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) are passed to node before the script.
 */
function startChild(label, args, env) {
  installCleanup();
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.label = label;
  child.output = '';
  const keep = (chunk) => {
    child.output = (child.output + chunk).slice(-4000);
    if (process.env.BENCH_VERBOSE) process.stderr.write(`[${label}] ${chunk}`);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  children.add(child);
  child.exited.then(() => children.delete(child));
  return child;
}

/** SIGTERM every child still running (SIGKILL after 5 s); called on exit and on SIGINT/SIGTERM. */
async function stopChildren() {
  await Promise.all(
    [...children].map(async (child) => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await child.exited;
      clearTimeout(timer);
    }),
  );
}

let cleanupInstalled = false;
/** Installed by the first startChild (not on require: the servers themselves require this file). */
function installCleanup() {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the servers`);
      stopChildren().finally(() => process.exit(130));
    });
  }
}

/** Polls `url` until it answers 200 (then returns the parsed JSON body), the child exits, or the timeout passes. */
async function waitUntilReady(child, url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.exited.then(() => (exited = true));
  let last = '';
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${child.label} exited before answering:\n${child.output}`);
    try {
      const res = await fetch(url);
      const text = await res.text();
      if (res.status === 200) return JSON.parse(text);
      last = `${res.status} ${text}`;
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${child.label} did not answer 200 on ${url} within ${timeoutMs} ms (last: ${last}):\n${child.output}`);
}

function load(target, { duration, connections }) {
  return autocannon({ url: target.url, requests: target.requests, connections, duration });
}

/** CPU time (user + system, ms) used so far by process `pid`, from /proc (Linux); undefined elsewhere. */
function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux we run on (`getconf CLK_TCK`)

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Loads each target in turn, round after round (the order rotates every round so no target is always
 * first), after one untimed warm-up each. Returns per target: req/s, p99 and server CPU µs per request of every round.
 * target = { name, url, requests?: autocannon requests, pid?: server process (to measure its CPU per request),
 *            beforeLoad?: async () => void, run before each load (e.g. read back the state the previous load left) }
 */
async function alternate(targets, { duration, connections, rounds, warmup }) {
  const stats = new Map(targets.map((t) => [t.name, { rps: [], p99: [], cpuUs: [], bad: 0 }]));
  for (const t of targets) {
    await t.beforeLoad?.();
    await load(t, { duration: warmup, connections });
  }
  for (let round = 0; round < rounds; round++) {
    const order = targets.map((_, i) => targets[(i + round) % targets.length]);
    for (const t of order) {
      await t.beforeLoad?.();
      const cpuBefore = cpuMs(t.pid);
      const r = await load(t, { duration, connections });
      const cpu = cpuMs(t.pid) - cpuBefore;
      const s = stats.get(t.name);
      s.rps.push(r.requests.average);
      s.p99.push(r.latency.p99);
      if (cpu >= 0) s.cpuUs.push((cpu * 1000) / r.requests.total);
      s.bad += r.non2xx + r.errors;
      const cpuText = cpu >= 0 ? `  server CPU ${fmt((cpu * 1000) / r.requests.total, 0)} µs/req` : '';
      process.stderr.write(`  round ${round + 1}/${rounds} ${t.name.padEnd(14)} ${fmt(r.requests.average, 0).padStart(7)} req/s  p99 ${String(r.latency.p99).padStart(3)} ms${cpuText}\n`);
    }
  }
  return stats;
}

const fmt = (n, digits = 2) => n.toFixed(digits);

/** Prints medians of each target and their ratio to the reference (the first target). */
function report(title, stats, reference) {
  const ref = stats.get(reference);
  const refRps = median(ref.rps);
  console.log(`\n${title}`);
  const withCpu = ref.cpuUs.length > 0;
  const refCpu = withCpu ? median(ref.cpuUs) : 0;
  console.log(
    `| target | req/s (median) | p99 ms (median) | req/s ratio to ${reference} | per-round ratios |` +
      (withCpu ? ` server CPU µs/req (median) | ratio by CPU/req |` : '') +
      ' non-2xx + errors |',
  );
  console.log('| --- | ---: | ---: | ---: | --- |' + (withCpu ? ' ---: | ---: |' : '') + ' ---: |');
  for (const [name, s] of stats) {
    const perRound = s.rps.map((v, i) => fmt(v / ref.rps[i])).join(' ');
    const cpu = withCpu ? ` ${fmt(median(s.cpuUs), 0)} | ${fmt(refCpu / median(s.cpuUs))} |` : '';
    console.log(`| ${name} | ${fmt(median(s.rps), 0)} | ${median(s.p99)} | ${fmt(median(s.rps) / refRps)} | ${perRound} |${cpu} ${s.bad} |`);
  }
  const bad = [...stats].filter(([, s]) => s.bad > 0);
  if (bad.length) console.log(`\nWARNING: ${bad.map(([n]) => n).join(', ')} answered non-2xx or failed: figures are not comparable.`);
}

module.exports = { option, intOption, requireFastify, freePort, startChild, stopChildren, waitUntilReady, alternate, report, median };
