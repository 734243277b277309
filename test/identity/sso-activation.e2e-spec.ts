import { startDevOidcProvider, DevOidcProvider } from '../../src/modules/identity/infrastructure/dev-oidc-provider';
import { CreatedFamily, newFamily } from '../factories/family.factory';
import { Hop, OidcBrowser, ssoUpToCallback } from '../support/oidc-browser';
import { eventually, startTestApp, TestApp } from '../support/test-app';

/**
 * The first EduConnect login of a person is linked to a guardian account only through the
 * activation checks (SMS code to the mobile on file, children's birth dates), never by e-mail;
 * later EduConnect logins land in that account.
 */
describe('identity: linking an EduConnect login through activation', () => {
  const PUBLIC = 'http://localhost:3000';
  let provider: DevOidcProvider;
  let t: TestApp;

  beforeAll(async () => {
    provider = await startDevOidcProvider({ port: 0, clientId: 'guichet-test', redirectUri: `${PUBLIC}/api/auth/sso/callback`, postLogoutRedirectUri: `${PUBLIC}/` });
    t = await startTestApp({ env: { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret } });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });

  let ipSeq = 0;
  const post = (url: string, payload: object) => t.inject({ method: 'POST', url: `/api${url}`, payload, remoteAddress: `10.8.0.${++ipSeq % 250}` });
  const codeSentTo = async (mobile: string, nth = 1) => {
    const sms = await eventually(async () => {
      const rows: { body: string }[] = await t.dataSource.query(`SELECT body FROM notifications.recorded_sms WHERE recipient = $1 ORDER BY id`, [mobile]);
      return rows.length >= nth ? rows : undefined;
    });
    return /(\d{6})/.exec(sms![nth - 1].body)![1];
  };
  const linkFromMail = async (email: string) => {
    const mail = await eventually(async () => (await t.dataSource.query(`SELECT text_body FROM notifications.sink_mail WHERE envelope_to @> ARRAY[$1::text]`, [email]))[0]);
    return new URL(/(http\S+activation\/confirmer\S+)/.exec(mail.text_body)![1]).searchParams.get('token')!;
  };
  const ticketOf = (hop: Hop) => new URL(hop.location!).searchParams.get('sso')!;
  /** An EduConnect login in a fresh browser; returns the browser and where Guichet sent it. */
  const ssoLogin = async (username: string) => {
    const browser = new OidcBrowser(t);
    const back = await browser.request(await ssoUpToCallback(browser, username));
    return { browser, back };
  };
  const familyWithCookie = (browser: OidcBrowser) =>
    t.inject({ method: 'GET', url: '/api/family', headers: { cookie: `guichet_session=${browser.cookie(PUBLIC, 'guichet_session')}` } });
  const checks = async (family: CreatedFamily, activationToken: string, nthSms = 1) => {
    const g = family.guardians[0];
    expect((await post('/auth/activation/code', { activationToken, code: await codeSentTo(g.mobile, nthSms) })).statusCode).toBe(200);
    const children = family.children.map((c) => ({ childId: c.id, isLegalGuardian: true, birthDate: c.birthDate }));
    return post('/auth/activation/children', { activationToken, children });
  };

  it('links a first EduConnect login to the new account made by the activation, with no password needed', async () => {
    const family = await newFamily(t);
    const g = family.guardians[0];
    const first = await ssoLogin('chloe.petit');
    expect(new URL(first.back.location!).pathname).toBe('/activation');
    expect(first.browser.cookie(PUBLIC, 'guichet_session')).toBeUndefined();

    const start = await post('/auth/activation', { lastName: g.lastName, firstName: g.firstName, mobile: g.mobile, ssoTicket: ticketOf(first.back) });
    expect(start.statusCode).toBe(202);
    const { activationToken } = start.json();
    const children = await checks(family, activationToken);
    expect(children.json()).toEqual({ email: g.email, completed: false });
    expect((await post('/auth/activation/credentials', { activationToken, email: g.email })).statusCode).toBe(202);
    const done = await post('/auth/activation/confirm', { token: await linkFromMail(g.email) });
    expect(done.json()).toMatchObject({ email: g.email, ssoLinked: true, message: expect.stringMatching(/avec EduConnect/) });

    const again = await ssoLogin('chloe.petit');
    expect(again.back.location).toBe(`${PUBLIC}/`);
    const mine = await familyWithCookie(again.browser);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().id).toBe(family.id);
    // no password was chosen: the local login does not open this account
    expect((await post('/auth/token', { email: g.email, password: 'motdepasse' })).statusCode).toBe(401);
  });

  it('links an EduConnect login to an account activated earlier, after the same checks', async () => {
    const family = await newFamily(t);
    const g = family.guardians[0];
    // activated earlier with a password
    const first = (await post('/auth/activation', { lastName: g.lastName, firstName: g.firstName, mobile: g.mobile })).json().activationToken;
    await checks(family, first);
    await post('/auth/activation/credentials', { activationToken: first, email: g.email, password: 'Cantine2026!', passwordConfirmation: 'Cantine2026!' });
    expect((await post('/auth/activation/confirm', { token: await linkFromMail(g.email) })).json().ssoLinked).toBe(false);

    const { back } = await ssoLogin('paul.roux');
    const start = await post('/auth/activation', { lastName: g.lastName, firstName: g.firstName, mobile: g.mobile, ssoTicket: ticketOf(back) });
    const children = await checks(family, start.json().activationToken, 2);
    expect(children.json()).toEqual({ email: g.email, completed: true });
    const later = await ssoLogin('paul.roux');
    expect(later.back.location).toBe(`${PUBLIC}/`);
    expect((await familyWithCookie(later.browser)).json().id).toBe(family.id);
    expect((await post('/auth/token', { email: g.email, password: 'Cantine2026!' })).statusCode).toBe(200);
  });

  it('never links without the checks: a wrong code or birth date links nothing; a dead ticket is refused', async () => {
    const family = await newFamily(t);
    const g = family.guardians[0];
    const links = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM identity.sso_identity`))[0].n);
    const before = await links();
    const { back } = await ssoLogin('karim.benali');
    const ticket = ticketOf(back);
    const { activationToken } = (await post('/auth/activation', { lastName: g.lastName, firstName: g.firstName, mobile: g.mobile, ssoTicket: ticket })).json();
    const code = await codeSentTo(g.mobile);
    expect((await post('/auth/activation/code', { activationToken, code: code === '000000' ? '111111' : '000000' })).statusCode).toBe(400);
    expect((await post('/auth/activation/code', { activationToken, code })).statusCode).toBe(200);
    const wrong = family.children.map((c) => ({ childId: c.id, isLegalGuardian: true, birthDate: '2015-01-01' }));
    expect((await post('/auth/activation/children', { activationToken, children: wrong })).statusCode).toBe(400);
    expect(await links()).toBe(before);
    const still = await ssoLogin('karim.benali');
    expect(new URL(still.back.location!).pathname).toBe('/activation');

    const dead = await post('/auth/activation', { lastName: g.lastName, firstName: g.firstName, mobile: g.mobile, ssoTicket: 'x'.repeat(43) });
    expect(dead.statusCode).toBe(400);
    expect(dead.json().errors).toEqual([{ field: 'ssoTicket', message: expect.stringMatching(/EduConnect n'est plus valable/) }]);
  });
});
