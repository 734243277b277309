import { createHash, randomBytes } from 'node:crypto';
import type { TestApp } from '../support/test-app';
import { bearer, newSession } from './identity.factory';

export interface GuardianInput {
  lastName: string;
  firstName: string;
  email: string;
  mobile: string;
}

export interface CreatedFamily {
  id: string;
  reference: string;
  guardians: (GuardianInput & { id: string })[];
  children: { id: string; lastName: string; firstName: string; birthDate: string }[];
}

const hex = (n: number) => randomBytes(n).toString('hex');
/** A French mobile number no other test uses, in E.164. */
export const uniqueMobile = () => `+3361${String(randomBytes(4).readUInt32BE() % 1e7).padStart(7, '0')}`;

/** A family created by staff through the API (two guardians, two children), with unique e-mails and mobiles. */
export async function newFamily(t: TestApp, overrides: { guardians?: Partial<GuardianInput>[] } = {}): Promise<CreatedFamily> {
  const staff = await newSession(t.dataSource, 'staff');
  const tag = hex(4);
  const guardians = [
    { lastName: 'Dupont', firstName: 'Marie', email: `marie-${tag}@familles.test`, mobile: uniqueMobile(), ...overrides.guardians?.[0] },
    { lastName: 'Dupont', firstName: 'Karim', email: `karim-${tag}@familles.test`, mobile: uniqueMobile(), ...overrides.guardians?.[1] },
  ];
  const res = await t.inject({
    method: 'POST',
    url: '/api/staff/families',
    headers: bearer(staff.token),
    payload: {
      reference: `F-${tag}`,
      guardians,
      children: [
        { lastName: 'Dupont', firstName: 'Léo', birthDate: '2016-03-14' },
        { lastName: 'Dupont', firstName: 'Inès', birthDate: '2019-07-01' },
      ],
    },
  });
  if (res.statusCode !== 201) throw new Error(`newFamily: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return { ...body, guardians: body.guardians.map((g: { id: string }, i: number) => ({ ...guardians[i], id: g.id })) };
}

/**
 * A signed-in guardian of a family: an account linked to the family's guardian on file (as an
 * activation would leave it), with a live session. Returns bearer headers and the account id.
 */
export async function guardianOf(t: TestApp, family: CreatedFamily, index = 0): Promise<{ headers: Record<string, string>; accountId: string }> {
  const g = family.guardians[index];
  const [account] = await t.dataSource.query(
    `INSERT INTO identity.account (email, role, display_name, family_id, guardian_id, email_confirmed_at)
     VALUES ($1, 'guardian', $2, $3, $4, now()) RETURNING id`,
    [g.email, `${g.firstName} ${g.lastName}`, family.id, g.id],
  );
  await t.dataSource.query(`UPDATE family.guardian SET account_id = $2, activated_at = now() WHERE id = $1`, [g.id, account.id]);
  const token = randomBytes(32).toString('base64url');
  await t.dataSource.query(`INSERT INTO identity.session (account_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 hour')`, [
    account.id,
    createHash('sha256').update(token).digest(),
  ]);
  return { headers: { authorization: `Bearer ${token}` }, accountId: account.id };
}
