import { startTestApp, TestApp } from '../support/test-app';

/** The web client is served by the application itself, next to the API, without hiding the API's 404s. */
describe('web client: serving', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
  });
  afterAll(() => t?.close());

  it('answers the page for the client routes, the links of the e-mails included', async () => {
    for (const url of ['/', '/connexion', '/factures/7f0f6c2e-7c1b-4f7e-9d38-0a4c1d7a3e11', '/activation?sso=abc', '/mot-de-passe/nouveau?jeton=x', '/reservations/nouvelle']) {
      const res = await t.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.body).toContain('<html lang="fr">');
    }
  });

  it('keeps the API answers: an unknown /api path is a 404 problem, not the page', async () => {
    for (const url of ['/api/nope', '/api', '/api/factures/1', '/health/nope']) {
      const res = await t.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await t.inject({ method: 'GET', url: '/health' })).statusCode).toBeLessThan(600);
    expect((await t.inject({ method: 'GET', url: '/api/docs-json' })).statusCode).toBe(200);
    const unauth = await t.inject({ method: 'GET', url: '/api/family' });
    expect(unauth.statusCode).toBe(401);
  });

  it('serves the hashed assets for good, small, and answers 404 for files that do not exist', async () => {
    const page = (await t.inject({ method: 'GET', url: '/' })).body;
    const scripts = [...page.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(scripts.some((s) => s.endsWith('.js'))).toBe(true);
    for (const src of scripts) {
      const res = await t.inject({ method: 'GET', url: src });
      expect(res.statusCode).toBe(200);
      if (/-[A-Z0-9]{8}\.(js|css)$/.test(src)) expect(res.headers['cache-control']).toContain('immutable');
      // "No page needs more than a few hundred kilobytes of script"
      if (src.endsWith('.js')) expect(res.rawPayload.length).toBeLessThan(200 * 1024);
    }
    expect((await t.inject({ method: 'GET', url: '/assets/nope.js' })).statusCode).toBe(404);
    expect((await t.inject({ method: 'GET', url: '/favicon.ico' })).statusCode).toBe(404);
    expect((await t.inject({ method: 'POST', url: '/connexion', payload: {} })).statusCode).toBe(404);
  });
});
