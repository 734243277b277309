import { SsoLinkService } from '../../src/modules/identity/application/sso-link.service';
import { DevOidcProvider, startDevOidcProvider } from '../../src/modules/identity/infrastructure/dev-oidc-provider';
import { TransactionHost } from '../../src/platform/database/transaction-host';
import { newAccount } from '../factories/identity.factory';
import { freePorts } from '../support/guichet-process';
import { Hop, isCallback, OidcBrowser, ssoUpToCallback } from '../support/oidc-browser';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * "Se connecter avec EduConnect" against a real OpenID provider (dev/oidc-provider, run as its own
 * process, with its test-only faults switch on), browserless: the requests a browser would make,
 * cookies and forms included. The provider misbehaves on demand to show that Guichet refuses what
 * it must refuse.
 */
describe('identity: SSO (OpenID Connect)', () => {
  const PUBLIC = 'http://localhost:3000';
  let provider: DevOidcProvider;
  let t: TestApp;
  let link: SsoLinkService;
  let txHost: TransactionHost;

  beforeAll(async () => {
    provider = await startDevOidcProvider({
      port: 0,
      clientId: 'guichet-test',
      redirectUri: `${PUBLIC}/api/auth/sso/callback`,
      postLogoutRedirectUri: `${PUBLIC}/`,
      faults: true,
    });
    t = await startTestApp({ role: 'api', env: ssoEnv(provider) });
    link = t.app.get(SsoLinkService);
    txHost = t.app.get(TransactionHost);
  });
  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });

  const ssoEnv = (p: DevOidcProvider) => ({ OIDC_ISSUER: p.issuer, OIDC_CLIENT_ID: p.clientId, OIDC_CLIENT_SECRET: p.clientSecret });
  const ticketOf = (hop: Hop) => new URL(hop.location!).searchParams.get('sso')!;
  const sessionCookieOf = (browser: OidcBrowser) => browser.cookie(PUBLIC, 'guichet_session');
  const lastSsoAudit = async () =>
    (await t.dataSource.query(`SELECT action, account_id, details FROM identity.audit_entry WHERE details->>'method' = 'sso' OR action LIKE 'sso.%' ORDER BY id DESC LIMIT 1`))[0];
  const count = async (table: string) => Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const armFault = async (fault: string) => {
    const res = await fetch(`${provider.issuer}/__faults`, { method: 'POST', body: JSON.stringify({ idToken: fault }) });
    expect(res.status).toBe(204);
  };
  /** A ticket for `username`'s subject, in a browser of its own. */
  const ticketFor = async (username: string) => {
    const browser = new OidcBrowser(t);
    return ticketOf(await browser.request(await ssoUpToCallback(browser, username)));
  };
  const linkInTransaction = (ticket: string, accountId: string) => txHost.withTransaction(() => link.linkWithTicket(ticket, accountId));

  it('sends the browser to the provider with state, nonce and S256 PKCE, bound to the browser by an httpOnly cookie', async () => {
    const browser = new OidcBrowser(t);
    const start = await browser.request(`${PUBLIC}/api/auth/sso/login`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.location!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${provider.issuer}/auth`);
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      client_id: 'guichet-test',
      response_type: 'code',
      scope: 'openid profile',
      redirect_uri: `${PUBLIC}/api/auth/sso/callback`,
      state: expect.stringMatching(/^[\w-]{40,}$/),
      nonce: expect.stringMatching(/^[\w-]{40,}$/),
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge_method: 'S256',
    });
    expect(start.setCookies).toEqual([expect.stringMatching(/^guichet_sso=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600; Secure$/)]);
    // Only hashes of the state and of the browser cookie are stored; the attempt lives 10 minutes.
    const [attempt] = await t.dataSource.query(
      `SELECT encode(state_hash, 'hex') AS state_hash, round(extract(epoch FROM expires_at - created_at)) AS ttl FROM identity.sso_login_attempt
        WHERE state_hash = sha256(convert_to($1, 'UTF8'))`,
      [authorize.searchParams.get('state')],
    );
    expect(attempt).toMatchObject({ ttl: '600' });
    const raw = JSON.stringify(await t.dataSource.query(`SELECT * FROM identity.sso_login_attempt`));
    expect(raw).not.toContain(authorize.searchParams.get('state'));
    expect(raw).not.toContain(browser.cookie(PUBLIC, 'guichet_sso'));
  });

  it('gives an unlinked subject a single-use link ticket and no session, never linking by e-mail', async () => {
    // An account with the provider's e-mail for this person exists: it is not linked for that.
    await t.dataSource.query(`INSERT INTO identity.account (email, role, display_name) VALUES ('marie.dupont@exemple.fr', 'guardian', 'Marie Dupont')`);
    const browser = new OidcBrowser(t);
    const callbackUrl = await ssoUpToCallback(browser, 'marie.dupont');
    const sessionsBefore = await count('identity.session');
    const back = await browser.request(callbackUrl);

    expect(back.status).toBe(302);
    expect(back.location).toMatch(new RegExp(`^${PUBLIC}/activation\\?sso=[\\w-]{40,}$`));
    expect(sessionCookieOf(browser)).toBeUndefined();
    expect(browser.cookie(PUBLIC, 'guichet_sso')).toBeUndefined(); // the binding cookie is cleared
    expect(await count('identity.session')).toBe(sessionsBefore);
    expect(await count('identity.sso_identity')).toBe(0);
    expect(await link.peek(ticketOf(back))).toEqual({ issuer: provider.issuer, subject: 'ec-4f1c9a7e2b3d', givenName: 'Marie', familyName: 'Dupont' });
    expect(await lastSsoAudit()).toMatchObject({ action: 'sso.ticket-issued', details: { issuer: provider.issuer, subject: 'ec-4f1c9a7e2b3d' } });
    const [ticket] = await t.dataSource.query(`SELECT round(extract(epoch FROM expires_at - created_at)) AS ttl FROM identity.sso_link_ticket`);
    expect(ticket.ttl).toBe('1800');
    expect(JSON.stringify(await t.dataSource.query(`SELECT * FROM identity.sso_link_ticket`))).not.toContain(ticketOf(back));
  });

  it('links with a ticket inside a transaction; later SSO logins land in that account with a cookie session like local login', async () => {
    const account = await newAccount(t.dataSource, 'guardian');
    const browser = new OidcBrowser(t);
    const ticket = ticketOf(await browser.request(await ssoUpToCallback(browser, 'jean.martin')));

    await expect(link.linkWithTicket(ticket, account.id)).rejects.toThrow(/inside a transaction/);
    await linkInTransaction(ticket, account.id);
    expect(await t.dataSource.query(`SELECT issuer, subject, account_id FROM identity.sso_identity`)).toEqual([
      { issuer: provider.issuer, subject: 'ec-8b2e5d1f6a09', account_id: account.id },
    ]);
    expect(await lastSsoAudit()).toMatchObject({ action: 'sso.linked', account_id: account.id, details: { subject: 'ec-8b2e5d1f6a09' } });

    // The provider session is still alive: no login form this time, straight back with a code.
    const callbackUrl = await ssoUpToCallback(browser, 'jean.martin');
    const back = await browser.request(callbackUrl);
    expect(back.status).toBe(302);
    expect(back.location).toBe(`${PUBLIC}/`);
    const cookie = `guichet_session=${sessionCookieOf(browser)}`;
    expect(back.setCookies).toEqual([
      'guichet_sso=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure',
      expect.stringMatching(/^guichet_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43(19\d|200); Secure$/), // SESSION_TTL_HOURS: 12 h
    ]);
    const me = await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ accountId: account.id, role: 'guardian' });
    expect(await lastSsoAudit()).toMatchObject({ action: 'login.succeeded', account_id: account.id, details: { method: 'sso' } });

    // The web client never saw a login response: it fetches the CSRF token, then changes things.
    expect((await t.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(403);
    const csrf = await t.inject({ method: 'GET', url: '/api/auth/csrf', headers: { cookie } });
    expect(csrf.statusCode).toBe(200);
    expect(csrf.headers['cache-control']).toBe('no-store');
    const again = await t.inject({ method: 'GET', url: '/api/auth/csrf', headers: { cookie } });
    expect(again.json().csrfToken).toBe(csrf.json().csrfToken); // stable: several tabs share it
    const out = await t.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': csrf.json().csrfToken } });
    expect(out.statusCode).toBe(200);
    expect((await t.inject({ method: 'GET', url: '/api/auth/csrf' })).statusCode).toBe(401);
  });

  it('uses a ticket once, refuses an expired one and a subject already linked, with French messages', async () => {
    const [first, second] = await Promise.all([newAccount(t.dataSource, 'guardian'), newAccount(t.dataSource, 'guardian')]);
    const ticketA = await ticketFor('fatou.diallo');
    const ticketB = await ticketFor('fatou.diallo'); // two logins before any link: two tickets, one subject
    await linkInTransaction(ticketA, first.id);

    expect(await link.peek(ticketA)).toBeNull();
    const used = await linkInTransaction(ticketA, second.id).catch((e: unknown) => e);
    expect(used).toMatchObject({ kind: 'invalid', code: 'identity.sso-ticket-invalid', message: expect.stringMatching(/n'est plus valable/) });
    const taken = await linkInTransaction(ticketB, second.id).catch((e: unknown) => e);
    expect(taken).toMatchObject({ kind: 'conflict', code: 'identity.sso-already-linked', message: expect.stringMatching(/déjà relié/) });
    expect(await link.peek(ticketB)).not.toBeNull(); // the failed link rolled back with its transaction

    const ticketC = await ticketFor('lucas.bernard');
    await t.dataSource.query(`UPDATE identity.sso_link_ticket SET expires_at = now() - interval '1 second' WHERE subject = 'ec-6d0b8e4a1f57'`);
    expect(await link.peek(ticketC)).toBeNull();
    expect(await linkInTransaction(ticketC, second.id).catch((e: unknown) => e)).toMatchObject({ code: 'identity.sso-ticket-invalid' });
    expect(await link.peek('not-a-ticket')).toBeNull();
  });

  it('refuses a wrong state, an answer coming back to another browser, and a callback without state', async () => {
    const browser = new OidcBrowser(t);
    const callbackUrl = new URL(await ssoUpToCallback(browser, 'chloe.petit'));
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'x'.repeat(43));
    const wrongState = await t.inject({ method: 'GET', url: `${forged.pathname}${forged.search}`, headers: { cookie: `guichet_sso=${browser.cookie(PUBLIC, 'guichet_sso')}` } });
    expect(wrongState.statusCode).toBe(400);
    expect(wrongState.json()).toMatchObject({ code: 'identity.invalid-field', errors: [{ field: 'state', message: expect.stringMatching(/^Cette connexion EduConnect n'est plus valable/) }] });
    expect(await lastSsoAudit()).toMatchObject({ action: 'login.failed', details: { method: 'sso', reason: 'state' } });

    // The genuine answer, opened in another browser (a link sent to a victim): refused, and used up.
    const elsewhere = await new OidcBrowser(t).request(callbackUrl.toString());
    expect(elsewhere.status).toBe(400);
    expect(await lastSsoAudit()).toMatchObject({ details: { reason: 'browser' } });
    expect((await browser.request(callbackUrl.toString())).status).toBe(400);

    const noState = await t.inject({ method: 'GET', url: '/api/auth/sso/callback?code=abc' });
    expect(noState.statusCode).toBe(400);
    expect(noState.json().errors).toEqual([{ field: 'state', message: 'manquant ou invalide : recommencez la connexion depuis Guichet' }]);
    expect(await count('identity.sso_link_ticket WHERE subject = \'ec-9e3a1d7b5c62\'')).toBe(0);
  });

  it('refuses a replayed answer and a replayed code', async () => {
    const browser = new OidcBrowser(t);
    const first = await ssoUpToCallback(browser, 'karim.benali');
    expect((await browser.request(first)).status).toBe(302);
    const tickets = await count('identity.sso_link_ticket');

    const replay = await browser.request(first);
    expect(replay.status).toBe(400);
    expect(await lastSsoAudit()).toMatchObject({ details: { reason: 'state' } });

    // A fresh, genuine authorization request, answered with the old code: the provider refuses it.
    const fresh = new URL(await ssoUpToCallback(browser, 'karim.benali'));
    fresh.searchParams.set('code', new URL(first).searchParams.get('code')!);
    const oldCode = await browser.request(fresh.toString());
    expect(oldCode.status).toBe(401);
    expect(JSON.parse(oldCode.body)).toMatchObject({ code: 'identity.sso-rejected', detail: expect.stringMatching(/^La réponse d'EduConnect n'a pas pu être vérifiée/) });
    expect(await lastSsoAudit()).toMatchObject({ action: 'login.failed', details: { reason: 'code-rejected' } });
    expect(await count('identity.sso_link_ticket')).toBe(tickets);
  });

  it.each([
    ['wrong-nonce', 'id-token-nonce'],
    ['expired', 'id-token-expired'],
    ['wrong-signature', 'id-token-signature'],
    ['wrong-audience', 'id-token-audience'],
  ])('refuses an ID token with a %s (provider misbehaving once)', async (fault, reason) => {
    const browser = new OidcBrowser(t);
    const callbackUrl = await ssoUpToCallback(browser, 'marie.dupont');
    const before = { tickets: await count('identity.sso_link_ticket'), sessions: await count('identity.session') };
    await armFault(fault);
    const back = await browser.request(callbackUrl);
    expect(back.status).toBe(401);
    expect(JSON.parse(back.body).code).toBe('identity.sso-rejected');
    expect(await lastSsoAudit()).toMatchObject({ action: 'login.failed', details: { method: 'sso', reason } });
    expect({ tickets: await count('identity.sso_link_ticket'), sessions: await count('identity.session') }).toEqual(before);
  });

  it('refuses a login cancelled at the provider (error=access_denied) with a French message', async () => {
    const browser = new OidcBrowser(t);
    const loginPage = await browser.follow(`${PUBLIC}/api/auth/sso/login`, isCallback);
    expect(loginPage.body).toContain('Connexion EduConnect');
    const answer = await browser.submit(loginPage, /\/abort$/, {}, isCallback);
    expect(new URL(answer.location!).searchParams.get('error')).toBe('access_denied');
    const back = await browser.request(answer.location!);
    expect(back.status).toBe(401);
    expect(JSON.parse(back.body)).toMatchObject({
      code: 'identity.sso-cancelled',
      detail: "Connexion EduConnect annulée : l'accès à Guichet n'a pas été autorisé. Vous pouvez recommencer, ou vous connecter avec votre adresse e-mail.",
    });
    expect(await lastSsoAudit()).toMatchObject({ details: { reason: 'provider-denied' } });
  });

  it('logs out of Guichet and of the provider (RP-initiated logout), keeping local logout as it was', async () => {
    const account = await newAccount(t.dataSource, 'guardian');
    const browser = new OidcBrowser(t);
    await linkInTransaction(await ticketFor('ines.moreau'), account.id);
    const back = await browser.request(await ssoUpToCallback(browser, 'ines.moreau'));
    expect(back.location).toBe(`${PUBLIC}/`);
    const cookie = `guichet_session=${sessionCookieOf(browser)}`;
    const { csrfToken } = (await t.inject({ method: 'GET', url: '/api/auth/csrf', headers: { cookie } })).json();

    const out = await t.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/^guichet_session=; .*Max-Age=0/);
    const logoutUrl = new URL(out.json().providerLogoutUrl);
    expect(`${logoutUrl.origin}${logoutUrl.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(logoutUrl.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC}/`);
    expect(logoutUrl.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect((await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM identity.session WHERE sso_id_token IS NOT NULL AND revoked_at IS NOT NULL`)).toEqual([{ n: 0 }]);

    // The browser goes there, confirms, and comes back to Guichet.
    const confirm = await browser.follow(logoutUrl.toString());
    expect(confirm.body).toContain('Voulez-vous vous déconnecter');
    const home = await browser.submit(confirm, /\/session\/end\/confirm$/, { logout: 'yes' });
    expect(home.location).toBe(`${PUBLIC}/`);
    // The provider session is over: the next EduConnect login asks for the password again.
    const next = await browser.follow(`${PUBLIC}/api/auth/sso/login`, isCallback);
    expect(next.location).toBeUndefined();
    expect(next.body).toContain('name="password"');

    // A local session still logs out with 204 and no provider address.
    const local = await t.inject({ method: 'POST', url: '/api/auth/token', payload: { email: account.email, password: account.password } });
    const localOut = await t.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${local.json().token}` } });
    expect(localOut.statusCode).toBe(204);
    expect(localOut.body).toBe('');
  });

  it('keeps the flow state in PostgreSQL: another API instance finishes a login started on this one', async () => {
    const other = await startTestApp({ role: 'api', database: t.db, env: ssoEnv(provider) });
    try {
      const account = await newAccount(t.dataSource, 'guardian');
      await linkInTransaction(await ticketFor('paul.roux'), account.id);
      const browser = new OidcBrowser(t);
      const callbackUrl = await ssoUpToCallback(browser, 'paul.roux');
      browser.app = other;
      const back = await browser.request(callbackUrl);
      expect(back.location).toBe(`${PUBLIC}/`);
      const me = await t.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `guichet_session=${sessionCookieOf(browser)}` } });
      expect(me.json().accountId).toBe(account.id);
    } finally {
      await other.close();
    }
  });

  it('answers 503 in French when the provider cannot be reached, and 404 when SSO is not offered', async () => {
    const [closedPort] = await freePorts(1);
    const down = await startTestApp({ role: 'api', database: t.db, env: { OIDC_ISSUER: `http://127.0.0.1:${closedPort}`, OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y' } });
    const none = await startTestApp({ role: 'api', database: t.db });
    try {
      const unreachable = await down.inject({ method: 'GET', url: '/api/auth/sso/login' });
      expect(unreachable.statusCode).toBe(503);
      expect(unreachable.json().detail).toMatch(/^EduConnect ne répond pas pour le moment/);
      const disabled = await none.inject({ method: 'GET', url: '/api/auth/sso/login' });
      expect(disabled.statusCode).toBe(404);
      expect(disabled.json()).toMatchObject({ code: 'identity.sso-disabled', detail: expect.stringMatching(/n'est pas proposée/) });
    } finally {
      await Promise.all([down.close(), none.close()]);
    }
  });
});
