import { parseFamiliesCsv, locate } from './family-csv';
import { checkFamilyDraft, FamilyDraft } from './family-draft';
import { nameKey } from './person-name';
import { toMobileE164 } from './phone';

const today = '2026-11-23';
const valid = (): FamilyDraft => ({
  reference: 'F-1',
  guardians: [{ lastName: 'Dupont', firstName: 'Marie', email: ' Marie.Dupont@Exemple.fr ', mobile: '06 12 34 56 78' }],
  children: [{ lastName: 'Dupont', firstName: 'Léo', birthDate: '2016-03-14' }],
});

describe('family drafts', () => {
  it('accepts a family and normalises e-mail and mobile', () => {
    const { family, errors } = checkFamilyDraft(valid(), today);
    expect(errors).toEqual([]);
    expect(family!.guardians[0]).toMatchObject({ email: 'marie.dupont@exemple.fr', mobile: '+33612345678', nameKey: 'dupont|marie' });
  });

  it('names each broken rule with its field', () => {
    const draft = valid();
    draft.guardians.push({ lastName: 'M4rtin', firstName: '', email: 'marie.dupont@exemple.fr', mobile: '01 23 45 67 89' });
    draft.children[0].birthDate = '2016-02-30';
    draft.children.push({ lastName: 'Dupont', firstName: 'Zoé', birthDate: '2030-01-01' });
    const { family, errors } = checkFamilyDraft(draft, today);
    expect(family).toBeUndefined();
    expect(errors.map((e) => e.path)).toEqual([
      'guardians[1].lastName',
      'guardians[1].firstName',
      'guardians[1].mobile',
      'guardians[1].email',
      'children[0].birthDate',
      'children[1].birthDate',
    ]);
    expect(errors.find((e) => e.path === 'guardians[1].mobile')!.message).toMatch(/portable valide/);
  });

  it('wants one or two guardians and at least one child', () => {
    const draft = { guardians: [], children: [] };
    expect(checkFamilyDraft(draft, today).errors.map((e) => e.path)).toEqual(['guardians', 'children']);
    const three = valid();
    three.guardians = [1, 2, 3].map((n) => ({ lastName: 'A', firstName: 'B', email: `a${n}@b.fr`, mobile: '0612345678' }));
    expect(checkFamilyDraft(three, today).errors[0].message).toMatch(/au plus 2/);
  });

  it('refuses the same child twice', () => {
    const draft = valid();
    draft.children.push({ lastName: 'DUPONT', firstName: 'leo', birthDate: '2016-03-14' });
    expect(checkFamilyDraft(draft, today).errors).toEqual([{ path: 'children[1]', message: 'Cet enfant figure deux fois dans la famille.' }]);
  });
});

describe('names and mobiles', () => {
  it('folds accents, case and punctuation for activation', () => {
    expect(nameKey("  D'Arc-Dupont ", 'Éléonore')).toBe(nameKey('d arc  dupont', 'ELEONORE'));
  });

  it('reads French and overseas mobiles, refuses landlines', () => {
    expect(toMobileE164('06 12 34 56 78')).toBe('+33612345678');
    expect(toMobileE164('0033 7 81 23 45 67')).toBe('+33781234567');
    expect(toMobileE164('+262 692 12 34 56')).toBe('+262692123456');
    expect(toMobileE164('01 23 45 67 89')).toBeUndefined();
    expect(toMobileE164('bonjour')).toBeUndefined();
  });
});

describe('families CSV', () => {
  const header = 'reference_famille;qualite;nom;prenom;courriel;mobile;date_naissance';

  it('groups lines by family reference, reads French dates, BOM and either separator', () => {
    const csv = `\uFEFF${header}\nF-1;responsable;Dupont;Marie;marie@exemple.fr;0612345678;\nF-1;enfant;Dupont;Léo;;;14/03/2016\nF-2;Responsable;Martin;Paul;paul@exemple.fr;0781234567;\nF-2;Enfant;Martin;Lou;;;2018-09-01\n`;
    const parsed = parseFamiliesCsv(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.families).toHaveLength(2);
    expect(parsed.families[0].draft.children[0].birthDate).toBe('2016-03-14');
    expect(parsed.families[0].guardianLines).toEqual([2]);
    expect(parsed.families[0].childLines).toEqual([3]);
    const commas = parseFamiliesCsv(csv.replace(/;/g, ','));
    expect(commas.families).toHaveLength(2);
  });

  it('says which columns are missing', () => {
    expect(parseFamiliesCsv('nom;prenom\nA;B').errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/Colonnes manquantes : reference_famille, qualite, courriel, mobile, date_naissance/) });
  });

  it('reports an unknown role and a missing reference on their line', () => {
    const parsed = parseFamiliesCsv(`${header}\nF-1;oncle;A;B;;;\n;enfant;A;C;;;2016-01-01`);
    expect(parsed.errors).toEqual([
      { line: 2, column: 'qualite', message: expect.stringMatching(/Qualité « oncle » inconnue/) },
      { line: 3, column: 'reference_famille', message: expect.stringMatching(/obligatoire/) },
    ]);
  });

  it('locates a draft error on the line and column of the file', () => {
    const parsed = parseFamiliesCsv(`${header}\nF-1;responsable;Dupont;Marie;pas-un-mail;0612345678;\nF-1;enfant;Dupont;Léo;;;2016-03-14`);
    const { errors } = checkFamilyDraft(parsed.families[0].draft, today);
    expect(errors.map((e) => locate(parsed.families[0], e, parsed.headers))).toEqual([{ line: 2, column: 'courriel', message: "L'adresse e-mail n'est pas valide." }]);
  });

  it('reports an unreadable file', () => {
    expect(parseFamiliesCsv(`${header}\nF-1;"responsable;A`).errors[0].message).toMatch(/pas un CSV lisible/);
  });
});
