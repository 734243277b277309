import { bearer, newSession } from '../factories/identity.factory';
import { CreatedFamily, guardianOf, newFamily } from '../factories/family.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FamilyDirectory } from '../../src/modules/family';
import { newKind, PDF, upload } from './documents.support';

/** The family file and the child file (seed 002 sections 4 and 5): forms, "J'accepte", history, staff validation, quotient. */
describe('family: the family file and the child file', () => {
  let t: TestApp;
  let staff: Record<string, string>;
  let staffId: string;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api', env: { DOCUMENTS_DIR: mkdtempSync(join(tmpdir(), 'guichet-files-')) } });
    const s = await newSession(t.dataSource, 'staff');
    staff = bearer(s.token);
    staffId = s.accountId;
  });
  afterAll(() => t?.close());

  const consent = { accepted: true, version: 1 };
  const address = { line1: '12 rue de Paris', postcode: '60400', city: 'noyon' };
  const grandma = { lastName: 'Durand', firstName: 'Josette', relation: 'Grand-mère', phones: ['03 44 09 12 34'], emergency: true, pickup: false };
  const neighbour = { lastName: 'Petit', firstName: 'Alain', relation: 'Voisin', phones: ['06 11 22 33 44', '03 44 55 66 77'], emergency: true, pickup: true };

  async function setUp(): Promise<{ family: CreatedFamily; g1: Record<string, string>; g2: Record<string, string>; g1Id: string }> {
    const family = await newFamily(t);
    const a = await guardianOf(t, family, 0);
    const b = await guardianOf(t, family, 1);
    return { family, g1: a.headers, g2: b.headers, g1Id: a.accountId };
  }
  const snapshot = async (familyId: string) =>
    t.dataSource.query(
      `SELECT (SELECT row_to_json(f) FROM (SELECT address, phones, email FROM family.family WHERE id = $1) f) AS family,
              (SELECT json_agg(c ORDER BY c.id) FROM (SELECT c.*, h.diet, h.medical_history, h.careplan FROM family.child c LEFT JOIN family.child_health h ON h.child_id = c.id WHERE c.family_id = $1) c) AS children,
              (SELECT count(*)::int FROM family.contact ct JOIN family.child c ON c.id = ct.child_id WHERE c.family_id = $1) AS contacts,
              (SELECT count(*)::int FROM family.change WHERE family_id = $1) AS changes,
              (SELECT count(*)::int FROM family.submission WHERE family_id = $1) AS submissions`,
      [familyId],
    );
  const events = (type: string, familyId: string) =>
    t.dataSource.query(`SELECT payload FROM platform.outbox_event WHERE type = $1 AND aggregate_id = $2 ORDER BY position`, [type, familyId]).then((rows) => rows.map((r: { payload: unknown }) => r.payload));

  it('gives the forms what they need: the "J\'accepte" text and its version, suggestions, validated fields', async () => {
    const { g1 } = await setUp();
    const res = await t.inject({ method: 'GET', url: '/api/family/form-options', headers: g1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ consent: { version: 1, text: expect.stringMatching(/^Je certifie/) }, validatedFields: ['family.email'] });
    expect(res.json().relationSuggestions).toContain('Grand-mère');
  });

  it('records a family form: address checked against the official list, phones in E.164, e-mail waiting for staff', async () => {
    const { family, g1, g2, g1Id } = await setUp();
    const res = await t.inject({
      method: 'PATCH',
      url: '/api/family/file',
      headers: g1,
      payload: { address, phones: [{ label: 'domicile', number: '03 44 12 34 56' }, { label: 'travail', number: '+32 2 765 43 21' }], email: 'Famille.Dupont@Exemple.fr', consent },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ applied: ['family.address', 'family.phones'], pending: ['family.email'], message: expect.stringMatching(/validées par les services/) });

    // the second guardian sees the same file; the e-mail stays as it was until staff validate it
    const mine = (await t.inject({ method: 'GET', url: '/api/family', headers: g2 })).json();
    expect(mine.file).toMatchObject({
      address: { line1: '12 rue de Paris', line2: null, postcode: '60400', city: 'Noyon', inseeCode: '60471' },
      phones: [{ label: 'domicile', number: '+33344123456' }, { label: 'travail', number: '+3227654321' }],
      email: null,
      quotient: null,
      pending: [{ field: 'family.email', oldValue: null, newValue: 'famille.dupont@exemple.fr' }],
    });

    // who accepted which text, when
    const [submission] = await t.dataSource.query(`SELECT form, consent_version, submitted_by FROM family.submission WHERE family_id = $1`, [family.id]);
    expect(submission).toEqual({ form: 'family', consent_version: 1, submitted_by: g1Id });
    expect(await events('family.file.changed.v1', family.id)).toEqual([
      { familyId: family.id, childId: null, submissionId: expect.any(String), fields: ['family.address', 'family.phones'], pendingFields: ['family.email'] },
    ]);

    // staff approve: the new e-mail comes into force
    const queue = (await t.inject({ method: 'GET', url: '/api/staff/family-changes', headers: staff })).json();
    const pending = queue.find((c: { familyId: string }) => c.familyId === family.id);
    expect(pending).toMatchObject({ field: 'family.email', fieldLabel: 'E-mail de la famille', status: 'pending', changedBy: g1Id, changedByRole: 'guardian' });
    const approved = await t.inject({ method: 'POST', url: `/api/staff/family-changes/${pending.id}/approve`, headers: staff });
    expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: staffId });
    expect((await t.inject({ method: 'GET', url: '/api/family', headers: g1 })).json().file).toMatchObject({ email: 'famille.dupont@exemple.fr', pending: [] });
    expect((await t.inject({ method: 'POST', url: `/api/staff/family-changes/${pending.id}/approve`, headers: staff })).statusCode).toBe(409);
    expect(await events('family.change.validated.v1', family.id)).toEqual([{ changeId: pending.id, familyId: family.id, childId: null, field: 'family.email', outcome: 'approved' }]);
  });

  it.each([
    ['an unknown postcode', { address: { ...address, postcode: '00000' } }, 'address.postcode', "Le code postal 00000 n'existe pas."],
    ['a postcode of 4 digits', { address: { ...address, postcode: '6040' } }, 'address.postcode', 'Le code postal doit comporter 5 chiffres.'],
    ['a town that is not the postcode\'s', { address: { ...address, city: 'Compiègne' } }, 'address.city', expect.stringMatching(/^Cette ville ne correspond pas au code postal 60400/)],
    ['a sixth phone', { phones: ['0344000001', '0344000002', '0344000003', '0344000004', '0344000005', '0344000006'].map((number) => ({ label: 'autre', number })) }, 'phones', '5 numéros de téléphone au plus.'],
    ['a wrong phone number', { phones: [{ label: 'domicile', number: '01 23' }] }, 'phones[0].number', expect.stringMatching(/^Ce n'est pas un numéro de téléphone valide/)],
    ['an unknown phone label', { phones: [{ label: 'fax', number: '0344123456' }] }, 'phones[0].label', expect.any(String)],
    ['a wrong e-mail', { email: 'pas-un-email' }, 'email', "L'adresse e-mail n'est pas valide."],
    ['a number as address', { address: 12 }, 'address', expect.any(String)],
  ])('refuses %s, saying which field, and changes nothing', async (_name, payload, field, message) => {
    const { family, g1 } = await setUp();
    const before = await snapshot(family.id);
    const res = await t.inject({ method: 'PATCH', url: '/api/family/file', headers: g1, payload: { ...payload, consent } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual(expect.arrayContaining([{ field, message }]));
    expect(await snapshot(family.id)).toEqual(before);
  });

  it('needs "J\'accepte" ticked, on the text in force', async () => {
    const { family, g1 } = await setUp();
    const before = await snapshot(family.id);
    const notTicked = await t.inject({ method: 'PATCH', url: '/api/family/file', headers: g1, payload: { address, consent: { accepted: false, version: 1 } } });
    expect(notTicked.statusCode).toBe(422);
    expect(notTicked.json().errors).toEqual([{ field: 'consent.accepted', message: 'Cochez « J’accepte » pour valider le formulaire.' }]);
    const missing = await t.inject({ method: 'PATCH', url: '/api/family/file', headers: g1, payload: { address } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('consent');
    const outdated = await t.inject({ method: 'PATCH', url: '/api/family/file', headers: g1, payload: { address, consent: { accepted: true, version: 99 } } });
    expect(outdated.statusCode).toBe(409);
    expect(await snapshot(family.id)).toEqual(before);
  });

  it('records every block of a child file, the contacts and pick-up persons, and the authorizations', async () => {
    const { family, g1, g2 } = await setUp();
    const child = family.children[0];
    const res = await t.inject({
      method: 'PATCH',
      url: `/api/family/children/${child.id}`,
      headers: g1,
      payload: {
        sex: 'M',
        school: 'École Jean Jaurès',
        className: 'CE2',
        diet: { kind: 'allergy', details: 'Arachide' },
        medicalHistory: 'Asthme',
        observations: 'Porte des lunettes',
        doctor: { name: 'Dr Martin', phone: '03 44 09 00 00', city: 'Noyon' },
        careplan: { hasPlan: true, details: 'Ventoline dans le cartable' },
        contacts: [grandma, { ...neighbour, address: { line1: '3 place Bertrand Labarre', postcode: '60400', city: 'Noyon' } }],
        authorizations: { photos: 'yes', outings: 'not-applicable', 'emergency-care': 'yes' },
        consent,
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().applied).toEqual(['child.sex', 'child.school', 'child.className', 'child.diet', 'child.medicalHistory', 'child.observations', 'child.doctor', 'child.careplan', 'child.contact', 'child.authorization']);

    const file = (await t.inject({ method: 'GET', url: `/api/family/children/${child.id}`, headers: g2 })).json();
    expect(file).toMatchObject({
      id: child.id,
      firstName: 'Léo',
      sex: 'M',
      birthDate: '2016-03-14',
      diet: { kind: 'allergy', details: 'Arachide' },
      doctor: { name: 'Dr Martin', phone: '+33344090000', city: 'Noyon' },
      careplan: { hasPlan: true, details: 'Ventoline dans le cartable' },
      contacts: [
        { lastName: 'Durand', relation: 'Grand-mère', phones: ['+33344091234'], emergency: true, pickup: false, address: null },
        { lastName: 'Petit', phones: ['+33611223344', '+33344556677'], emergency: true, pickup: true, address: { city: 'Noyon', inseeCode: '60471' } },
      ],
    });
    expect(file.authorizations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'photos', answer: 'yes' }),
        expect.objectContaining({ code: 'outings', answer: 'not-applicable' }),
        expect.objectContaining({ code: 'leave-alone', answer: null }),
      ]),
    );

    // the grandmother may now pick the child up (chosen among the emergency contacts); the neighbour is removed; a new pick-up person is entered
    const [gm] = file.contacts;
    const next = await t.inject({
      method: 'PATCH',
      url: `/api/family/children/${child.id}`,
      headers: g1,
      payload: { contacts: [{ ...grandma, id: gm.id, pickup: true }, { lastName: 'Roux', firstName: 'Paul', relation: 'Oncle', phones: ['0612345670'], emergency: false, pickup: true }], consent },
    });
    expect(next.statusCode).toBe(200);
    const after = (await t.inject({ method: 'GET', url: `/api/family/children/${child.id}`, headers: g1 })).json();
    expect(after.contacts.map((c: { id: string; lastName: string; pickup: boolean }) => [c.lastName, c.pickup])).toEqual([['Durand', true], ['Roux', true]]);
    expect(after.contacts[0].id).toBe(gm.id);

    const history = (await t.inject({ method: 'GET', url: `/api/staff/families/${family.id}/history`, headers: staff })).json();
    const contactChanges = history.filter((c: { field: string }) => c.field === 'child.contact');
    expect(contactChanges.slice(0, 3).map((c: { oldValue: { lastName?: string } | null; newValue: { lastName?: string; pickup?: boolean } | null }) => [c.oldValue?.lastName ?? null, c.newValue?.lastName ?? null])).toEqual(
      expect.arrayContaining([['Durand', 'Durand'], [null, 'Roux'], ['Petit', null]]),
    );

    // health data never travels in events
    const payloads = JSON.stringify(await t.dataSource.query(`SELECT payload FROM platform.outbox_event WHERE aggregate_id = $1`, [family.id]));
    expect(payloads).not.toMatch(/Arachide|Asthme|lunettes|Ventoline|Martin/);
  });

  it.each([
    ['a contact without phone', { contacts: [{ ...grandma, phones: [] }] }, 'contacts[0].phones', 'Au moins un numéro de téléphone.'],
    ['a contact with three phones', { contacts: [{ ...grandma, phones: ['0344000001', '0344000002', '0344000003'] }] }, 'contacts[0].phones', 'Deux numéros de téléphone au plus.'],
    ['a contact neither to call nor to pick up', { contacts: [{ ...grandma, emergency: false }] }, 'contacts[0]', expect.stringMatching(/^Cochez/)],
    ['a contact without relation', { contacts: [{ ...grandma, relation: ' ' }] }, 'contacts[0].relation', "Le lien avec l'enfant est obligatoire."],
    ['a contact of another child', { contacts: [{ ...grandma, id: '00000000-0000-4000-8000-000000000000' }] }, 'contacts[0].id', "Cette personne n'est pas sur la fiche de l'enfant."],
    ['an eleventh contact', { contacts: Array.from({ length: 11 }, () => grandma) }, 'contacts', '10 personnes au plus.'],
    ['an unknown authorization', { authorizations: { tattoo: 'yes' } }, 'authorizations.tattoo', "Cette autorisation n'existe pas."],
    ['a wrong answer', { authorizations: { photos: 'maybe' } }, 'authorizations.photos', expect.stringMatching(/^Répondez oui/)],
    ['a PAI without details', { careplan: { hasPlan: true } }, 'careplan.details', 'Précisez les détails du PAI.'],
    ['an unknown diet', { diet: { kind: 'paleo' } }, 'diet.kind', expect.any(String)],
    ['a birth date in the future', { birthDate: '2999-01-01' }, 'birthDate', 'La date de naissance ne peut pas être dans le futur.'],
    ['a sex other than F or M', { sex: 'X' }, 'sex', 'doit valoir F (fille) ou M (garçon)'],
    ['a 5 MB observation', { observations: 'x'.repeat(900_000) }, 'observations', expect.any(String)],
    ['an unknown field', { favouriteColour: 'blue' }, 'favouriteColour', expect.any(String)],
  ])('refuses %s in a child form, saying which field, and changes nothing', async (_name, payload, field, message) => {
    const { family, g1 } = await setUp();
    const before = await snapshot(family.id);
    const res = await t.inject({ method: 'PATCH', url: `/api/family/children/${family.children[0].id}`, headers: g1, payload: { ...payload, consent } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual(expect.arrayContaining([{ field, message }]));
    expect(await snapshot(family.id)).toEqual(before);
  });

  it("never shows or changes another family's child", async () => {
    const mine = await setUp();
    const other = await newFamily(t);
    const before = await snapshot(other.id);
    const theirs = other.children[0].id;
    for (const req of [
      { method: 'GET' as const, url: `/api/family/children/${theirs}` },
      { method: 'PATCH' as const, url: `/api/family/children/${theirs}`, payload: { medicalHistory: 'volé', consent } },
      { method: 'GET' as const, url: `/api/family/children/${theirs}/completeness?service=canteen` },
    ]) {
      const res = await t.inject({ ...req, headers: mine.g1 });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain(other.children[0].firstName);
    }
    expect(await snapshot(other.id)).toEqual(before);
    const history = (await t.inject({ method: 'GET', url: '/api/family/history', headers: mine.g1 })).json();
    expect(history.every((c: { familyId: string }) => c.familyId === mine.family.id)).toBe(true);
    // a guardian without a family on file sees nothing
    const lone = bearer((await newSession(t.dataSource, 'guardian')).token);
    expect((await t.inject({ method: 'GET', url: '/api/family', headers: lone })).statusCode).toBe(404);
    expect((await t.inject({ method: 'PATCH', url: '/api/family/file', headers: lone, payload: { address, consent } })).statusCode).toBe(404);
  });

  it('keeps the value in force while a change to a field staff validate waits, and a rejection leaves it', async () => {
    const { family, g1 } = await setUp();
    const set = await t.inject({ method: 'PUT', url: '/api/staff/family-settings/validated-fields', headers: staff, payload: { fields: ['family.email', 'child.birthDate', 'child.lastName'] } });
    expect(set.json()).toEqual(['child.birthDate', 'child.lastName', 'family.email']);
    try {
      const child = family.children[1];
      const first = await t.inject({ method: 'PATCH', url: `/api/family/children/${child.id}`, headers: g1, payload: { birthDate: '2019-07-02', firstName: 'Inés', consent } });
      expect(first.json()).toMatchObject({ applied: ['child.firstName'], pending: ['child.birthDate'] });
      // a second request for the same field replaces the first one
      const second = await t.inject({ method: 'PATCH', url: `/api/family/children/${child.id}`, headers: g1, payload: { birthDate: '2019-07-03', consent } });
      expect(second.json()).toMatchObject({ applied: [], pending: ['child.birthDate'] });
      const file = (await t.inject({ method: 'GET', url: `/api/family/children/${child.id}`, headers: g1 })).json();
      expect(file).toMatchObject({ birthDate: '2019-07-01', firstName: 'Inés', pending: [{ field: 'child.birthDate', oldValue: '2019-07-01', newValue: '2019-07-03' }] });

      const pending = (await t.inject({ method: 'GET', url: `/api/staff/families/${family.id}/history`, headers: staff })).json().filter((c: { field: string }) => c.field === 'child.birthDate');
      expect(pending.map((c: { status: string; newValue: string }) => [c.status, c.newValue])).toEqual([['pending', '2019-07-03'], ['superseded', '2019-07-02']]);
      const noReason = await t.inject({ method: 'POST', url: `/api/staff/family-changes/${pending[0].id}/reject`, headers: staff, payload: {} });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().errors).toEqual([{ field: 'reason', message: 'Le motif du refus est obligatoire.' }]);
      const rejected = await t.inject({ method: 'POST', url: `/api/staff/family-changes/${pending[0].id}/reject`, headers: staff, payload: { reason: 'Acte de naissance à fournir' } });
      expect(rejected.json()).toMatchObject({ status: 'rejected', reason: 'Acte de naissance à fournir' });
      expect((await t.inject({ method: 'GET', url: `/api/family/children/${child.id}`, headers: g1 })).json()).toMatchObject({ birthDate: '2019-07-01', pending: [] });
      expect(await events('family.change.validated.v1', family.id)).toEqual([expect.objectContaining({ field: 'child.birthDate', outcome: 'rejected' })]);
    } finally {
      await t.inject({ method: 'PUT', url: '/api/staff/family-settings/validated-fields', headers: staff, payload: { fields: ['family.email'] } });
    }
  });

  it('lets only staff set the family quotient, from a date; the guardian sees the one in force', async () => {
    const { family, g1 } = await setUp();
    const url = `/api/staff/families/${family.id}/quotients`;
    expect((await t.inject({ method: 'POST', url, headers: g1, payload: { value: 1, validFrom: '2020-01-01' } })).statusCode).toBe(403);
    expect((await t.inject({ method: 'POST', url, headers: staff, payload: { value: 650, validFrom: '2025-09-01' } })).statusCode).toBe(200);
    expect((await t.inject({ method: 'POST', url, headers: staff, payload: { value: 720, validFrom: '2099-01-01' } })).statusCode).toBe(200);
    const bad = await t.inject({ method: 'POST', url, headers: staff, payload: { value: 12.5, validFrom: 'demain' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['validFrom', 'value']);
    expect((await t.inject({ method: 'GET', url, headers: staff })).json().map((q: { value: number }) => q.value)).toEqual([720, 650]);
    expect((await t.inject({ method: 'GET', url: '/api/family', headers: g1 })).json().file.quotient).toEqual({ value: 650, validFrom: '2025-09-01' });
    expect(await events('family.quotient.changed.v1', family.id)).toEqual([
      { familyId: family.id, value: 650, validFrom: '2025-09-01' },
      { familyId: family.id, value: 720, validFrom: '2099-01-01' },
    ]);
    const history = (await t.inject({ method: 'GET', url: `/api/staff/families/${family.id}/history`, headers: staff })).json();
    expect(history.filter((c: { field: string }) => c.field === 'family.quotient')).toHaveLength(2);
    // billing asks the quotient in force on a date
    const directory = t.app.get(FamilyDirectory);
    expect(await directory.quotientAt(family.id, '2025-08-31')).toBeUndefined();
    expect(await directory.quotientAt(family.id, '2026-01-15')).toEqual({ value: 650, validFrom: '2025-09-01' });
    expect(await directory.quotientAt(family.id, '2099-06-01')).toEqual({ value: 720, validFrom: '2099-01-01' });
  });

  it('records each staff read of health data, not the guardians\' reads', async () => {
    const { family, g1 } = await setUp();
    const child = family.children[0];
    await t.inject({ method: 'PATCH', url: `/api/family/children/${child.id}`, headers: g1, payload: { medicalHistory: 'Asthme', consent } });
    await t.inject({ method: 'GET', url: `/api/family/children/${child.id}`, headers: g1 });
    expect((await t.inject({ method: 'GET', url: `/api/staff/families/${family.id}/children/${child.id}`, headers: staff })).json()).toMatchObject({ medicalHistory: 'Asthme' });
    await t.inject({ method: 'GET', url: `/api/staff/families/${family.id}/history`, headers: staff });
    const reads = (await t.inject({ method: 'GET', url: `/api/staff/families/${family.id}/health-accesses`, headers: staff })).json();
    expect(reads.map((r: { what: string; accountId: string }) => [r.what, r.accountId])).toEqual([['history', staffId], ['child-file', staffId]]);
  });

  it('says what a child file lacks for a kind of service, until it is complete', async () => {
    const { family, g1 } = await setUp();
    const child = family.children[0];
    const url = `/api/family/children/${child.id}/completeness?service=canteen`;
    const before = (await t.inject({ method: 'GET', url, headers: g1 })).json();
    expect(before.complete).toBe(false);
    expect(before.missing.map((m: { code: string }) => m.code)).toEqual(
      expect.arrayContaining(['field:family.address', 'field:child.sex', 'field:child.school', 'field:child.className', 'field:child.diet', 'field:child.careplan', 'field:child.contact']),
    );
    expect(before.missing.find((m: { code: string }) => m.code === 'field:child.diet').message).toBe("Le régime alimentaire de Léo est à renseigner (« Aucun » s'il n'en a pas).");
    expect((await t.inject({ method: 'GET', url: `/api/family/children/${child.id}/completeness?service=swimming`, headers: g1 })).statusCode).toBe(400);

    await t.inject({ method: 'PATCH', url: '/api/family/file', headers: g1, payload: { address, consent } });
    await t.inject({
      method: 'PATCH',
      url: `/api/family/children/${child.id}`,
      headers: g1,
      payload: { sex: 'M', school: 'École Jean Jaurès', className: 'CE2', diet: { kind: 'none' }, careplan: { hasPlan: false }, contacts: [grandma], consent },
    });
    const after = (await t.inject({ method: 'GET', url, headers: g1 })).json();
    const fileMissing = after.missing.filter((m: { code: string }) => !m.code.startsWith('document:'));
    expect(fileMissing).toEqual([]);
    // early childhood also wants the doctor
    const early = (await t.inject({ method: 'GET', url: `/api/family/children/${child.id}/completeness?service=early-childhood`, headers: g1 })).json();
    expect(early.missing.map((m: { code: string }) => m.code)).toContain('field:child.doctor');
    // a supporting document required for the service: missing, then sent (awaiting review), then accepted
    const kind = await newKind(t, staff, { level: 'child', label: 'Carnet de vaccination', requiredFor: ['early-childhood'] });
    const proofMessage = async () =>
      (await t.inject({ method: 'GET', url: `/api/family/children/${child.id}/completeness?service=early-childhood`, headers: g1 })).json().missing.find((m: { code: string }) => m.code === `document:${kind.code}`)?.message;
    expect(await proofMessage()).toMatch(/^Carnet de vaccination/);
    const sent = await upload(t, g1, { kindId: kind.id, childId: child.id }, { filename: 'carnet.pdf', content: PDF, contentType: 'application/pdf' });
    expect(sent.statusCode).toBe(201);
    expect(await proofMessage()).toMatch(/attente/);
    expect((await t.inject({ method: 'POST', url: `/api/staff/documents/${sent.json().id}/accept`, headers: staff, payload: {} })).statusCode).toBe(200);
    expect(await proofMessage()).toBeUndefined();
    // reservations ask the same through the public face
    expect((await t.app.get(FamilyDirectory).completeness(child.id, 'early-childhood'))?.missing).toEqual(early.missing.filter((m: { code: string }) => !m.code.startsWith('document:')));
    expect(await t.app.get(FamilyDirectory).completeness('00000000-0000-4000-8000-000000000000', 'canteen')).toBeUndefined();
  });

  it('lets staff define authorization types, required for some services', async () => {
    const { family, g1 } = await setUp();
    const code = `piscine-${family.id.slice(0, 6)}`;
    const created = await t.inject({ method: 'POST', url: '/api/staff/authorization-types', headers: staff, payload: { code, label: 'Baignade', requiredFor: ['term-activity'] } });
    expect(created.statusCode).toBe(201);
    expect((await t.inject({ method: 'POST', url: '/api/staff/authorization-types', headers: staff, payload: { code, label: 'Encore' } })).statusCode).toBe(409);
    expect((await t.inject({ method: 'POST', url: '/api/staff/authorization-types', headers: staff, payload: { code: 'Bad Code', label: 'x', requiredFor: ['golf'] } })).json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['code', 'requiredFor']);
    const child = family.children[0];
    const missing = (await t.inject({ method: 'GET', url: `/api/family/children/${child.id}/completeness?service=term-activity`, headers: g1 })).json().missing;
    expect(missing).toEqual(expect.arrayContaining([{ code: `authorization:${code}`, message: 'Autorisation « Baignade » : répondez oui, non ou non concerné.' }]));
    await t.inject({ method: 'PATCH', url: `/api/family/children/${child.id}`, headers: g1, payload: { authorizations: { [code]: 'no' }, consent } });
    const answered = (await t.inject({ method: 'GET', url: `/api/family/children/${child.id}/completeness?service=term-activity`, headers: g1 })).json().missing;
    expect(answered.map((m: { code: string }) => m.code)).not.toContain(`authorization:${code}`);
    // deactivated: no longer asked
    const id = created.json().id;
    const updated = await t.inject({ method: 'PUT', url: `/api/staff/authorization-types/${id}`, headers: staff, payload: { label: 'Baignade', requiredFor: ['term-activity'], active: false } });
    expect(updated.json()).toMatchObject({ active: false });
    const file = (await t.inject({ method: 'GET', url: `/api/family/children/${child.id}`, headers: g1 })).json();
    expect(file.authorizations.map((a: { code: string }) => a.code)).not.toContain(code);
  });

  it('lets a guardian add a child, and staff add the second guardian', async () => {
    const family = await newFamily(t);
    const staffCreated = await t.inject({
      method: 'POST',
      url: '/api/staff/families',
      headers: staff,
      payload: { guardians: [{ lastName: 'Seul', firstName: 'Anne', email: `anne-${family.id.slice(0, 8)}@familles.test`, mobile: '06 98 76 11 22' }], children: [{ lastName: 'Seul', firstName: 'Tom', birthDate: '2018-01-01' }] },
    });
    const lone = staffCreated.json();
    const second = await t.inject({ method: 'POST', url: `/api/staff/families/${lone.id}/guardians`, headers: staff, payload: { lastName: 'Seul', firstName: 'Marc', email: `marc-${family.id.slice(0, 8)}@familles.test`, mobile: '06 98 76 11 23' } });
    expect(second.statusCode).toBe(201);
    expect(second.json().guardians.map((g: { firstName: string }) => g.firstName)).toEqual(['Anne', 'Marc']);
    const third = await t.inject({ method: 'POST', url: `/api/staff/families/${lone.id}/guardians`, headers: staff, payload: { lastName: 'Seul', firstName: 'Zoé', email: `zoe-${family.id.slice(0, 8)}@familles.test`, mobile: '06 98 76 11 24' } });
    expect(third.statusCode).toBe(409);

    const g = await guardianOf(t, family, 0);
    const added = await t.inject({ method: 'POST', url: '/api/family/children', headers: g.headers, payload: { lastName: 'Dupont', firstName: 'Jade', birthDate: '2024-02-11', sex: 'F', consent } });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ firstName: 'Jade', sex: 'F', contacts: [], careplan: null });
    const other = await guardianOf(t, family, 1);
    expect((await t.inject({ method: 'GET', url: '/api/family', headers: other.headers })).json().children.map((c: { firstName: string }) => c.firstName)).toEqual(['Léo', 'Inès', 'Jade']);
    expect(await events('family.child.added.v1', family.id)).toEqual([{ familyId: family.id, childId: added.json().id, addedBy: 'guardian' }]);
    const noConsent = await t.inject({ method: 'POST', url: '/api/family/children', headers: g.headers, payload: { lastName: 'Dupont', firstName: 'Zoé', birthDate: '2024-02-11' } });
    expect(noConsent.statusCode).toBe(400);
  });

  it('finds families by phone number and family e-mail; autocompletes towns', async () => {
    const { family, g1 } = await setUp();
    await t.inject({ method: 'PATCH', url: '/api/family/file', headers: g1, payload: { phones: [{ label: 'domicile', number: '03 44 77 88 99' }], consent } });
    const byPhone = (await t.inject({ method: 'GET', url: '/api/staff/families?q=0344778899', headers: staff })).json();
    expect(byPhone.map((f: { id: string }) => f.id)).toContain(family.id);
    const byMobile = (await t.inject({ method: 'GET', url: `/api/staff/families?q=${encodeURIComponent(family.guardians[0].mobile)}`, headers: staff })).json();
    expect(byMobile.map((f: { id: string }) => f.id)).toEqual([family.id]);

    const places = await t.inject({ method: 'GET', url: '/api/places?q=60400', headers: g1 });
    expect(places.json()).toEqual(expect.arrayContaining([{ postcode: '60400', city: 'Noyon', inseeCode: '60471' }]));
    expect((await t.inject({ method: 'GET', url: '/api/places?q=Noyo', headers: staff })).json()[0]).toEqual({ postcode: '60400', city: 'Noyon', inseeCode: '60471' });
    expect((await t.inject({ method: 'GET', url: '/api/places' })).statusCode).toBe(401);
    expect((await t.inject({ method: 'GET', url: '/api/places', headers: g1 })).statusCode).toBe(400);
  });

  it('lets a guardian download everything Guichet holds about the family, and nothing of another family', async () => {
    const { family, g1, g1Id } = await setUp();
    const other = await setUp();
    await t.inject({ method: 'PATCH', url: `/api/family/children/${other.family.children[0].id}`, headers: other.g1, payload: { medicalHistory: 'Secret des autres', consent } });
    await t.inject({ method: 'PATCH', url: '/api/family/file', headers: g1, payload: { address, consent } });
    await t.inject({ method: 'PATCH', url: `/api/family/children/${family.children[0].id}`, headers: g1, payload: { medicalHistory: 'Asthme', contacts: [grandma], authorizations: { photos: 'no' }, consent } });
    await t.inject({ method: 'GET', url: `/api/staff/families/${family.id}/children/${family.children[0].id}`, headers: staff });

    const res = await t.inject({ method: 'GET', url: '/api/family/export', headers: g1 });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="guichet-donnees-famille.json"');
    const data = res.json();
    expect(data).toMatchObject({ format: 'guichet-family-export/1', familyId: family.id });
    expect(data.sections.identity.map((a: { id: string }) => a.id)).toEqual([g1Id, expect.any(String)]);
    expect(JSON.stringify(data.sections.identity)).not.toMatch(/password_hash|token_hash|\$argon2/);
    const f = data.sections.family;
    expect(f.file.address.city).toBe('Noyon');
    expect(f.guardians).toHaveLength(2);
    expect(f.children[0]).toMatchObject({ medicalHistory: 'Asthme', contacts: [expect.objectContaining({ lastName: 'Durand' })], authorizations: expect.arrayContaining([expect.objectContaining({ code: 'photos', answer: 'no' })]) });
    expect(f.submissions).toEqual([
      expect.objectContaining({ form: 'family', consentVersion: 1, consentText: expect.stringMatching(/^Je certifie/), submittedBy: g1Id }),
      expect.objectContaining({ form: 'child', consentVersion: 1 }),
    ]);
    expect(f.changes.length).toBeGreaterThanOrEqual(4);
    expect(f.documents).toBeDefined();
    expect(f.staffReadsOfHealthData).toEqual([expect.objectContaining({ accountId: staffId, what: 'child-file' })]);
    expect(res.body).not.toContain(other.family.id);
    expect(res.body).not.toContain('Secret des autres');
  });

  it('serializes concurrent submissions of both guardians: the list on file is one of those sent, never a mix', async () => {
    const { family, g1, g2 } = await setUp();
    const child = family.children[0];
    const lists = Array.from({ length: 10 }, (_, i) => [
      { ...grandma, firstName: `Josette${'x'.repeat(i)}` },
      { ...neighbour, firstName: `Alain${'x'.repeat(i)}` },
    ]);
    const answers = await Promise.all(
      lists.map((contacts, i) => t.inject({ method: 'PATCH', url: `/api/family/children/${child.id}`, headers: i % 2 ? g2 : g1, payload: { contacts, consent } })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(lists.map(() => 200));
    const onFile = (await t.inject({ method: 'GET', url: `/api/family/children/${child.id}`, headers: g1 })).json().contacts.map((c: { firstName: string }) => c.firstName);
    expect(lists.map((l) => l.map((c) => c.firstName))).toContainEqual(onFile);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM family.submission WHERE child_id = $1`, [child.id]);
    expect(n).toBe(10);
  });
});
