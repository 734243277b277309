import { checkPostcodeCity, searchPlaces } from './places';

describe('French postcodes and towns', () => {
  it('accepts a town of the postcode in any spelling, and gives its official name', () => {
    expect(checkPostcodeCity('60400', 'noyon').place).toEqual({ postcode: '60400', city: 'Noyon', inseeCode: '60471' });
    expect(checkPostcodeCity('60400', 'BEAURAINS LES NOYON').place?.city).toBe('Beaurains-lès-Noyon');
    expect(checkPostcodeCity('60400', 'Babœuf').place?.city).toBe('Babœuf');
    expect(checkPostcodeCity('60400', 'baboeuf').place?.city).toBe('Babœuf');
    expect(checkPostcodeCity('97400', 'Saint-Denis').place?.inseeCode).toBe('97411');
    expect(checkPostcodeCity('97400', 'St Denis').place?.inseeCode).toBe('97411');
  });

  it('refuses a malformed or unknown postcode, and a town that does not match', () => {
    expect(checkPostcodeCity('6040', 'Noyon').postcodeError).toBe('Le code postal doit comporter 5 chiffres.');
    expect(checkPostcodeCity('00000', 'Noyon').postcodeError).toBe("Le code postal 00000 n'existe pas.");
    expect(checkPostcodeCity('75001', 'Noyon').cityError).toMatch(/^Cette ville ne correspond pas au code postal 75001 \(villes possibles : Paris/);
    expect(checkPostcodeCity('60400', ' ').cityError).toBe('La ville est obligatoire.');
  });

  it('autocompletes from the first digits of a postcode or the first letters of a town', () => {
    const byCode = searchPlaces('604');
    expect(byCode.length).toBe(20);
    expect(byCode.every((p) => p.postcode.startsWith('604'))).toBe(true);
    expect(searchPlaces('60400').map((p) => p.city)).toContain('Noyon');
    expect(searchPlaces('noyon')[0].city).toBe('Noyon');
    const byName = searchPlaces('noy');
    expect(byName.every((p) => /^noy/i.test(p.city.normalize('NFD').replace(/\p{M}/gu, '')))).toBe(true);
    expect(searchPlaces('saint-denis').length).toBeGreaterThan(1);
    expect(searchPlaces('n')).toEqual([]);
    expect(searchPlaces('zzzz')).toEqual([]);
  });
});
