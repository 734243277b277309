import { attendanceCsv, attendanceFileName, attendanceLists, CareFacts, csvCell } from './attendance';

const facts = (firstName: string, lastName: string, more: Partial<CareFacts> = {}): CareFacts => ({ firstName, lastName, school: 'École A', className: 'CP', diet: null, careplan: null, ...more });

describe('attendance lists', () => {
  const lists = attendanceLists(
    [
      { childId: 'c1', familyId: 'f1', status: 'confirmed', slot: null },
      { childId: 'c2', familyId: 'f2', status: 'cancel-requested', slot: { start: '08:00', end: '12:00' } },
      { childId: 'c3', familyId: 'f3', status: 'requested', slot: null },
    ],
    [
      { childId: 'c1', familyId: 'f1', status: 'present' },
      { childId: 'c4', familyId: 'f4', status: 'present' },
      { childId: 'c3', familyId: 'f3', status: 'absent' },
    ],
    new Map([
      ['c1', facts('Zoé', 'Émery', { diet: { kind: 'allergy', label: 'Allergie', hasDetails: true }, careplan: true })],
      ['c2', facts('Adam', 'Durand', { diet: { kind: 'none', label: 'Aucun', hasDetails: false }, careplan: false })],
      ['c3', facts('Lou', 'Petit')],
      ['c4', facts('Nour', 'Ali')],
    ]),
  );

  it('sorts by name the French way, keeps requests and unbooked presences apart, counts', () => {
    expect(lists.expected.map((r) => r.lastName)).toEqual(['Durand', 'Émery']);
    expect(lists.pending.map((r) => [r.childId, r.statusLabel, r.attendance])).toEqual([['c3', 'En attente', 'absent']]);
    expect(lists.unbooked.map((r) => [r.childId, r.bookingStatus, r.statusLabel])).toEqual([['c4', null, 'Non réservé']]);
    expect(lists.counts).toEqual({ expected: 2, withDiet: 1, withCareplan: 1, pending: 1, present: 2, absent: 1, excused: 0, unbooked: 1 });
  });

  it('writes a CSV for Excel: counts first, one line per child, unanswered flags said so', () => {
    const csv = attendanceCsv({ ...lists, serviceLabel: 'Périscolaire; soir', establishmentName: 'École A', date: '2026-11-03' });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('Service;"Périscolaire; soir"');
    expect(lines[2]).toBe('Date;03/11/2026');
    expect(lines.slice(9)).toEqual([
      'Durand;Adam;École A;CP;Annulation demandée;08:00-12:00;Aucun;Non;Non;',
      'Émery;Zoé;École A;CP;Attendu;;Allergie;Oui;Oui;Présent',
      'Petit;Lou;École A;CP;En attente;;Non renseigné;;Non renseigné;Absent',
      'Ali;Nour;École A;CP;Non réservé;;Non renseigné;;Non renseigné;Présent',
      '',
    ]);
  });

  it('neutralises formulas and quotes what needs it', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+33 6')).toBe("'+33 6");
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
  });

  it('names the file from the service, in ASCII', () => {
    expect(attendanceFileName('Accueil périscolaire (soir) !', '2026-11-03')).toBe('presences-accueil-periscolaire-soir-2026-11-03.csv');
  });
});
