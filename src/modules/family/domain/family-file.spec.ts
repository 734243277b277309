import { checkChildFile, checkFamilyFile } from './family-file';

describe('the family form', () => {
  it('normalizes the address from the official list, phones to E.164 and the e-mail to lower case', () => {
    const { values, errors } = checkFamilyFile({
      address: { line1: ' 12 rue de Paris ', line2: '', postcode: '60400', city: 'NOYON' },
      phones: [{ label: 'mobile', number: '06 12 34 56 78' }],
      email: ' Famille@Exemple.FR ',
    });
    expect(errors).toEqual([]);
    expect(values).toEqual({
      address: { line1: '12 rue de Paris', line2: null, postcode: '60400', city: 'Noyon', inseeCode: '60471' },
      phones: [{ label: 'mobile', number: '+33612345678' }],
      email: 'famille@exemple.fr',
    });
  });

  it('leaves out what the form did not send, and empties what it sent as null', () => {
    expect(checkFamilyFile({ email: null }).values).toEqual({ email: null });
    expect(checkFamilyFile({}).values).toEqual({});
  });

  it('refuses a number given twice and more than five numbers', () => {
    const twice = checkFamilyFile({ phones: [{ label: 'domicile', number: '0344123456' }, { label: 'travail', number: '+33 3 44 12 34 56' }] });
    expect(twice.errors).toEqual([{ path: 'phones[1].number', message: 'Ce numéro figure déjà dans la liste.' }]);
    const six = checkFamilyFile({ phones: Array.from({ length: 6 }, (_, i) => ({ label: 'autre', number: `034412345${i}` })) });
    expect(six.errors).toEqual([{ path: 'phones', message: '5 numéros de téléphone au plus.' }]);
  });
});

describe('the child form', () => {
  const context = { today: '2026-11-23', authorizationCodes: new Set(['photos']), contactIds: new Set(['c1']) };

  it('keeps "no diet" without details and a PAI "no" without details', () => {
    const { values, errors } = checkChildFile({ diet: { kind: 'none', details: 'ignored' }, careplan: { hasPlan: false, details: 'ignored' } }, context);
    expect(errors).toEqual([]);
    expect(values).toEqual({ diet: { kind: 'none', details: null }, careplan: { hasPlan: false, details: null } });
  });

  it('wants details for an allergy, a name for the doctor, a valid phone', () => {
    const { errors } = checkChildFile({ diet: { kind: 'allergy' }, doctor: { name: ' ', phone: '12' } }, context);
    expect(errors).toEqual([
      { path: 'diet.details', message: 'Précisez le régime alimentaire (aliments à éviter, allergies).' },
      { path: 'doctor.name', message: 'Le nom du médecin est obligatoire.' },
      { path: 'doctor.phone', message: expect.stringMatching(/^Ce n'est pas un numéro de téléphone valide/) },
    ]);
  });

  it('refuses a contact listed twice and control characters in free text', () => {
    const contact = { id: 'c1', lastName: 'A', firstName: 'B', relation: 'Oncle', phones: ['0344123456'], emergency: true, pickup: false };
    expect(checkChildFile({ contacts: [contact, contact] }, context).errors).toEqual([{ path: 'contacts[1].id', message: "Cette personne n'est pas sur la fiche de l'enfant." }]);
    expect(checkChildFile({ observations: 'a\u0000b' }, context).errors).toEqual([{ path: 'observations', message: 'contient des caractères non autorisés.' }]);
  });
});
