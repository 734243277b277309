import { addDays } from './calendar';
import { DeadlineRule, PeriodClock, timingOf, timingsAt } from './deadline';

describe('timingsAt (timingOf for many days at once)', () => {
  const zones = ['Europe/Paris', 'America/Miquelon', 'Pacific/Apia', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];
  const rules: DeadlineRule[] = [
    { daysBefore: 2, at: '18:00' },
    { daysBefore: 0, at: '08:00' },
    { daysBefore: 1, at: '02:30' }, // in the spring-forward gap of Paris
    { daysBefore: 7, at: '00:00' },
    { hoursBefore: 0 },
    { hoursBefore: 1 },
    { hoursBefore: 25 },
    { hoursBefore: 72 },
  ];
  // around the DST changes of Paris and Miquelon, Samoa's skipped day (2011-12-30), and ordinary days; zones from UTC-11 to UTC+14
  const instants = [
    '2027-03-28T00:30:00Z', '2027-03-28T01:00:00Z', '2027-03-28T01:30:00Z', '2027-03-26T17:00:00Z',
    '2027-10-31T00:30:00Z', '2027-10-31T01:00:00Z', '2027-10-31T01:30:00Z', '2027-10-29T16:59:59Z',
    '2027-03-14T05:30:00Z', '2027-11-07T04:30:00Z', '2011-12-29T09:59:00Z', '2011-12-30T10:00:00Z',
    '2026-11-29T17:00:00Z', '2026-11-27T17:00:00Z', '2026-11-27T16:59:00Z',
  ];
  const clock = (timeZone: string, deadline: DeadlineRule, cutoff: DeadlineRule | null): PeriodClock => ({
    opensAt: new Date('2000-01-01T00:00:00Z'),
    closesAt: null,
    deadline,
    cutoff,
    timeZone,
  });

  it('gives the same timing as timingOf for every day, zone, rule, cut-off and instant', () => {
    let compared = 0;
    const differ: unknown[] = [];
    for (const timeZone of zones) {
      for (const deadline of rules) {
        for (const cutoff of [null, { hoursBefore: 0 }, { daysBefore: 0, at: '08:00' }] as (DeadlineRule | null)[]) {
          for (const iso of instants) {
            const now = new Date(iso);
            const c = clock(timeZone, deadline, cutoff);
            const fast = timingsAt(now, c);
            for (let i = -2; i <= 8; i++) {
              const day = addDays(iso.slice(0, 10), i);
              const [got, expected] = [fast(day), timingOf(day, now, c)];
              if (got !== expected) differ.push({ timeZone, deadline, cutoff, now: iso, day, got, expected });
              compared++;
            }
          }
        }
      }
    }
    expect(differ).toEqual([]);
    expect(compared).toBeGreaterThan(10_000);
  });

  it('answers not-open and window-closed for every day, as timingOf', () => {
    const c = { ...clock('Europe/Paris', { daysBefore: 2, at: '18:00' }, null), opensAt: new Date('2027-01-10T00:00:00Z'), closesAt: new Date('2027-02-10T00:00:00Z') };
    for (const [iso, expected] of [['2027-01-09T12:00:00Z', 'not-open'], ['2027-02-11T12:00:00Z', 'window-closed']] as const) {
      const fast = timingsAt(new Date(iso), c);
      for (const day of ['2027-01-01', '2027-03-01', '2028-01-01']) {
        expect(fast(day)).toBe(expected);
        expect(timingOf(day, new Date(iso), c)).toBe(expected);
      }
    }
  });
});
