import type { Response } from 'light-my-request';
import { bearer, newAccount, newSession } from '../factories/identity.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** Local login, sessions (cookie + CSRF, bearer), password change, lost password, e-mail change. */
describe('identity: local login', () => {
  let t: TestApp;
  let ipSeq = 0;
  const ip = () => `10.0.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
  });
  afterAll(() => t?.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}, remoteAddress = ip()) =>
    t.inject({ method: 'POST', url: `/api${url}`, payload, headers, remoteAddress });
  const me = (headers: Record<string, string>) => t.inject({ method: 'GET', url: '/api/auth/me', headers });
  const cookieOf = (res: Response) => String(res.headers['set-cookie']).split(';')[0];
  const lastEvent = async (type: string, accountId: string) => {
    const rows = await t.dataSource.query(`SELECT payload FROM platform.outbox_event WHERE type = $1 AND aggregate_id = $2 ORDER BY position DESC LIMIT 1`, [type, accountId]);
    return rows[0]?.payload;
  };
  const tokenOf = (url: string) => new URL(url).searchParams.get('jeton')!;

  it('answers a wrong password and an unknown address alike, and audits both', async () => {
    const account = await newAccount(t.dataSource, 'guardian');
    const wrong = await post('/auth/login', { email: account.email, password: 'Mauvais1!' });
    const unknown = await post('/auth/login', { email: 'personne@exemple.fr', password: 'Mauvais1!' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe('Adresse e-mail ou mot de passe incorrect.');
    expect(unknown.json().detail).toBe(wrong.json().detail);
    const audit = await t.dataSource.query(`SELECT action, details FROM identity.audit_entry WHERE account_id = $1`, [account.id]);
    expect(audit).toEqual([{ action: 'login.failed', details: { reason: 'bad-password' } }]);
    expect(JSON.stringify(await t.dataSource.query(`SELECT * FROM identity.audit_entry`))).not.toContain('Mauvais1!');
  });

  it('logs in with a httpOnly, Secure, SameSite cookie and requires the CSRF token on changes', async () => {
    const account = await newAccount(t.dataSource, 'guardian');
    const login = await post('/auth/login', { email: account.email.toUpperCase(), password: account.password });
    expect(login.statusCode).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/^guichet_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(login.json()).toMatchObject({ accountId: account.id, role: 'guardian', csrfToken: expect.any(String) });
    expect(login.body).not.toContain(cookieOf(login).split('=')[1]); // the session token stays in the cookie

    const cookie = { cookie: cookieOf(login) };
    expect((await me(cookie)).json()).toMatchObject({ accountId: account.id, email: account.email, role: 'guardian' });
    const noCsrf = await post('/auth/logout', {}, cookie);
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('auth.csrf');
    expect((await post('/auth/logout', {}, { ...cookie, 'x-csrf-token': 'forged' })).statusCode).toBe(403);
    const out = await post('/auth/logout', {}, { ...cookie, 'x-csrf-token': login.json().csrfToken });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('gives API clients a bearer token that needs no CSRF token', async () => {
    const account = await newAccount(t.dataSource, 'staff');
    const res = await post('/auth/token', { email: account.email, password: account.password });
    expect(res.headers['set-cookie']).toBeUndefined();
    const auth = bearer(res.json().token);
    expect((await me(auth)).statusCode).toBe(200);
    expect((await post('/auth/logout', {}, auth)).statusCode).toBe(204);
    expect((await me(auth)).statusCode).toBe(401);
  });

  it('refuses malformed login bodies with field errors', async () => {
    const res = await post('/auth/login', { email: 'pas-une-adresse', password: '', admin: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['admin', 'email', 'password']);
  });

  it('throttles logins per account with a French message and Retry-After', async () => {
    const account = await newAccount(t.dataSource, 'guardian');
    for (let i = 0; i < 10; i++) expect((await post('/auth/login', { email: account.email, password: 'Mauvais1!' })).statusCode).toBe(401);
    const blocked = await post('/auth/login', { email: account.email, password: account.password });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.json().detail).toMatch(/Trop de tentatives/);
  });

  it('throttles logins per IP address', async () => {
    const from = '192.0.2.77';
    let last: Response | undefined;
    for (let i = 0; i < 31; i++) last = await post('/auth/login', { email: `x${i}@exemple.fr`, password: 'Mauvais1!' }, {}, from);
    expect(last!.statusCode).toBe(429);
  });

  it('changes the password: current + new + confirmation, French rules, other sessions end', async () => {
    const account = await newAccount(t.dataSource, 'guardian');
    const a = await post('/auth/token', { email: account.email, password: account.password });
    const b = await post('/auth/token', { email: account.email, password: account.password });
    const change = (body: object) => post('/auth/password/change', body, bearer(a.json().token));

    const wrong = await change({ currentPassword: 'Faux1!xx', newPassword: 'Nouveau9!', confirmation: 'Nouveau9!' });
    expect(wrong.json().errors).toEqual([{ field: 'currentPassword', message: 'Le mot de passe actuel est incorrect.' }]);
    const weak = await change({ currentPassword: account.password, newPassword: 'nouveau', confirmation: 'nouveau' });
    expect(weak.json().errors).toEqual([
      { field: 'newPassword', message: 'Le mot de passe doit contenir au moins 8 caractères, une lettre majuscule, un chiffre et un caractère spécial.' },
    ]);
    const mismatch = await change({ currentPassword: account.password, newPassword: 'Nouveau9!', confirmation: 'Nouveau9?' });
    expect(mismatch.json().errors[0].field).toBe('confirmation');

    expect((await change({ currentPassword: account.password, newPassword: 'Nouveau9!', confirmation: 'Nouveau9!' })).statusCode).toBe(204);
    expect((await me(bearer(a.json().token))).statusCode).toBe(200); // this session stays
    expect((await me(bearer(b.json().token))).statusCode).toBe(401); // the others end
    expect((await post('/auth/token', { email: account.email, password: account.password })).statusCode).toBe(401);
    expect((await post('/auth/token', { email: account.email, password: 'Nouveau9!' })).statusCode).toBe(200);
    expect(await lastEvent('identity.password.changed.v1', account.id)).toMatchObject({ email: account.email });
  });

  it('resets a lost password with a single-use link valid one hour, answering alike for unknown addresses', async () => {
    const account = await newAccount(t.dataSource, 'guardian');
    const session = await post('/auth/token', { email: account.email, password: account.password });
    const known = await post('/auth/password/forgot', { email: account.email });
    const unknown = await post('/auth/password/forgot', { email: 'inconnu@exemple.fr' });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    const event = await lastEvent('identity.password-reset.requested.v1', account.id);
    expect(event.resetUrl).toMatch(/^http:\/\/localhost:3000\/mot-de-passe\/nouveau\?jeton=/);
    const expiresIn = new Date(event.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(59 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(60 * 60_000);
    const token = tokenOf(event.resetUrl);

    const weak = await post('/auth/password/reset', { token, newPassword: 'faible', confirmation: 'faible' });
    expect(weak.statusCode).toBe(400);
    expect((await post('/auth/password/reset', { token, newPassword: 'Retrouve9!', confirmation: 'Retrouve9!' })).statusCode).toBe(204);
    const again = await post('/auth/password/reset', { token, newPassword: 'Encore99!', confirmation: 'Encore99!' });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0]).toMatchObject({ field: 'token', message: expect.stringMatching(/n'est plus valable/) });
    expect((await me(bearer(session.json().token))).statusCode).toBe(401); // every session ended
    expect((await post('/auth/token', { email: account.email, password: 'Retrouve9!' })).statusCode).toBe(200);
  });

  it('refuses an expired reset link, and a newer link replaces an older one', async () => {
    const account = await newAccount(t.dataSource, 'guardian');
    await post('/auth/password/forgot', { email: account.email });
    const first = tokenOf((await lastEvent('identity.password-reset.requested.v1', account.id)).resetUrl);
    await post('/auth/password/forgot', { email: account.email });
    const second = tokenOf((await lastEvent('identity.password-reset.requested.v1', account.id)).resetUrl);
    expect((await post('/auth/password/reset', { token: first, newPassword: 'Retrouve9!', confirmation: 'Retrouve9!' })).statusCode).toBe(400);
    await t.dataSource.query(`UPDATE identity.one_time_token SET expires_at = now() - interval '1 second' WHERE account_id = $1`, [account.id]);
    expect((await post('/auth/password/reset', { token: second, newPassword: 'Retrouve9!', confirmation: 'Retrouve9!' })).statusCode).toBe(400);
  });

  it('changes the login e-mail only once the new address confirms it (seed 002)', async () => {
    const account = await newAccount(t.dataSource, 'guardian');
    const session = await post('/auth/token', { email: account.email, password: account.password });
    const newEmail = `nouvelle-${account.id.slice(0, 8)}@exemple.fr`;
    const res = await post('/auth/email/change', { newEmail, currentPassword: account.password }, bearer(session.json().token));
    expect(res.statusCode).toBe(202);
    expect(res.json().message).toMatch(/Votre identifiant reste inchangé/);
    expect((await post('/auth/token', { email: account.email, password: account.password })).statusCode).toBe(200); // still the old login
    const event = await lastEvent('identity.email-change.requested.v1', account.id);
    expect(event.newEmail).toBe(newEmail);
    expect((await post('/auth/email/confirm', { token: tokenOf(event.confirmUrl) })).statusCode).toBe(204);
    expect((await post('/auth/token', { email: newEmail, password: account.password })).statusCode).toBe(200);
    expect((await post('/auth/token', { email: account.email, password: account.password })).statusCode).toBe(401);
    expect((await post('/auth/email/confirm', { token: tokenOf(event.confirmUrl) })).statusCode).toBe(400);
  });

  describe('back-office accounts', () => {
    it('lets an admin create a staff account, who gets a link to choose a password', async () => {
      const admin = await newSession(t.dataSource, 'admin');
      const email = `regie-${Date.now()}@mairie-exemple.fr`;
      const res = await post('/admin/accounts', { email, displayName: 'Régie périscolaire', role: 'staff' }, bearer(admin.token));
      expect(res.statusCode).toBe(201);
      const event = await lastEvent('identity.password-reset.requested.v1', res.json().id);
      expect(event.email).toBe(email);
      const token = tokenOf(event.resetUrl);
      expect((await post('/auth/password/reset', { token, newPassword: 'Regie2026!', confirmation: 'Regie2026!' })).statusCode).toBe(204);
      expect((await post('/auth/token', { email, password: 'Regie2026!' })).statusCode).toBe(200);
      expect((await post('/admin/accounts', { email, displayName: 'Doublon', role: 'staff' }, bearer(admin.token))).statusCode).toBe(409);
    });

    it('refuses account creation to staff and guardians', async () => {
      for (const role of ['staff', 'guardian'] as const) {
        const { token } = await newSession(t.dataSource, role);
        expect((await post('/admin/accounts', { email: 'x@exemple.fr', displayName: 'X', role: 'staff' }, bearer(token))).statusCode).toBe(403);
      }
    });

    it('lets staff disable a guardian, ending the sessions; not an admin', async () => {
      const staff = await newSession(t.dataSource, 'staff');
      const guardian = await newAccount(t.dataSource, 'guardian');
      const session = await post('/auth/token', { email: guardian.email, password: guardian.password });
      expect((await post(`/admin/accounts/${guardian.id}/disable`, {}, bearer(staff.token))).statusCode).toBe(204);
      expect((await me(bearer(session.json().token))).statusCode).toBe(401);
      expect((await post('/auth/token', { email: guardian.email, password: guardian.password })).statusCode).toBe(401);
      const admin = await newSession(t.dataSource, 'admin');
      expect((await post(`/admin/accounts/${admin.accountId}/disable`, {}, bearer(staff.token))).statusCode).toBe(403);
      expect((await post(`/admin/accounts/not-a-uuid/disable`, {}, bearer(staff.token))).json().errors[0].field).toBe('id');
    });

    it('lets staff enable a disabled guardian again; the old sessions stay ended', async () => {
      const staff = await newSession(t.dataSource, 'staff');
      const guardian = await newAccount(t.dataSource, 'guardian');
      const session = await post('/auth/token', { email: guardian.email, password: guardian.password });
      await post(`/admin/accounts/${guardian.id}/disable`, {}, bearer(staff.token));
      expect((await post(`/admin/accounts/${guardian.id}/enable`, {}, bearer(staff.token))).statusCode).toBe(204);
      expect((await me(bearer(session.json().token))).statusCode).toBe(401);
      expect((await post('/auth/token', { email: guardian.email, password: guardian.password })).statusCode).toBe(200);
      const actions = await t.dataSource.query(`SELECT action, actor_id FROM identity.audit_entry WHERE account_id = $1 AND action LIKE 'account.%' ORDER BY id`, [guardian.id]);
      expect(actions).toEqual([
        { action: 'account.disabled', actor_id: staff.accountId },
        { action: 'account.enabled', actor_id: staff.accountId },
      ]);
    });

    it('lets an admin change a staff role, audited, effective at once; nobody else, never a guardian or oneself', async () => {
      const admin = await newSession(t.dataSource, 'admin');
      const staff = await newSession(t.dataSource, 'staff');
      const promoted = await post(`/admin/accounts/${staff.accountId}/role`, { role: 'admin' }, bearer(admin.token));
      expect(promoted.statusCode).toBe(200);
      expect(promoted.json().role).toBe('admin');
      expect((await me(bearer(staff.token))).json().role).toBe('admin'); // the running session has the new role
      const [entry] = await t.dataSource.query(`SELECT actor_id, details, ip FROM identity.audit_entry WHERE account_id = $1 AND action = 'account.role-changed'`, [staff.accountId]);
      expect(entry).toMatchObject({ actor_id: admin.accountId, details: { from: 'staff', to: 'admin' }, ip: expect.any(String) });

      const other = await newSession(t.dataSource, 'staff');
      expect((await post(`/admin/accounts/${admin.accountId}/role`, { role: 'staff' }, bearer(other.token))).statusCode).toBe(403);
      expect((await post(`/admin/accounts/${admin.accountId}/role`, { role: 'staff' }, bearer(admin.token))).statusCode).toBe(403);
      const guardian = await newAccount(t.dataSource, 'guardian');
      expect((await post(`/admin/accounts/${guardian.id}/role`, { role: 'admin' }, bearer(admin.token))).statusCode).toBe(409);
      const bad = await post(`/admin/accounts/${other.accountId}/role`, { role: 'guardian' }, bearer(admin.token));
      expect(bad.json().errors).toEqual([{ field: 'role', message: 'doit valoir staff ou admin' }]);
    });

    it('lists accounts: guardians for staff, everyone for admins', async () => {
      const guardian = await newAccount(t.dataSource, 'guardian');
      const staff = await newSession(t.dataSource, 'staff');
      const admin = await newSession(t.dataSource, 'admin');
      const asStaff = await t.inject({ method: 'GET', url: `/api/admin/accounts?q=${encodeURIComponent(guardian.email)}`, headers: bearer(staff.token) });
      expect(asStaff.json()).toEqual([expect.objectContaining({ id: guardian.id, role: 'guardian', disabled: false })]);
      const staffByStaff = await t.inject({ method: 'GET', url: '/api/admin/accounts?q=staff-', headers: bearer(staff.token) });
      expect(staffByStaff.json()).toEqual([]);
      const byAdmin = await t.inject({ method: 'GET', url: '/api/admin/accounts?q=staff-&limit=200', headers: bearer(admin.token) });
      expect(byAdmin.json().map((a: { id: string }) => a.id)).toContain(staff.accountId);
    });
  });
});
