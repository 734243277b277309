import { parseSchoolCalendarCsv } from './school-holidays';

describe("the ministry's school calendar (CSV)", () => {
  it('reads holidays per zone, once per zone whatever the académies, leaving out teachers-only lines', () => {
    const csv = [
      'Description;Population;Date de début;Date de fin;Zones;annee_scolaire;Académies',
      'Vacances de la Toussaint;-;2026-10-16T22:00:00+00:00;2026-11-01T23:00:00+00:00;Zone B;2026-2027;Amiens',
      'Vacances de la Toussaint;-;2026-10-16T22:00:00+00:00;2026-11-01T23:00:00+00:00;Zone B;2026-2027;Lille',
      'Vacances de Noël;-;2026-12-18T23:00:00+00:00;2027-01-03T23:00:00+00:00;Zone A;2026-2027;Lyon',
      'Pré-rentrée Enseignants;Enseignants;2026-08-30T22:00:00+00:00;2026-08-31T22:00:00+00:00;Zone B;2026-2027;Amiens',
      "Vacances d'Été;Élèves;2027-07-02T22:00:00+00:00;2027-08-31T22:00:00+00:00;Corse;2026-2027;Corse",
    ].join('\n');
    const { holidays, errors } = parseSchoolCalendarCsv(csv);
    expect(errors).toEqual([]);
    expect(holidays).toEqual([
      { zone: 'A', label: 'Vacances de Noël', startsOn: '2026-12-19', endsOn: '2027-01-03', schoolYear: '2026-2027' },
      { zone: 'B', label: 'Vacances de la Toussaint', startsOn: '2026-10-17', endsOn: '2026-11-01', schoolYear: '2026-2027' },
      { zone: 'Corse', label: "Vacances d'Été", startsOn: '2027-07-03', endsOn: '2027-08-31', schoolYear: '2026-2027' },
    ]);
  });

  it('accepts plain dates and a comma, and names each faulty line and column', () => {
    const ok = parseSchoolCalendarCsv('Description,Date de début,Date de fin,Zones\nVacances de Printemps,2027-04-17,2027-05-03,Zone C');
    expect(ok.holidays).toEqual([{ zone: 'C', label: 'Vacances de Printemps', startsOn: '2027-04-17', endsOn: '2027-05-02', schoolYear: '2026-2027' }]);
    const bad = parseSchoolCalendarCsv('Description;Date de début;Date de fin;Zones\n;2027-04-17;2027-05-03;Zone Z\nVacances;demain;2027-05-03;Zone A\nVacances;2027-05-03;2027-04-17;Zone A');
    expect(bad.errors).toEqual([
      { line: 2, field: 'Description', message: 'vide' },
      { line: 2, field: 'Zones', message: 'zone inconnue « Zone Z »' },
      { line: 3, field: 'Date de début', message: 'date illisible « demain »' },
      { line: 4, field: 'Date de fin', message: 'doit suivre la date de début' },
    ]);
    expect(parseSchoolCalendarCsv('Nom;Début\nx;y').errors[0]).toMatchObject({ line: 1, field: 'en-tête' });
  });
});
