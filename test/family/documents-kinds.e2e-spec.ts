import { bearer, newSession } from '../factories/identity.factory';
import { guardianOf, newFamily } from '../factories/family.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { newKind, PDF, staffHeaders, upload } from './documents.support';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Staff define the kinds of proof: list, create, update, deactivate; the rules of each field. */
describe('family: kinds of supporting document (staff)', () => {
  let t: TestApp;
  let dir: string;
  let staff: Record<string, string>;
  const url = '/api/staff/document-kinds';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-documents-'));
    t = await startTestApp({ role: 'api', env: { DOCUMENTS_DIR: dir } });
    staff = await staffHeaders(t);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, lists, updates, deactivates and reactivates a kind', async () => {
    const created = await t.inject({
      method: 'POST',
      url,
      headers: staff,
      payload: { code: 'proof-of-address', label: '  Justificatif de domicile ', description: 'Facture de moins de 3 mois.', level: 'family', requiredFor: ['canteen', 'after-school-evening'], validityMonths: 12 },
    });
    expect(created.statusCode).toBe(201);
    const kind = created.json();
    expect(kind).toEqual({
      id: expect.any(String),
      code: 'proof-of-address',
      label: 'Justificatif de domicile',
      description: 'Facture de moins de 3 mois.',
      level: 'family',
      requiredFor: ['canteen', 'after-school-evening'],
      validityMonths: 12,
      active: true,
    });
    const minimal = await t.inject({ method: 'POST', url, headers: staff, payload: { code: 'vaccination-record', label: 'Carnet de vaccination', level: 'child' } });
    expect(minimal.json()).toMatchObject({ description: null, requiredFor: [], validityMonths: null, active: true });

    const changed = await t.inject({ method: 'PATCH', url: `${url}/${kind.id}`, headers: staff, payload: { label: 'Justificatif de domicile récent', requiredFor: ['canteen'], validityMonths: null, description: '' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ code: 'proof-of-address', label: 'Justificatif de domicile récent', requiredFor: ['canteen'], validityMonths: null, description: null });
    const untouched = await t.inject({ method: 'PATCH', url: `${url}/${kind.id}`, headers: staff, payload: { validityMonths: 6 } });
    expect(untouched.json()).toMatchObject({ label: 'Justificatif de domicile récent', requiredFor: ['canteen'], validityMonths: 6 });

    const off = await t.inject({ method: 'POST', url: `${url}/${kind.id}/deactivate`, headers: staff });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    const list = await t.inject({ method: 'GET', url, headers: staff });
    expect(list.json().map((k: { code: string; active: boolean }) => [k.code, k.active])).toEqual([
      ['vaccination-record', true],
      ['proof-of-address', false],
    ]);
    const on = await t.inject({ method: 'POST', url: `${url}/${kind.id}/activate`, headers: staff });
    expect(on.json().active).toBe(true);
  });

  it('refuses wrong values, naming each field, and records nothing', async () => {
    const count = async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM family.document_kind`))[0].n;
    const before = await count();
    const res = await t.inject({
      method: 'POST',
      url,
      headers: staff,
      payload: { code: 'Justificatif Domicile', label: '   ', level: 'household', requiredFor: ['canteen', 'swimming'], validityMonths: 0, extra: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        { field: 'code', message: expect.stringMatching(/minuscules/) },
        { field: 'label', message: expect.stringMatching(/doit être renseigné/) },
        { field: 'level', message: 'doit valoir family ou child' },
        { field: 'requiredFor', message: expect.stringMatching(/canteen, after-school-morning/) },
        { field: 'validityMonths', message: expect.stringMatching(/entre 1 et 120/) },
        { field: 'extra', message: expect.any(String) },
      ]),
    );
    const twice = await t.inject({ method: 'POST', url, headers: staff, payload: { code: 'twice', label: 'X', level: 'family', requiredFor: ['canteen', 'canteen'] } });
    expect(twice.json().errors).toEqual([{ field: 'requiredFor', message: 'ne doit pas citer deux fois le même service' }]);
    const tooLong = await t.inject({ method: 'POST', url, headers: staff, payload: { code: 'long', label: 'X', level: 'family', validityMonths: 121 } });
    expect(tooLong.json().errors.map((e: { field: string }) => e.field)).toEqual(['validityMonths']);
    const missing = await t.inject({ method: 'POST', url, headers: staff, payload: {} });
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(['code', 'label', 'level']);
    expect(await count()).toBe(before);
  });

  it('keeps codes unique (409 on code) and never changes a code', async () => {
    const kind = await newKind(t, staff, { code: 'tax-notice', label: "Avis d'imposition" });
    const again = await t.inject({ method: 'POST', url, headers: staff, payload: { code: 'tax-notice', label: 'Autre', level: 'family' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([{ field: 'code', message: 'Le code tax-notice est déjà celui d’une autre pièce justificative.' }]);
    const rename = await t.inject({ method: 'PATCH', url: `${url}/${kind.id}`, headers: staff, payload: { code: 'other' } });
    expect(rename.statusCode).toBe(400);
    expect(rename.json().errors[0].field).toBe('code');
    const nullLabel = await t.inject({ method: 'PATCH', url: `${url}/${kind.id}`, headers: staff, payload: { label: null, level: null, requiredFor: null } });
    expect(nullLabel.statusCode).toBe(400);
    expect(nullLabel.json().errors.map((e: { field: string }) => e.field)).toEqual(['label', 'level', 'requiredFor']);
  });

  it('changes the level only while no file was sent for the kind', async () => {
    const kind = await newKind(t, staff, { level: 'family' });
    const toChild = await t.inject({ method: 'PATCH', url: `${url}/${kind.id}`, headers: staff, payload: { level: 'child' } });
    expect(toChild.json().level).toBe('child');
    const back = await t.inject({ method: 'PATCH', url: `${url}/${kind.id}`, headers: staff, payload: { level: 'family' } });
    expect(back.json().level).toBe('family');
    const family = await newFamily(t);
    const guardian = (await guardianOf(t, family)).headers;
    expect((await upload(t, guardian, { kindId: kind.id }, { filename: 'a.pdf', content: PDF })).statusCode).toBe(201);
    const locked = await t.inject({ method: 'PATCH', url: `${url}/${kind.id}`, headers: staff, payload: { level: 'child' } });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().errors[0].field).toBe('level');
    const sameLevel = await t.inject({ method: 'PATCH', url: `${url}/${kind.id}`, headers: staff, payload: { level: 'family', label: 'Nouveau libellé' } });
    expect(sameLevel.statusCode).toBe(200);
  });

  it('answers 404 for an unknown kind and 400 for an id that is not one', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [['PATCH', unknown], ['POST', `${unknown}/deactivate`], ['POST', `${unknown}/activate`]] as const) {
      const res = await t.inject({ method, url: `${url}/${path}`, headers: staff, payload: {} });
      expect([path, res.statusCode, res.json().code]).toEqual([path, 404, 'family.documents.kind-not-found']);
    }
    expect((await t.inject({ method: 'PATCH', url: `${url}/abc`, headers: staff, payload: {} })).statusCode).toBe(400);
  });

  it('is for staff and admins only', async () => {
    const admin = bearer((await newSession(t.dataSource, 'admin')).token);
    expect((await t.inject({ method: 'GET', url, headers: admin })).statusCode).toBe(200);
    const family = await newFamily(t);
    const guardian = (await guardianOf(t, family)).headers;
    const kind = await newKind(t, staff);
    for (const [method, path] of [['GET', ''], ['POST', ''], ['PATCH', `/${kind.id}`], ['POST', `/${kind.id}/deactivate`], ['POST', `/${kind.id}/activate`]] as const) {
      const asGuardian = await t.inject({ method, url: `${url}${path}`, headers: guardian, payload: method === 'GET' ? undefined : { code: 'x', label: 'x', level: 'family' } });
      const anonymous = await t.inject({ method, url: `${url}${path}`, payload: method === 'GET' ? undefined : {} });
      expect([method, path, asGuardian.statusCode, anonymous.statusCode]).toEqual([method, path, 403, 401]);
    }
    expect((await t.dataSource.query(`SELECT active FROM family.document_kind WHERE id = $1`, [kind.id]))[0].active).toBe(true);
  });
});
