import { startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** The first admin comes from ADMIN_EMAIL, once, however many API instances start together. */
describe('identity: first admin', () => {
  let db: TestDatabase;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.drop();
  });

  it('creates one admin for ADMIN_EMAIL, with a 72-hour link to choose the password, and no other later', async () => {
    const env = { ADMIN_EMAIL: 'Direction@Mairie-Exemple.fr' };
    apps.push(...(await Promise.all([startTestApp({ role: 'api', database: db, env }), startTestApp({ role: 'api', database: db, env })])));
    const t = apps[0];
    const admins = await t.dataSource.query(`SELECT id, email, password_hash FROM identity.account WHERE role = 'admin'`);
    expect(admins).toEqual([{ id: expect.any(String), email: 'direction@mairie-exemple.fr', password_hash: null }]);
    const events = await t.dataSource.query(`SELECT payload FROM platform.outbox_event WHERE type = 'identity.password-reset.requested.v1' AND aggregate_id = $1`, [admins[0].id]);
    expect(events).toHaveLength(1);
    const hours = (Date.parse(events[0].payload.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    const token = new URL(events[0].payload.resetUrl).searchParams.get('jeton')!;
    const reset = await t.inject({ method: 'POST', url: '/api/auth/password/reset', payload: { token, newPassword: 'Direction2026!', confirmation: 'Direction2026!' } });
    expect(reset.statusCode).toBe(204);
    const login = await t.inject({ method: 'POST', url: '/api/auth/token', payload: { email: 'direction@mairie-exemple.fr', password: 'Direction2026!' } });
    expect(login.statusCode).toBe(200);

    // an admin exists: another address configured later creates nothing
    apps.push(await startTestApp({ role: 'api', database: db, env: { ADMIN_EMAIL: 'autre@mairie-exemple.fr' } }));
    expect((await t.dataSource.query(`SELECT email FROM identity.account WHERE role = 'admin'`))).toEqual([{ email: 'direction@mairie-exemple.fr' }]);
  });
});
