import { closedReason, easterSunday, isoWeekBounds, monthBounds, openingOf, OpeningRules, publicHolidays, schoolYearOf } from './calendar';

describe('calendar', () => {
  it('computes Easter Sunday', () => {
    expect(['2024', '2025', '2026', '2027', '2038', '2285'].map((y) => easterSunday(Number(y)))).toEqual(['2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2038-04-25', '2285-03-22']);
  });

  it('computes the French public holidays of a year, and Alsace-Moselle’s two more', () => {
    const h2026 = publicHolidays(2026);
    expect([...h2026.keys()]).toEqual(['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25', '2026-07-14', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25']);
    expect(h2026.get('2026-05-14')).toBe('Ascension');
    const alsace = publicHolidays(2027, true);
    expect(alsace.get('2027-03-26')).toBe('Vendredi saint');
    expect(alsace.get('2027-12-26')).toBe('Saint-Étienne');
    expect(publicHolidays(2027).has('2027-12-26')).toBe(false);
  });

  it('tells the school year of a day (September to August)', () => {
    expect(['2026-09-01', '2027-07-03', '2027-08-31', '2026-08-31'].map(schoolYearOf)).toEqual(['2026-2027', '2026-2027', '2026-2027', '2025-2026']);
  });

  it('gives the bounds of a month and of an ISO week', () => {
    expect(monthBounds('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(isoWeekBounds('2026-W37')).toEqual({ from: '2026-09-07', to: '2026-09-13' });
    expect(isoWeekBounds('2027-W01')).toEqual({ from: '2027-01-04', to: '2027-01-10' });
    expect(isoWeekBounds('2026-W53')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('says why a day is closed: closure, public holiday, school holiday, weekday', () => {
    const rules: OpeningRules = {
      weekdays: [1, 2, 4, 5],
      followsSchoolCalendar: true,
      alsaceMoselle: false,
      schoolHolidays: [{ startsOn: '2026-10-17', endsOn: '2026-11-01', label: 'Vacances de la Toussaint' }],
      closures: [{ startsOn: '2026-11-11', endsOn: '2026-11-13', label: 'Travaux' }],
    };
    expect(closedReason('2026-09-07', rules)).toBeUndefined();
    expect(closedReason('2026-09-09', rules)).toBe('Pas d’accueil le mercredi');
    expect(closedReason('2026-10-20', rules)).toBe('Vacances scolaires : Vacances de la Toussaint');
    expect(closedReason('2026-11-11', rules)).toBe('Fermeture : Travaux');
    expect(closedReason('2026-12-25', rules)).toBe('Jour férié : Noël');
    const allYear = openingOf({ ...rules, followsSchoolCalendar: false });
    expect(allYear('2026-10-20')).toBeUndefined();
    expect(allYear('2027-05-06')).toBe('Jour férié : Ascension');
  });
});
