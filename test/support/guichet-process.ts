import { ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { AddressInfo, createServer, Server } from 'node:net';
import { resolve } from 'node:path';

/** Runs the real entry point (src/main.ts) from source with ts-node, so no prior build is needed. */
export const ROOT = resolve(__dirname, '..', '..');

export interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const server = createServer();
      await new Promise<void>((r, j) => server.once('error', j).listen(0, '127.0.0.1', () => r()));
      servers.push(server);
    }
    return servers.map((s) => (s.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

export function startGuichet(env: NodeJS.ProcessEnv, args: string[] = []): Run {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return { child, output: () => output, exit };
}

export function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolveGet, reject) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolveGet({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export async function waitHealthy(run: Run, port: number, timeoutMs = 60_000): Promise<unknown> {
  let exited = false;
  void run.exit.then(() => (exited = true));
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (exited) throw new Error(`Guichet exited before being healthy:\n${run.output()}`);
    const res = await get(port, '/health').catch(() => undefined);
    if (res?.status === 200) return JSON.parse(res.body);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Guichet not healthy after ${timeoutMs} ms:\n${run.output()}`);
}

export async function exitOf(run: Run, timeoutMs = 20_000) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, j) => (timer = setTimeout(() => j(new Error(`no exit after ${timeoutMs} ms:\n${run.output()}`)), timeoutMs)));
  try {
    return await Promise.race([run.exit, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** PIDs of the PostgreSQL server processes started on `dataDir` (Linux: /proc). */
