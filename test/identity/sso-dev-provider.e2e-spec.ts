import { exitOf, freePorts, Run, startGuichet, waitHealthy } from '../support/guichet-process';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * The README's run command with no OIDC_ISSUER: the real entry point (src/main.ts, from source)
 * starts the development OpenID provider and points the SSO at it, and stops it with Guichet, even
 * when Guichet is killed. In production it does not: SSO is then simply not offered.
 */
describe('SSO out of the box: the development OpenID provider', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const runs: Run[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { ...process.env, DATABASE_URL: db.url, HOST: '127.0.0.1', LOG_LEVEL: 'warn', OIDC_DEV_PORT: '0' };
    for (const name of Object.keys(env)) if (/^(OIDC_(ISSUER|CLIENT_ID|CLIENT_SECRET)|APP_ROLE|REDIS_URL|NODE_ENV)$/.test(name)) delete env[name];
  });
  afterAll(async () => {
    for (const run of runs) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await Promise.all(runs.map((r) => r.exit));
    await db?.drop();
  });

  const start = async (extra: NodeJS.ProcessEnv = {}) => {
    const [port] = await freePorts(1);
    const run = startGuichet({ ...env, PORT: String(port), ...extra }, ['api']);
    runs.push(run);
    await waitHealthy(run, port);
    return { run, port };
  };
  const issuerIn = (output: string) => /SSO uses the development OpenID provider on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  const reachable = (url: string) =>
    fetch(url).then(
      () => true,
      () => false,
    );
  const until = async (check: () => Promise<boolean>, ms = 10_000) => {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await check()) return true;
    return false;
  };

  it('starts with the API, serves "Se connecter avec EduConnect", and stops with Guichet', async () => {
    const { run, port } = await start();
    const issuer = issuerIn(run.output());
    expect(issuer).toBeDefined();
    expect(run.output()).toMatch(/test guardians marie\.dupont/);

    const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({ issuer, end_session_endpoint: `${issuer}/session/end`, code_challenge_methods_supported: ['S256'] });
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/sso/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const authorize = new URL(login.headers.get('location')!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${issuer}/auth`);
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://localhost:3000/api/auth/sso/callback');
    const atProvider = await fetch(authorize, { redirect: 'manual' });
    expect(atProvider.status).toBe(303); // to its login page
    expect(atProvider.headers.get('location')).toMatch(/^\/interaction\//);

    run.child.kill('SIGTERM');
    expect(await exitOf(run)).toEqual({ code: 0, signal: null });
    expect(await reachable(issuer!)).toBe(false);
  }, 90_000);

  it('does not outlive a killed Guichet', async () => {
    const { run } = await start();
    const issuer = issuerIn(run.output())!;
    expect(await reachable(issuer)).toBe(true);
    run.child.kill('SIGKILL');
    await exitOf(run);
    expect(await until(async () => !(await reachable(issuer)))).toBe(true);
  }, 90_000);

  it('is not started in production: SSO is then not offered', async () => {
    const { run, port } = await start({ NODE_ENV: 'production' });
    expect(issuerIn(run.output())).toBeUndefined();
    expect(run.output()).toContain('no OIDC_ISSUER: "Se connecter avec EduConnect" is not offered');
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/sso/login`, { redirect: 'manual' });
    expect(login.status).toBe(404);
    run.child.kill('SIGTERM');
    await exitOf(run);
  }, 90_000);
});
