import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppConfig } from '../../../../config/app-config';

/**
 * The embedded default for online payment: with no PAYFIP_URL, outside production, Guichet starts
 * the local PayFiP simulator (dev/payfip-simulator/server.mjs) on 127.0.0.1:PAYFIP_SIMULATOR_PORT
 * and sends payments there, so that paying works out of the box. It runs as its own Node process,
 * in its own process group (Ctrl-C reaches Guichet, which stops it after closing), and exits by
 * itself when Guichet goes away (IPC channel), even after a kill -9.
 */
export interface PayfipSimulator {
  /** PayFiP base URL of the simulator, `http://127.0.0.1:<port>/tpa`: use it as PAYFIP_URL */
  url: string;
  /** the test controls; only when started with `faults: true` */
  control: PayfipSimulatorControl | undefined;
  stop(): Promise<void>;
}

export interface PayfipSimulatorOptions {
  /** 0 = any free port */
  port: number;
  /** tests only: enables the control API (/__control, see the script's header) */
  faults?: boolean;
  /** how long an idOp can be paid (default 900 s, like PayFiP) */
  idopTtlSeconds?: number;
}

/** Behaviours of the simulator (POST /__control); each is kept until changed or reset. */
export interface PayfipSimulatorBehaviour {
  /** notifications a choice sends (default 1; 0 never, 2 twice) */
  notifyCount?: number;
  /** delay before the notification(s), ms */
  notifyDelayMs?: number;
  /** the next N detail calls answer P5, even after a choice */
  pendingCalls?: number;
  /** detail calls answer P5 for this long from now, ms */
  pendingForMs?: number;
  /** the next N SOAP calls fail with a Tech…Erreur fault */
  techErrorCalls?: number;
  techErrorKind?: 'TechIndisponibiliteErreur' | 'TechDysfonctionnementErreur' | 'TechProtocolaireErreur';
  /** the next N SOAP calls fail with a FonctionnelleErreur of `functionalErrorCode` (default SIM-REFUS; P1, P5 work too) */
  functionalErrorCalls?: number;
  functionalErrorCode?: string;
  /** the next N SOAP calls answer HTTP 503 */
  http503Calls?: number;
  /** the next N SOAP calls wait `slowMs` before answering */
  slowCalls?: number;
  slowMs?: number;
  /** returned by the detail calls instead of the real values (null: off) */
  detailsOverride?: { montant?: string; refdet?: string } | null;
}

export type SimulatedResult = 'P' | 'V' | 'R' | 'Z' | 'A';

export interface SimulatedNotification {
  at: string;
  /** HTTP status urlnotif answered, or null */
  status: number | null;
  /** network error code when it could not be delivered, or null */
  error: string | null;
}

/** An operation as the simulator holds it: the fields received, the result, the notifications sent. */
export interface SimulatedOperation {
  idOp: string;
  exer: string;
  mel: string;
  montant: string;
  numcli: string;
  objet: string;
  refdet: string;
  saisie: string;
  urlnotif: string;
  urlredirect: string;
  createdAt: string;
  result: { resultrans: SimulatedResult; numauto: string; dattrans: string; heurtrans: string; at: string } | null;
  notifications: SimulatedNotification[];
}

/** The control API of a simulator started with faults (tests drive the flow without a browser). */
export class PayfipSimulatorControl {
  /** `origin`: `http://127.0.0.1:<port>` */
  constructor(readonly origin: string) {}

  /** Sets behaviours (merged with the current ones); answers them all. */
  configure(behaviour: PayfipSimulatorBehaviour): Promise<PayfipSimulatorBehaviour> {
    return this.request('POST', '/__control', behaviour);
  }

  /** What the payment page's buttons do: records the result, notifies; answers the operation and where the browser goes back. */
  choose(idOp: string, result: SimulatedResult): Promise<SimulatedOperation & { redirect: { url: string; idOp: string } }> {
    return this.request('POST', '/__control/choose', { idOp, result });
  }

  /** Sends one more notification for the operation now (awaited). */
  notify(idOp: string): Promise<SimulatedNotification> {
    return this.request('POST', '/__control/notify', { idOp });
  }

  /** The operation is now older than an idOp's lifetime: it can no longer be paid. */
  expire(idOp: string): Promise<SimulatedOperation> {
    return this.request('POST', '/__control/expire', { idOp });
  }

  operations(): Promise<SimulatedOperation[]> {
    return this.request('GET', '/__control/operations');
  }

  operation(idOp: string): Promise<SimulatedOperation> {
    return this.request('GET', `/__control/operations/${encodeURIComponent(idOp)}`);
  }

