import { publicHolidays } from '../../src/modules/reservations/domain/calendar';
import { addDays, inDays } from '../factories/reservations.factory';

/**
 * `count` days in a row from J+`n`, skipping French public holidays (a closed day refuses a booking
 * named by date, and J+26 may well be Christmas). For services open every day of the week.
 */
export function openDays(n: number, count = 1): string[] {
  const days: string[] = [];
  for (let d = inDays(n); days.length < count; d = addDays(d, 1)) if (!publicHolidays(Number(d.slice(0, 4))).has(d)) days.push(d);
  return days;
}
