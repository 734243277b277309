import { bearer, newSession } from '../factories/identity.factory';
import { newFamily, uniqueMobile } from '../factories/family.factory';
import { startTestApp, TestApp } from '../support/test-app';

/** Staff create families (form and CSV import); guardians and anonymous callers are refused. */
describe('family: staff create and import families', () => {
  let t: TestApp;
  let staff: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    staff = bearer((await newSession(t.dataSource, 'staff')).token);
  });
  afterAll(() => t?.close());

  const count = async () => (await t.dataSource.query(`SELECT (SELECT count(*) FROM family.family)::int AS f, (SELECT count(*) FROM family.guardian)::int AS g, (SELECT count(*) FROM family.child)::int AS c`))[0];
  const importCsv = (csv: string, query = '', headers = staff) =>
    t.inject({ method: 'POST', url: `/api/staff/families/import${query}`, payload: csv, headers: { ...headers, 'content-type': 'text/csv' } });
  const header = 'reference_famille;qualite;nom;prenom;courriel;mobile;date_naissance';

  it('creates a family with guardians and children, storing mobiles in E.164', async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/api/staff/families',
      headers: staff,
      payload: {
        reference: 'F-100',
        guardians: [{ lastName: ' Lefèvre ', firstName: 'Anne', email: 'Anne.Lefevre@Exemple.FR', mobile: '06 98 76 54 32' }],
        children: [{ lastName: 'Lefèvre', firstName: 'Tom', birthDate: '2017-05-02' }],
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      reference: 'F-100',
      guardians: [{ lastName: 'Lefèvre', firstName: 'Anne', email: 'anne.lefevre@exemple.fr', mobile: '+33698765432', activated: false }],
      children: [{ lastName: 'Lefèvre', firstName: 'Tom', birthDate: '2017-05-02' }],
    });
    const again = await t.inject({ method: 'GET', url: `/api/staff/families/${res.json().id}`, headers: staff });
    expect(again.json()).toEqual({ ...res.json(), file: { address: null, phones: [], email: null, quotient: null, pending: [] } });
    const found = await t.inject({ method: 'GET', url: '/api/staff/families?q=lefèvre', headers: staff });
    expect(found.json()).toEqual([{ id: res.json().id, reference: 'F-100', guardians: ['Anne Lefèvre'], children: 1 }]);
  });

  it('says which fields are wrong and records nothing', async () => {
    const before = await count();
    const res = await t.inject({
      method: 'POST',
      url: '/api/staff/families',
      headers: staff,
      payload: {
        guardians: [{ lastName: 'Martin', firstName: 'Paul', email: 'pas-une-adresse', mobile: '01 23 45 67 89' }],
        children: [{ lastName: 'Martin', firstName: 'Lou', birthDate: '2040-01-01' }],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'guardians[0].email', message: "L'adresse e-mail n'est pas valide." },
      { field: 'guardians[0].mobile', message: expect.stringMatching(/pas un numéro de téléphone portable valide/) },
      { field: 'children[0].birthDate', message: 'La date de naissance ne peut pas être dans le futur.' },
    ]);
    const shape = await t.inject({ method: 'POST', url: '/api/staff/families', headers: staff, payload: { guardians: 'x', children: [{ birthDate: 3 }], extra: 1 } });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['guardians', 'children[0].birthDate', 'extra']));
    expect(await count()).toEqual(before);
  });

  it('refuses a guardian e-mail or a reference already on file (409)', async () => {
    const family = await newFamily(t);
    const res = await t.inject({
      method: 'POST',
      url: '/api/staff/families',
      headers: staff,
      payload: {
        reference: family.reference,
        guardians: [{ lastName: 'Autre', firstName: 'Personne', email: family.guardians[0].email.toUpperCase(), mobile: uniqueMobile() }],
        children: [{ lastName: 'Autre', firstName: 'Enfant', birthDate: '2018-01-01' }],
      },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['reference', 'guardians[0].email']);
  });

  it('imports a CSV file: every family, with per-person lines', async () => {
    const before = await count();
    const csv = `${header}
IMP-1;responsable;Bernard;Julie;julie.bernard@familles.test;06 11 22 33 44;
IMP-1;responsable;Bernard;Marc;marc.bernard@familles.test;07 81 22 33 44;
IMP-1;enfant;Bernard;Noé;;;03/09/2015
IMP-2;responsable;Petit;Sami;sami.petit@familles.test;+33 6 55 44 33 22;
IMP-2;enfant;Petit;Lina;;;2020-02-29
`;
    const dry = await importCsv(csv, '?dryRun=true');
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toEqual({ dryRun: true, families: 2, guardians: 3, children: 2 });
    expect(await count()).toEqual(before);
    const res = await importCsv(csv);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ dryRun: false, families: 2, guardians: 3, children: 2 });
    expect(await count()).toEqual({ f: before.f + 2, g: before.g + 3, c: before.c + 2 });
    const [child] = await t.dataSource.query(`SELECT to_char(birth_date, 'YYYY-MM-DD') AS d FROM family.child WHERE first_name = 'Noé'`);
    expect(child.d).toBe('2015-09-03');
    // the same file again: every family is already on file, nothing is imported twice
    const again = await importCsv(csv);
    expect(again.statusCode).toBe(422);
    expect(await count()).toEqual({ f: before.f + 2, g: before.g + 3, c: before.c + 2 });
  });

  it('rejects the whole file with a report of every bad line, and imports nothing', async () => {
    const before = await count();
    const csv = `${header}
OK-1;responsable;Roux;Eva;eva.roux@familles.test;0612121212;
OK-1;enfant;Roux;Jade;;;2014-06-01
BAD-1;responsable;Blanc;Luc;luc.blanc@familles.test;0123456789;
BAD-1;enfant;Blanc;Ana;;;31/02/2016
BAD-2;tuteur;Noir;Max;max@familles.test;0612121213;
BAD-3;responsable;Vert;Ines;eva.roux@familles.test;0612121214;
BAD-3;enfant;Vert;Ali;;;2015-01-01
`;
    const res = await importCsv(csv);
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toBe('Import refusé : 4 ligne(s) en erreur sur 7. Rien n’a été importé ; corrigez le fichier et envoyez-le à nouveau.');
    expect(res.json().errors).toEqual([
      { line: 4, field: 'mobile', message: expect.stringMatching(/portable valide/) },
      { line: 5, field: 'date_naissance', message: expect.stringMatching(/pas une date valide/) },
      { line: 6, field: 'qualite', message: 'Qualité « tuteur » inconnue : « responsable » ou « enfant ».' },
      { line: 6, field: 'fichier', message: 'Famille BAD-2 : Une famille a au moins un responsable légal.' },
      { line: 6, field: 'fichier', message: 'Famille BAD-2 : Une famille a au moins un enfant.' },
      { line: 7, field: 'courriel', message: 'Cette adresse e-mail est déjà celle d’un responsable à la ligne 2.' },
    ]);
    expect(await count()).toEqual(before);
  });

  it('refuses a file that is not CSV, or has no header, clearly', async () => {
    const json = await t.inject({ method: 'POST', url: '/api/staff/families/import', headers: staff, payload: { a: 1 } });
    expect(json.statusCode).toBe(400);
    expect(json.json().detail).toMatch(/Content-Type: text\/csv/);
    const noHeader = await importCsv('F-1;responsable;A;B;c@d.fr;0612345678;');
    expect(noHeader.statusCode).toBe(422);
    expect(noHeader.json().errors[0]).toMatchObject({ line: 1, field: 'fichier', message: expect.stringMatching(/Colonnes manquantes/) });
    const other = await t.inject({ method: 'POST', url: '/api/staff/families/import', headers: { ...staff, 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(other.statusCode).toBe(415);
  });

  it('is for staff only', async () => {
    const guardian = bearer((await newSession(t.dataSource, 'guardian')).token);
    const family = await newFamily(t);
    for (const [method, url] of [['GET', '/api/staff/families'], ['GET', `/api/staff/families/${family.id}`], ['POST', '/api/staff/families'], ['POST', '/api/staff/families/import']] as const) {
      const asGuardian = await t.inject({ method, url, headers: guardian, payload: method === 'POST' ? {} : undefined });
      expect([url, asGuardian.statusCode]).toEqual([url, 403]);
      const anonymous = await t.inject({ method, url, payload: method === 'POST' ? {} : undefined });
      expect([url, anonymous.statusCode]).toEqual([url, 401]);
    }
    expect((await t.inject({ method: 'GET', url: '/api/staff/families/not-a-uuid', headers: staff })).statusCode).toBe(400);
    expect((await t.inject({ method: 'GET', url: '/api/staff/families/00000000-0000-4000-8000-000000000000', headers: staff })).statusCode).toBe(404);
  });
});
