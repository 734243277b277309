import {
  ageFit,
  ageOn,
  ageRangeLabel,
  ageRefusal,
  checkGroup,
  expandSessions,
  onFailedPayment,
  onValidatedPayment,
  placeLabel,
  registrationOpen,
  registrationStatusLabel,
  termWindow,
} from './activity';
import { isoWeekday, openingOf } from './calendar';
import { PeriodClock } from './deadline';

const term = { startsOn: '2026-09-01', endsOn: '2026-12-18' };
const openEveryDay = () => undefined;

describe('ages', () => {
  it('counts whole years on a day', () => {
    expect(ageOn('2016-03-14', '2026-03-13')).toBe(9);
    expect(ageOn('2016-03-14', '2026-03-14')).toBe(10);
    expect(ageOn('2016-03-14', '2026-12-31')).toBe(10);
    expect(ageOn('2019-07-01', '2026-09-02')).toBe(7);
  });

  it('makes a child born on 29 February a year older on 1 March of a common year', () => {
    expect(ageOn('2016-02-29', '2027-02-28')).toBe(10);
    expect(ageOn('2016-02-29', '2027-03-01')).toBe(11);
    expect(ageOn('2016-02-29', '2028-02-29')).toBe(12);
  });

  it('fits a child whose age on the first session is within the range, bounds included', () => {
    const group = { minAge: 7, maxAge: 11 };
    expect(ageFit(group, '2019-09-02', '2026-09-02')).toEqual({ age: 7, fits: true });
    expect(ageFit(group, '2019-09-03', '2026-09-02')).toEqual({ age: 6, fits: false });
    expect(ageFit(group, '2014-09-02', '2026-09-02')).toEqual({ age: 12, fits: false });
    expect(ageFit(group, '2014-09-03', '2026-09-02')).toEqual({ age: 11, fits: true });
  });

  it('says why a child does not fit, in French', () => {
    expect(ageRangeLabel(7, 11)).toBe('7 à 11 ans');
    expect(ageRangeLabel(1, 1)).toBe('1 an');
    expect(ageRefusal('Inès', 6, { label: '7/11 ans Escalade', minAge: 7, maxAge: 11 }, '2026-09-02')).toBe(
      'Inès aura 6 ans à la première séance (02/09/2026) : le groupe « 7/11 ans Escalade » est pour les 7 à 11 ans.',
    );
  });
});

describe('a group', () => {
  const settings = { label: '7/11 ans Escalade', minAge: 7, maxAge: 11, places: 12, priceCents: 4500, startsAt: '14:00', endsAt: '16:00' };

  it('checks the ages and times between fields', () => {
    expect(checkGroup(settings)).toEqual([]);
    expect(checkGroup({ ...settings, minAge: 12 }).map((e) => e.path)).toEqual(['maxAge']);
    expect(checkGroup({ ...settings, endsAt: '14:00' }).map((e) => e.path)).toEqual(['endsAt']);
  });

  it('is labelled for a payment as term – group – child', () => {
    expect(placeLabel('EMS 2026-2027 1er trimestre', '7/11 ans Escalade', 'Léo')).toBe('EMS 2026-2027 1er trimestre – 7/11 ans Escalade – Léo');
  });
});

