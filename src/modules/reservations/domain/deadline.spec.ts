import { minutesBefore, parseRule, PeriodClock, refusalOf, RuleError, ruleInstant, ruleLabel, timingOf } from './deadline';

describe('deadline rules', () => {
  it('reads the two shapes and refuses anything else, naming the field', () => {
    const errors: RuleError[] = [];
    expect(parseRule({ daysBefore: 2, at: '18:00' }, 'deadline', errors)).toEqual({ daysBefore: 2, at: '18:00' });
    expect(parseRule({ hoursBefore: 72 }, 'deadline', errors)).toEqual({ hoursBefore: 72 });
    expect(errors).toEqual([]);
    for (const bad of [null, [], 'J-2', { daysBefore: 2 }, { daysBefore: 2, at: '18:00', hoursBefore: 1 }, { days: 2 }]) parseRule(bad, 'deadline', errors);
    expect(errors.every((e) => e.path === 'deadline')).toBe(true);
    const fields: RuleError[] = [];
    parseRule({ daysBefore: -1, at: '25:00' }, 'cutoff', fields);
    parseRule({ hoursBefore: 1.5 }, 'deadline', fields);
    expect(fields.map((e) => e.path)).toEqual(['cutoff.daysBefore', 'cutoff.at', 'deadline.hoursBefore']);
  });

  it('labels rules the way families read them', () => {
    expect(ruleLabel({ daysBefore: 2, at: '18:00' })).toBe('J-2 à 18:00');
    expect(ruleLabel({ hoursBefore: 72 })).toBe('72 heures avant');
    expect(ruleLabel({ daysBefore: 0, at: '08:00' })).toBe('le jour même à 08:00');
    expect(ruleLabel({ hoursBefore: 0 })).toBe('le jour même');
  });

  it('compares rules by how long before the day they fall', () => {
    expect(minutesBefore({ daysBefore: 2, at: '18:00' })).toBe(2 * 1440 - 18 * 60);
    expect(minutesBefore({ hoursBefore: 72 })).toBe(72 * 60);
  });

  it('reads the rule on the establishment’s clock, across daylight-saving changes', () => {
    // "J-2 à 18:00" for Tuesday 2026-03-31: Sunday 29 March, the day summer time starts, 18:00 CEST = 16:00 UTC
    expect(ruleInstant({ daysBefore: 2, at: '18:00' }, '2026-03-31', 'Europe/Paris').toISOString()).toBe('2026-03-29T16:00:00.000Z');
    // "72 heures avant" Tuesday 2026-10-27 00:00 CET: 72 real hours earlier
    expect(ruleInstant({ hoursBefore: 72 }, '2026-10-27', 'Europe/Paris').toISOString()).toBe('2026-10-23T23:00:00.000Z');
    expect(ruleInstant({ daysBefore: 1, at: '12:00' }, '2026-09-02', 'America/Cayenne').toISOString()).toBe('2026-09-01T15:00:00.000Z');
  });

  it('tells a change accepted at once, a request, or refused', () => {
    const clock: PeriodClock = {
      opensAt: new Date('2026-06-01T06:00:00Z'),
      closesAt: null,
      deadline: { daysBefore: 2, at: '18:00' },
      cutoff: { daysBefore: 0, at: '08:00' },
      timeZone: 'Europe/Paris',
    };
    const day = '2026-09-10';
    expect(timingOf(day, new Date('2026-05-31T12:00:00Z'), clock)).toBe('not-open');
    expect(timingOf(day, new Date('2026-09-08T15:59:59Z'), clock)).toBe('immediate');
    expect(timingOf(day, new Date('2026-09-08T16:00:01Z'), clock)).toBe('request');
    expect(timingOf(day, new Date('2026-09-10T05:59:59Z'), clock)).toBe('request');
    expect(timingOf(day, new Date('2026-09-10T06:00:01Z'), clock)).toBe('too-late');
    expect(timingOf(day, new Date('2026-09-01T00:00:00Z'), { ...clock, closesAt: new Date('2026-08-31T22:00:00Z') })).toBe('window-closed');
    expect(refusalOf('not-open', clock)).toBe('Les réservations de cette période ouvrent le 01/06/2026 à 08:00.');
    expect(refusalOf('too-late', clock)).toContain('délai');
  });
});
