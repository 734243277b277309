import type { Response } from 'light-my-request';
import { newFamily, uniqueMobile } from '../factories/family.factory';
import { bearer, newSession } from '../factories/identity.factory';
import { eventually, startTestApp, TestApp } from '../support/test-app';

/**
 * Activation of a guardian account (seeds 001 and 004), through the API, with the SMS read from the
 * recording gateway and the e-mail from the local SMTP sink.
 */
describe('identity: guardian activation', () => {
  let t: TestApp;
  let ipSeq = 0;
  const ip = () => `10.9.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}, remoteAddress = ip()) =>
    t.inject({ method: 'POST', url: `/api${url}`, payload, headers, remoteAddress });
  const smsTo = (mobile: string): Promise<{ body: string }[]> => t.dataSource.query(`SELECT body FROM notifications.recorded_sms WHERE recipient = $1 ORDER BY id`, [mobile]);
  const codeSentTo = async (mobile: string, nth = 1) => {
    const sms = await eventually(async () => {
      const all = await smsTo(mobile);
      return all.length >= nth ? all : undefined;
    });
    return /(\d{6})/.exec(sms![nth - 1].body)![1];
  };
  const mailTo = async (email: string) =>
    eventually(async () => (await t.dataSource.query(`SELECT subject, text_body FROM notifications.sink_mail WHERE envelope_to @> ARRAY[$1::text] ORDER BY id`, [email]))[0]);
  const linkToken = (text: string) => new URL(/(http\S+activation\/confirmer\S+)/.exec(text)![1]).searchParams.get('token')!;
  const fields = (res: Response) => res.json().errors?.map((e: { field: string }) => e.field);

  async function activate(family: Awaited<ReturnType<typeof newFamily>>, guardian = 0, password = 'Cantine2026!') {
    const g = family.guardians[guardian];
    const start = await post('/auth/activation', { lastName: g.lastName, firstName: g.firstName, mobile: g.mobile });
    const activationToken = start.json().activationToken;
    const code = await codeSentTo(g.mobile);
    expect((await post('/auth/activation/code', { activationToken, code })).statusCode).toBe(200);
    const children = family.children.map((c) => ({ childId: c.id, isLegalGuardian: true, birthDate: c.birthDate }));
    expect((await post('/auth/activation/children', { activationToken, children })).statusCode).toBe(200);
    expect((await post('/auth/activation/credentials', { activationToken, email: g.email, password, passwordConfirmation: password })).statusCode).toBe(202);
    const confirm = await post('/auth/activation/confirm', { token: linkToken((await mailTo(g.email)).text_body) });
    expect(confirm.statusCode).toBe(200);
    const login = await post('/auth/token', { email: g.email, password });
    return { ...bearer(login.json().token) };
  }

  it('activates a guardian: SMS code, children by birth date, password, e-mail link; then login and the own family', async () => {
    const family = await newFamily(t);
    const marie = family.guardians[0];
    // name typed with other case and accents, mobile in national format
    const start = await post('/auth/activation', { lastName: 'DUPONT', firstName: 'marie', mobile: `0${marie.mobile.slice(3)}` });
    expect(start.statusCode).toBe(202);
    expect(start.json()).toEqual({ activationToken: expect.any(String), codeExpiresAt: expect.any(String), message: expect.stringMatching(/^Si ces informations correspondent/) });
    const { activationToken } = start.json();
    const code = await codeSentTo(marie.mobile);
    const minutes = (Date.parse(start.json().codeExpiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);

    const wrong = await post('/auth/activation/code', { activationToken, code: code === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ field: 'code', message: 'Code incorrect. Il vous reste 4 essais.' }]);
    const empty = await post('/auth/activation/code', { activationToken, code: '' });
    expect(empty.json().errors[0]).toEqual({ field: 'code', message: 'Veuillez renseigner le champ « Code ».' });

    const verified = await post('/auth/activation/code', { activationToken, code });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().children).toEqual(family.children.map((c) => ({ childId: c.id, lastName: c.lastName, firstName: c.firstName })));
    expect(verified.body).not.toContain(family.children[0].birthDate); // the guardian must know the dates

    const [leo, ines] = family.children;
    const badDate = await post('/auth/activation/children', {
      activationToken,
      children: [
        { childId: leo.id, isLegalGuardian: true, birthDate: leo.birthDate },
        { childId: ines.id, isLegalGuardian: true, birthDate: '2019-07-02' },
      ],
    });
    expect(badDate.statusCode).toBe(400);
    expect(fields(badDate)).toEqual(['children[1].birthDate']);
    const confirmed = await post('/auth/activation/children', {
      activationToken,
      children: [
        { childId: leo.id, isLegalGuardian: true, birthDate: leo.birthDate },
        { childId: ines.id, isLegalGuardian: false },
      ],
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toEqual({ email: marie.email, completed: false });

    const weak = await post('/auth/activation/credentials', { activationToken, email: marie.email, password: 'cantine', passwordConfirmation: 'cantine' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toEqual([{ field: 'password', message: 'Le mot de passe doit contenir au moins 8 caractères, une lettre majuscule, un chiffre et un caractère spécial.' }]);
    const none = await post('/auth/activation/credentials', { activationToken, email: marie.email });
    expect(none.json().errors).toEqual([{ field: 'password', message: expect.stringMatching(/^Le mot de passe doit contenir au moins 8 caractères/) }]);
    const mismatch = await post('/auth/activation/credentials', { activationToken, email: marie.email, password: 'Cantine2026!', passwordConfirmation: 'Cantine2026?' });
    expect(fields(mismatch)).toEqual(['passwordConfirmation']);
    const sent = await post('/auth/activation/credentials', { activationToken, email: marie.email, password: 'Cantine2026!', passwordConfirmation: 'Cantine2026!' });
    expect(sent.statusCode).toBe(202);

    // not an account until the e-mail is confirmed
    expect((await post('/auth/token', { email: marie.email, password: 'Cantine2026!' })).statusCode).toBe(401);
    const mail = await mailTo(marie.email);
    expect(mail.subject).toBe('Terminez l’activation de votre compte Guichet');
    const token = linkToken(mail.text_body);
    const done = await post('/auth/activation/confirm', { token });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ email: marie.email, ssoLinked: false, message: `Votre compte est activé. Votre identifiant est ${marie.email}.` });
    expect((await post('/auth/activation/confirm', { token })).statusCode).toBe(400); // single use

    const login = await post('/auth/token', { email: marie.email, password: 'Cantine2026!' });
    expect(login.statusCode).toBe(200);
    const auth = bearer(login.json().token);
    const me = await t.inject({ method: 'GET', url: '/api/family', headers: auth });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: family.id, children: family.children.map((c) => ({ id: c.id, birthDate: c.birthDate })) });
    // family learns it through identity.guardian.activated.v1: the guardian is linked to the confirmed child only
    await eventually(async () => (await t.inject({ method: 'GET', url: '/api/family', headers: auth })).json().guardians.find((x: { id: string }) => x.id === marie.id).activated === true || undefined);
    const links = await t.dataSource.query(`SELECT child_id FROM family.guardian_child WHERE guardian_id = $1`, [marie.id]);
    expect(links).toEqual([{ child_id: leo.id }]);
    const audit = await t.dataSource.query(`SELECT action FROM identity.audit_entry WHERE details->>'activationId' IS NOT NULL ORDER BY at, id`);
    expect(JSON.stringify(audit)).not.toMatch(/\d{6}/);
    expect(JSON.stringify(await t.dataSource.query(`SELECT * FROM identity.activation`))).not.toContain('Cantine2026!');
  });

  it('answers an unknown person exactly like a known one, sends nothing, and no code ever works', async () => {
    const mobile = uniqueMobile();
    const start = await post('/auth/activation', { lastName: 'Inconnu', firstName: 'Personne', mobile });
    expect(start.statusCode).toBe(202);
    expect(Object.keys(start.json()).sort()).toEqual(['activationToken', 'codeExpiresAt', 'message']);
    const family = await newFamily(t);
    const known = await post('/auth/activation', { lastName: family.guardians[0].lastName, firstName: family.guardians[0].firstName, mobile: family.guardians[0].mobile });
    expect(known.json().message).toBe(start.json().message);
    // a known name with another number is unknown too
    const otherNumber = await post('/auth/activation', { lastName: family.guardians[1].lastName, firstName: family.guardians[1].firstName, mobile });
    expect(otherNumber.statusCode).toBe(202);
    const wrong = await post('/auth/activation/code', { activationToken: start.json().activationToken, code: '123456' });
    expect(wrong.json().errors).toEqual([{ field: 'code', message: 'Code incorrect. Il vous reste 4 essais.' }]);
    await codeSentTo(family.guardians[0].mobile); // the known one got its SMS, so the unknown one would have by now
    expect(await smsTo(mobile)).toEqual([]);
    expect(await smsTo(family.guardians[1].mobile)).toEqual([]);
  });

  it('locks a code after 5 wrong tries; a new code (3 at most) replaces it', async () => {
    const family = await newFamily(t);
    const g = family.guardians[0];
    const { activationToken } = (await post('/auth/activation', { lastName: g.lastName, firstName: g.firstName, mobile: g.mobile })).json();
    const code = await codeSentTo(g.mobile);
    const wrongCode = code === '999999' ? '000000' : '999999';
    const messages = [];
    for (let i = 0; i < 5; i++) messages.push((await post('/auth/activation/code', { activationToken, code: wrongCode })).json().errors[0].message);
    expect(messages).toEqual(['Code incorrect. Il vous reste 4 essais.', 'Code incorrect. Il vous reste 3 essais.', 'Code incorrect. Il vous reste 2 essais.', 'Code incorrect. Il vous reste 1 essai.', 'Code incorrect. Demandez un nouveau code.']);
    const locked = await post('/auth/activation/code', { activationToken, code });
    expect(locked.statusCode).toBe(400);
    expect(locked.json().code).toBe('identity.activation-code-locked');

    expect((await post('/auth/activation/code/resend', { activationToken })).statusCode).toBe(202);
    const second = await codeSentTo(g.mobile, 2);
    if (second !== code) expect((await post('/auth/activation/code', { activationToken, code })).statusCode).toBe(400); // the old code is dead
    expect((await post('/auth/activation/code/resend', { activationToken })).statusCode).toBe(202);
    const third = await codeSentTo(g.mobile, 3);
    const exhausted = await post('/auth/activation/code/resend', { activationToken });
    expect(exhausted.statusCode).toBe(429);
    expect((await post('/auth/activation/code', { activationToken, code: third })).statusCode).toBe(200);
  });

  it('refuses a code older than 30 minutes and an activation older than 15 days', async () => {
    const family = await newFamily(t);
    const g = family.guardians[0];
    const { activationToken } = (await post('/auth/activation', { lastName: g.lastName, firstName: g.firstName, mobile: g.mobile })).json();
    const code = await codeSentTo(g.mobile);
    await t.dataSource.query(`UPDATE identity.activation SET code_expires_at = now() - interval '1 second' WHERE mobile = $1`, [g.mobile]);
    const late = await post('/auth/activation/code', { activationToken, code });
    expect(late.json()).toMatchObject({ code: 'identity.activation-code-expired', errors: [{ field: 'code', message: 'Ce code a expiré : demandez un nouveau code.' }] });

    // the whole activation: 15 days, including the e-mail link
    const other = family.guardians[1];
    const second = (await post('/auth/activation', { lastName: other.lastName, firstName: other.firstName, mobile: other.mobile })).json().activationToken;
    expect((await post('/auth/activation/code', { activationToken: second, code: await codeSentTo(other.mobile) })).statusCode).toBe(200);
    const children = family.children.map((c) => ({ childId: c.id, isLegalGuardian: true, birthDate: c.birthDate }));
    expect((await post('/auth/activation/children', { activationToken: second, children })).statusCode).toBe(200);
    expect((await post('/auth/activation/credentials', { activationToken: second, email: other.email, password: 'Cantine2026!', passwordConfirmation: 'Cantine2026!' })).statusCode).toBe(202);
    const [{ created_at }] = await t.dataSource.query(`SELECT created_at FROM identity.activation WHERE mobile = $1`, [other.mobile]);
    expect((Date.now() - created_at.getTime()) / 86_400_000).toBeLessThan(0.01);
    const [{ days }] = await t.dataSource.query(`SELECT extract(epoch FROM expires_at - created_at) / 86400 AS days FROM identity.activation WHERE mobile = $1`, [other.mobile]);
    expect(Number(days)).toBe(15);
    await t.dataSource.query(`UPDATE identity.activation SET expires_at = now() - interval '1 second' WHERE mobile = $1`, [other.mobile]);
    const expired = await post('/auth/activation/confirm', { token: linkToken((await mailTo(other.email)).text_body) });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().code).toBe('identity.activation-link-invalid');
    expect((await t.dataSource.query(`SELECT 1 FROM identity.account WHERE lower(email) = $1`, [other.email])).length).toBe(0);
    const afterExpiry = await post('/auth/activation/children', { activationToken: second, children });
    expect(afterExpiry.json().code).toBe('identity.activation-expired');
  });

  it('blocks an activation after 5 wrong birth dates', async () => {
    const family = await newFamily(t);
    const g = family.guardians[0];
    const { activationToken } = (await post('/auth/activation', { lastName: g.lastName, firstName: g.firstName, mobile: g.mobile })).json();
    await post('/auth/activation/code', { activationToken, code: await codeSentTo(g.mobile) });
    const guesses = family.children.map((c) => ({ childId: c.id, isLegalGuardian: true, birthDate: '2015-01-01' }));
    for (let i = 0; i < 5; i++) expect((await post('/auth/activation/children', { activationToken, children: guesses })).json().code).toBe('identity.activation-children');
    const right = family.children.map((c) => ({ childId: c.id, isLegalGuardian: true, birthDate: c.birthDate }));
    const blocked = await post('/auth/activation/children', { activationToken, children: right });
    expect(blocked.json().code).toBe('identity.activation-locked');
  });

  it('sends nothing to a guardian already activated, and never creates a second account', async () => {
    const family = await newFamily(t);
    await activate(family);
    const g = family.guardians[0];
    const again = await post('/auth/activation', { lastName: g.lastName, firstName: g.firstName, mobile: g.mobile });
    expect(again.statusCode).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    expect(await smsTo(g.mobile)).toHaveLength(1);
  });

  it('throttles activation requests per mobile number with Retry-After', async () => {
    const mobile = uniqueMobile();
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await post('/auth/activation', { lastName: 'Essai', firstName: 'Trop', mobile })).statusCode);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    const last = await post('/auth/activation', { lastName: 'Essai', firstName: 'Trop', mobile });
    expect(last.json().detail).toBe("Trop de demandes d'activation. Réessayez plus tard.");
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses malformed steps with the field at fault and changes nothing', async () => {
    const res = await post('/auth/activation', { lastName: '', mobile: '01 23 45 67 89', x: 1 });
    expect(res.statusCode).toBe(400);
    expect(fields(res).sort()).toEqual(['firstName', 'lastName', 'x']);
    const landline = await post('/auth/activation', { lastName: 'A', firstName: 'B', mobile: '01 23 45 67 89' });
    expect(fields(landline)).toEqual(['mobile']);
    const unknownToken = await post('/auth/activation/code', { activationToken: 'x'.repeat(43), code: '123456' });
    expect(unknownToken.statusCode).toBe(404);
    const badChildren = await post('/auth/activation/children', { activationToken: 'x'.repeat(43), children: [{ childId: 'nope', isLegalGuardian: 'oui' }] });
    expect(fields(badChildren).sort()).toEqual(['children[0].childId', 'children[0].isLegalGuardian']);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM identity.activation WHERE mobile = '+33123456789'`))[0].n).toBe(0);
  });

  it('keeps each guardian in their own family; staff routes stay closed to guardians', async () => {
    const mine = await newFamily(t);
    const theirs = await newFamily(t);
    const auth = await activate(mine);
    const own = await t.inject({ method: 'GET', url: '/api/family', headers: auth });
    expect(own.json().id).toBe(mine.id);
    expect(own.body).not.toContain(theirs.guardians[0].email);
    expect((await t.inject({ method: 'GET', url: `/api/staff/families/${theirs.id}`, headers: auth })).statusCode).toBe(403);
    expect((await t.inject({ method: 'GET', url: '/api/staff/families', headers: auth })).statusCode).toBe(403);
    // the second guardian of the family has their own login and sees the same children
    const second = await activate(mine, 1, 'Garderie2026?');
    const hers = await t.inject({ method: 'GET', url: '/api/family', headers: second });
    expect(hers.json().children).toEqual(own.json().children);
    // staff have no family of their own
    const staff = bearer((await newSession(t.dataSource, 'staff')).token);
    expect((await t.inject({ method: 'GET', url: '/api/family', headers: staff })).statusCode).toBe(403);
  });
});