  /** Forgets the operations and the behaviours. */
  reset(): Promise<PayfipSimulatorBehaviour> {
    return this.request('POST', '/__control/reset', {});
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.origin}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = (await res.json()) as T & { error?: string };
    if (!res.ok) throw Object.assign(new Error(`PayFiP simulator ${method} ${path}: ${res.status} ${payload.error ?? ''}`.trim()), { status: res.status });
    return payload;
  }
}

const SCRIPT = join('dev', 'payfip-simulator', 'server.mjs');
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * For main: starts the simulator unless PAYFIP_URL is set, in production, or for a worker on its
 * own; answers the payments configuration to use (its `payfipUrl` is the simulator's). A simulator
 * that cannot start only costs online payment: the reason is logged and Guichet starts without it.
 */
export async function startDevPayfip(
  config: AppConfig,
  log: (msg: string) => void,
): Promise<{ payments: AppConfig['payments']; stop(): Promise<void> } | undefined> {
  if (config.payments.payfipUrl) return undefined;
  if (config.nodeEnv === 'production') {
    log('no PAYFIP_URL: online payment is not offered (see src/modules/payments/README.md, "PayFiP adapter and simulator")');
    return undefined;
  }
  if (config.role === 'worker') {
    log('no PAYFIP_URL: this worker cannot re-check pending payments; set PAYFIP_URL (the API\'s simulator: http://127.0.0.1:<PAYFIP_SIMULATOR_PORT>/tpa)');
    return undefined;
  }
  try {
    const simulator = await startPayfipSimulator({ port: config.payments.simulatorPort }, log);
    log(`no PAYFIP_URL: payments go to the local PayFiP simulator on ${simulator.url} (no card is charged; set PAYFIP_URL to use PayFiP)`);
    return { payments: { ...config.payments, payfipUrl: simulator.url }, stop: simulator.stop };
  } catch (err) {
    log(`online payment unavailable: the local PayFiP simulator did not start (${(err as Error).message})`);
    return undefined;
  }
}

/** Starts the simulator; when the port is taken (another Guichet's simulator?), on any free port instead. */
export async function startPayfipSimulator(options: PayfipSimulatorOptions, log?: (msg: string) => void): Promise<PayfipSimulator> {
  const script = findScript();
  try {
    return await spawnSimulator(script, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || options.port === 0) throw err;
    log?.(`port ${options.port} of the PayFiP simulator is taken (set PAYFIP_SIMULATOR_PORT): using a free port instead`);
    return spawnSimulator(script, { ...options, port: 0 });
  }
}

/** dev/payfip-simulator/server.mjs, found from src/… (ts-node, jest) or dist/src/… (build) up to the checkout's root. */
function findScript(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, SCRIPT))) return join(dir, SCRIPT);
    if (dirname(dir) === dir) throw new Error(`${SCRIPT} not found: it ships with the source checkout; set PAYFIP_URL to use PayFiP`);
  }
}

function spawnSimulator(script: string, options: PayfipSimulatorOptions): Promise<PayfipSimulator> {
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      PAYFIP_SIM_PORT: String(options.port),
      PAYFIP_SIM_FAULTS: options.faults ? 'true' : 'false',
      ...(options.idopTtlSeconds ? { PAYFIP_SIM_IDOP_TTL_S: String(options.idopTtlSeconds) } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true,
    windowsHide: true,
  });
  let stderr = ''; // kept for error messages (the pipe must be drained anyway)
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const onExit = () => running() && child.kill('SIGKILL');
  process.on('exit', onExit);

  const stop = async () => {
    process.removeListener('exit', onExit);
    if (!running()) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => running() && child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<PayfipSimulator>((resolve, reject) => {
    let settled = false;
    const fail = (err: Error) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      void stop().then(() => reject(err));
    };
    const timer = setTimeout(() => fail(new Error(`not ready after ${START_TIMEOUT_MS / 1000} s ${stderr.trim()}`)), START_TIMEOUT_MS);
    let buffered = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        const status = parseStatus(line);
        if (!status || settled) continue;
        if (status.ready && status.url) {
          clearTimeout(timer);
          settled = true;
          const origin = new URL(status.url).origin;
          resolve({ url: status.url, control: options.faults ? new PayfipSimulatorControl(origin) : undefined, stop });
        } else {
          fail(Object.assign(new Error(`could not listen on 127.0.0.1:${options.port} (${status.code})`), { code: status.code }));
        }
      }
    });
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`exited (${code ?? signal}) ${stderr.trim()}`)));
  });
}

function parseStatus(line: string): { ready: boolean; url?: string; code?: string } | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as { ready: boolean; url?: string; code?: string };
  } catch {
    return undefined;
  }
}
