import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppConfig } from '../../../config/app-config';

/**
 * The embedded default for SSO: with no OIDC_ISSUER, outside production, the API starts the
 * development OpenID provider (dev/oidc-provider/server.mjs, a real oidc-provider with test
 * guardians) on 127.0.0.1:OIDC_DEV_PORT and uses it, so that "Se connecter avec EduConnect" works
 * out of the box. oidc-provider is ESM-only: it runs as its own Node process, never inside Guichet.
 *
 * The provider runs in its own process group (Ctrl-C reaches Guichet, which stops it after
 * closing) and exits by itself when Guichet goes away (IPC channel), even after a kill -9.
 */
export interface DevOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

export interface DevOidcProviderOptions {
  /** 0 = any free port */
  port: number;
  clientId: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** tests only: the provider accepts POST /__faults to misbehave once (see the script) */
  faults?: boolean;
}

const SCRIPT = join('dev', 'oidc-provider', 'server.mjs');
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * Starts the development provider unless a real one is configured (OIDC_ISSUER), in production,
 * or for the worker; returns the SSO settings to use with it. A provider that cannot start only
 * costs the SSO: the reason is logged and Guichet starts without it.
 */
export async function startDevSso(config: AppConfig, log: (msg: string) => void): Promise<{ sso: AppConfig['sso']; stop(): Promise<void> } | undefined> {
  if (config.role === 'worker' || config.sso.issuer) return undefined;
  if (config.nodeEnv === 'production') {
    log('no OIDC_ISSUER: "Se connecter avec EduConnect" is not offered (README: "Configuring a real identity provider")');
    return undefined;
  }
  try {
    const provider = await startDevOidcProvider({ ...config.sso, port: config.sso.devPort }, log);
    log(
      `no OIDC_ISSUER: SSO uses the development OpenID provider on ${provider.issuer} ` +
        `(test guardians marie.dupont, jean.martin… password "motdepasse"; set OIDC_ISSUER to use a real provider)`,
    );
    return { sso: { ...config.sso, issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret }, stop: provider.stop };
  } catch (err) {
    log(`SSO unavailable: the development OpenID provider did not start (${(err as Error).message})`);
    return undefined;
  }
}

/** Starts the provider; when OIDC_DEV_PORT is taken (another Guichet's provider?), on any free port instead. */
export async function startDevOidcProvider(options: DevOidcProviderOptions, log?: (msg: string) => void): Promise<DevOidcProvider> {
  const script = findScript();
  try {
    return await spawnProvider(script, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || options.port === 0) throw err;
    log?.(`port ${options.port} of the development OpenID provider is taken (set OIDC_DEV_PORT): using a free port instead`);
    return spawnProvider(script, { ...options, port: 0 });
  }
}

/** dev/oidc-provider/server.mjs, found from src/… (ts-node) or dist/src/… (build) up to the checkout's root. */
function findScript(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, SCRIPT))) return join(dir, SCRIPT);
    if (dirname(dir) === dir) throw new Error(`${SCRIPT} not found: it ships with the source checkout; set OIDC_ISSUER to use a real provider`);
  }
}

function spawnProvider(script: string, options: DevOidcProviderOptions): Promise<DevOidcProvider> {
  const clientSecret = randomBytes(24).toString('base64url');
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      OIDC_DEV_PORT: String(options.port),
      OIDC_DEV_CLIENT_ID: options.clientId,
      OIDC_DEV_CLIENT_SECRET: clientSecret,
      OIDC_DEV_REDIRECT_URIS: options.redirectUri,
      OIDC_DEV_POST_LOGOUT_REDIRECT_URIS: options.postLogoutRedirectUri,
      OIDC_DEV_FAULTS: options.faults ? 'true' : 'false',
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

  return new Promise<DevOidcProvider>((resolve, reject) => {
    const fail = (err: Error) => {
      clearTimeout(timer);
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
        if (!status) continue;
        if (status.ready && status.issuer) {
          clearTimeout(timer);
          resolve({ issuer: status.issuer, clientId: options.clientId, clientSecret, stop });
        } else {
          fail(Object.assign(new Error(`could not listen on 127.0.0.1:${options.port} (${status.code})`), { code: status.code }));
        }
      }
    });
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`exited (${code ?? signal}) ${stderr.trim()}`)));
  });
}

function parseStatus(line: string): { ready: boolean; issuer?: string; code?: string } | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as { ready: boolean; issuer?: string; code?: string };
  } catch {
    return undefined;
  }
}
