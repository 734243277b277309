import { addMonths, frenchDate, isIsoDate, todayInParis } from './dates';

describe('calendar', () => {
  it('tells the day in Paris, not in UTC', () => {
    expect(todayInParis(new Date('2026-03-31T22:30:00Z'))).toBe('2026-04-01');
    expect(todayInParis(new Date('2026-01-15T22:59:59Z'))).toBe('2026-01-15');
  });

  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(['2026-08-31', '2028-02-29'].map(isIsoDate)).toEqual([true, true]);
    expect(['2026-02-29', '2026-13-01', '31/08/2026', '2026-8-31', '', 20260831, null].map(isIsoDate)).toEqual([false, false, false, false, false, false, false]);
  });

  it('adds calendar months, keeping the day or taking the last day of a shorter month', () => {
    expect(addMonths('2025-09-01', 12)).toBe('2026-09-01');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-08-31', 120)).toBe('2036-08-31');
  });

  it('writes dates the French way', () => {
    expect(frenchDate('2026-08-31')).toBe('31/08/2026');
  });
});
