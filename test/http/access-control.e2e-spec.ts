import { bearer, newSession } from '../factories/identity.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Every route of the API, read from its own OpenAPI document (so a new route is covered the day it
 * lands): back-office routes refuse guardians (403) and anonymous callers (401); every route not in
 * the list of public ones below refuses anonymous callers; parent-facing routes never take a family
 * id from the request (the family comes from the session). A new public route must be added here,
 * on purpose.
 */
const PUBLIC_ROUTES = [
  /^GET \/health$/,
  /^POST \/api\/auth\/(login|token|password\/forgot|password\/reset|email\/confirm)$/,
  /^POST \/api\/auth\/activation(\/.*)?$/,
  /^GET \/api\/auth\/sso\/(login|callback)$/,
  // PayFiP's server-to-server notification and the browser's return from it: mere triggers (payments README)
  /^POST \/api\/payments\/payfip\/notification$/,
  /^(GET|POST) \/api\/payments\/payfip\/return$/,
];
describe('access control over every route', () => {
  let t: TestApp;
  let routes: { method: string; path: string; url: string; isPublic: boolean }[];
  const someId = '00000000-0000-4000-8000-000000000000';

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    const doc = (await t.inject({ method: 'GET', url: '/api/docs-json' })).json() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({
        method: method.toUpperCase(),
        path,
        url: path.replace(/\{[^}]+\}/g, someId),
        isPublic: PUBLIC_ROUTES.some((p) => p.test(`${method.toUpperCase()} ${path}`)),
      })),
    );
  });
  afterAll(() => t?.close());

  const isBackOffice = (path: string) => /^\/api\/(staff|admin)\//.test(path);

  it('finds the routes', () => {
    expect(routes.filter((r) => isBackOffice(r.path)).length).toBeGreaterThanOrEqual(6);
    expect(routes.some((r) => r.path === '/api/family')).toBe(true);
    expect(routes.filter((r) => r.isPublic).length).toBeGreaterThanOrEqual(11);
  });

  it('refuses back-office routes to guardians and to anonymous callers', async () => {
    const guardian = bearer((await newSession(t.dataSource, 'guardian')).token);
    const answers: string[] = [];
    for (const r of routes.filter((r) => isBackOffice(r.path))) {
      const payload = ['POST', 'PUT', 'PATCH'].includes(r.method) ? {} : undefined;
      const asGuardian = await t.inject({ method: r.method as 'GET', url: r.url, headers: guardian, payload });
      const anonymous = await t.inject({ method: r.method as 'GET', url: r.url, payload });
      answers.push(`${r.method} ${r.path} ${asGuardian.statusCode} ${anonymous.statusCode}`);
    }
    expect(answers).toEqual(answers.map((a) => a.replace(/ \d+ \d+$/, ' 403 401')));
  });

  it('refuses every non-public route to anonymous callers', async () => {
    const answers: string[] = [];
    for (const r of routes.filter((r) => !r.isPublic)) {
      const res = await t.inject({ method: r.method as 'GET', url: r.url, payload: ['POST', 'PUT', 'PATCH'].includes(r.method) ? {} : undefined });
      answers.push(`${r.method} ${r.path} ${res.statusCode}`);
    }
    expect(answers).toEqual(answers.map((a) => a.replace(/ \d+$/, ' 401')));
  });

  it('never takes a family id in a parent-facing path', () => {
    const parentFacing = routes.filter((r) => !isBackOffice(r.path));
    expect(parentFacing.filter((r) => /\{familyId\}|\/famil(y|ies)\/\{/.test(r.path)).map((r) => r.path)).toEqual([]);
  });
});
