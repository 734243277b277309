import { IdentityHousekeeping } from '../../src/modules/identity/application/identity-housekeeping';
import { newAccount } from '../factories/identity.factory';
import { startTestApp, TestApp } from '../support/test-app';

describe('identity: housekeeping', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
  });
  afterAll(() => t?.close());

  it('deletes dead links, tickets, sessions and activations, and keeps live ones', async () => {
    const account = await newAccount(t.dataSource, 'guardian');
    const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
    for (const [age, tag] of [['2 days', 'old'], ['-1 hour', 'live']]) {
      await q(`INSERT INTO identity.one_time_token (account_id, purpose, token_hash, expires_at) VALUES ($1, 'password-reset', sha256(convert_to($2, 'UTF8')), now() - $3::interval)`, [account.id, `ott-${tag}`, age]);
      await q(`INSERT INTO identity.session (account_id, token_hash, expires_at) VALUES ($1, sha256(convert_to($2, 'UTF8')), now() - $3::interval * 20)`, [account.id, `s-${tag}`, age]);
      await q(
        `INSERT INTO identity.activation (token_hash, mobile, expires_at, code_hash, code_expires_at) VALUES (sha256(convert_to($1, 'UTF8')), '+33611111111', now() - $2::interval * 20, '\\x00', now())`,
        [`a-${tag}`, age],
      );
      await q(`INSERT INTO identity.sso_link_ticket (token_hash, issuer, subject, expires_at) VALUES (sha256(convert_to($1, 'UTF8')), 'https://idp', $1, now() - $2::interval)`, [`t-${tag}`, age]);
    }
    const deleted = await t.app.get(IdentityHousekeeping).purge();
    expect(deleted).toMatchObject({ one_time_token: 1, session: 1, activation: 1, sso_link_ticket: 1 });
    for (const table of ['one_time_token', 'session', 'activation', 'sso_link_ticket']) {
      expect([table, Number((await q(`SELECT count(*) AS n FROM identity.${table}`))[0].n)]).toEqual([table, 1]);
    }
  });
});
