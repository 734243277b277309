import { PayfipWsAdapter } from '../../src/modules/payments/infrastructure/payfip/payfip-ws.adapter';
import { exitOf, freePorts, Run, startGuichet, waitHealthy } from '../support/guichet-process';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * The README's run command with no PAYFIP_URL: the real entry point (src/main.ts, from source)
 * starts the local PayFiP simulator and stops it with Guichet, even when Guichet is killed. In
 * production it does not: online payment is then not offered.
 */
describe('online payment out of the box: the local PayFiP simulator', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const runs: Run[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    env = { ...process.env, DATABASE_URL: db.url, HOST: '127.0.0.1', LOG_LEVEL: 'warn', OIDC_DEV_PORT: '0', PAYFIP_SIMULATOR_PORT: '0' };
    for (const name of Object.keys(env)) if (/^(PAYFIP_URL|APP_ROLE|REDIS_URL|NODE_ENV)$/.test(name)) delete env[name];
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
  const simulatorIn = (output: string) => /payments go to the local PayFiP simulator on (http:\/\/127\.0\.0\.1:\d+\/tpa)/.exec(output)?.[1];
  const reachable = (url: string) =>
    fetch(url).then(
      () => true,
      () => false,
    );
  const until = async (check: () => Promise<boolean>, ms = 10_000) => {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await check()) return true;
    return false;
  };

  it('starts with the API, answers SOAP and its payment page, and stops with Guichet', async () => {
    const { run } = await start();
    const url = simulatorIn(run.output());
    expect(url).toBeDefined();
    const wsdl = await fetch(`${url}/services/securite?wsdl`);
    expect(wsdl.status).toBe(200);
    expect(await wsdl.text()).toContain(`<soap:address location="${url}/services/securite"/>`);
    const { redirectUrl } = await new PayfipWsAdapter({ baseUrl: url! }).create({
      numcli: '123456',
      exer: 2026,
      refdet: 'DEV1',
      amountCents: 1500,
      objet: 'Cantine',
      mel: 'marie.dupont@exemple.fr',
      saisie: 'T',
      urlnotif: 'http://localhost:3000/n',
      urlredirect: 'http://localhost:3000/r',
    });
    expect(await (await fetch(redirectUrl)).text()).toContain('Payer par carte');
    // a development simulator has no test controls
    expect((await fetch(`${new URL(url!).origin}/__control/operations`)).status).toBe(404);

    run.child.kill('SIGTERM');
    expect(await exitOf(run)).toEqual({ code: 0, signal: null });
    expect(await reachable(url!)).toBe(false);
  }, 90_000);

  it('does not outlive a killed Guichet', async () => {
    const { run } = await start();
    const url = simulatorIn(run.output())!;
    expect(await reachable(url)).toBe(true);
    run.child.kill('SIGKILL');
    await exitOf(run);
    expect(await until(async () => !(await reachable(url)))).toBe(true);
  }, 90_000);

  it('is not started in production: online payment is then not offered', async () => {
    const { run } = await start({ NODE_ENV: 'production', COOKIE_SECURE: 'true', PUBLIC_URL: 'https://guichet.example.fr' });
    expect(simulatorIn(run.output())).toBeUndefined();
    expect(run.output()).toContain('no PAYFIP_URL: online payment is not offered');
    run.child.kill('SIGTERM');
    await exitOf(run);
  }, 90_000);
});
