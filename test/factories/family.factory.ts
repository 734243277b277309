import { randomBytes } from 'node:crypto';
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