describe('session expansion', () => {
  it('expands a weekday pattern over the term, leaving out closed days', () => {
    const closed = openingOf({
      weekdays: [3],
      followsSchoolCalendar: true,
      alsaceMoselle: false,
      schoolHolidays: [{ startsOn: '2026-10-17', endsOn: '2026-11-01', label: 'Vacances de la Toussaint' }],
      closures: [{ startsOn: '2026-11-25', endsOn: '2026-11-25', label: 'Sortie annulée' }],
    });
    const { days, errors } = expandSessions({ weekdays: [3] }, term, closed);
    expect(errors).toEqual([]);
    expect(days.every((d) => isoWeekday(d) === 3)).toBe(true);
    expect(days[0]).toBe('2026-09-02');
    expect(days[days.length - 1]).toBe('2026-12-16');
    expect(days).not.toContain('2026-10-21'); // school holidays
    expect(days).not.toContain('2026-10-28');
    expect(days).not.toContain('2026-11-11'); // Armistice (a Wednesday in 2026)
    expect(days).not.toContain('2026-11-25'); // closure
    expect(days).toHaveLength(16 - 4);
  });

  it('limits a pattern to from–to within the term', () => {
    expect(expandSessions({ weekdays: [1, 3], from: '2026-09-07', to: '2026-09-16' }, term, openEveryDay).days).toEqual(['2026-09-07', '2026-09-09', '2026-09-14', '2026-09-16']);
    expect(expandSessions({ weekdays: [3], from: '2026-08-26' }, term, openEveryDay).errors.map((e) => e.path)).toEqual(['sessions.from']);
    expect(expandSessions({ weekdays: [3], from: '2026-10-01', to: '2026-09-30' }, term, openEveryDay).errors.map((e) => e.path)).toEqual(['sessions.to']);
  });

  it('takes chosen dates, sorted and once each, and names the ones outside the term or closed', () => {
    expect(expandSessions({ dates: ['2026-09-16', '2026-09-09', '2026-09-16'] }, term, openEveryDay)).toEqual({ days: ['2026-09-09', '2026-09-16'], errors: [] });
    const closed = (day: string) => (day === '2026-11-11' ? 'Jour férié : Armistice 1918' : undefined);
    const { errors } = expandSessions({ dates: ['2026-09-09', '2026-11-11', '2027-01-06'] }, term, closed);
    expect(errors).toEqual([
      { path: 'sessions.dates[1]', message: '11/11/2026 : Jour férié : Armistice 1918' },
      { path: 'sessions.dates[2]', message: expect.stringContaining('en dehors de la période') },
    ]);
  });

  it('refuses a group without any session', () => {
    expect(expandSessions({}, term, openEveryDay).errors.map((e) => e.path)).toEqual(['sessions']);
    expect(expandSessions({ weekdays: [6] }, term, (d) => (isoWeekday(d) === 6 ? 'Pas d’accueil le samedi' : undefined)).errors[0].message).toContain('aucune séance');
  });
});

describe('registration window', () => {
  const clock: PeriodClock = {
    opensAt: new Date('2026-06-15T06:00:00Z'),
    closesAt: new Date('2026-09-10T16:00:00Z'),
    deadline: { daysBefore: 2, at: '18:00' },
    cutoff: null,
    timeZone: 'Europe/Paris',
  };

  it('opens with the term, closes with it, and closes for a group at the deadline before its first session', () => {
    expect(termWindow(new Date('2026-06-01T00:00:00Z'), clock)).toEqual({ open: false, reason: 'Les inscriptions ouvrent le 15/06/2026 à 08:00.' });
    expect(termWindow(new Date('2026-07-01T00:00:00Z'), clock).open).toBe(true);
    expect(termWindow(new Date('2026-09-11T00:00:00Z'), clock).reason).toBe('Les inscriptions sont closes depuis le 10/09/2026 à 18:00.');
    // first session Wednesday 09/09: deadline Monday 07/09 at 18:00 (Paris)
    expect(registrationOpen('2026-09-09', new Date('2026-09-07T15:59:00Z'), clock).open).toBe(true);
    expect(registrationOpen('2026-09-09', new Date('2026-09-07T16:01:00Z'), clock)).toEqual({
      open: false,
      reason: 'Les inscriptions à ce groupe sont closes (J-2 à 18:00 avant la première séance, le 09/09/2026).',
    });
  });
});

describe('payment outcomes', () => {
  it('confirms only a held registration, takes a released one again, and never applies a payment twice', () => {
    expect(onValidatedPayment({ status: 'held', paymentId: null }, 'p1')).toBe('confirm');
    expect(onValidatedPayment({ status: 'confirmed', paymentId: 'p1' }, 'p1')).toBe('already-applied');
    expect(onValidatedPayment({ status: 'confirmed', paymentId: 'p1' }, 'p2')).toBe('already-paid');
    expect(onValidatedPayment({ status: 'released', paymentId: null }, 'p1')).toBe('retake');
    expect(onValidatedPayment({ status: 'released', paymentId: 'p1' }, 'p1')).toBe('already-applied');
  });

  it('releases only a held registration on a failed payment', () => {
    expect(onFailedPayment({ status: 'held' })).toBe('release');
    expect(onFailedPayment({ status: 'confirmed' })).toBe('ignore');
    expect(onFailedPayment({ status: 'released' })).toBe('ignore');
  });

  it('labels each state for the guardian', () => {
    expect(registrationStatusLabel('held', null)).toBe('En attente de paiement');
    expect(registrationStatusLabel('confirmed', null)).toBe('Confirmée');
    expect(registrationStatusLabel('released', 'payment-refused')).toBe('Annulée : paiement refusé');
    expect(registrationStatusLabel('released', 'payment-too-late')).toContain('remboursé');
  });
});
