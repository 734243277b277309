/**
 * Days of an establishment's calendar, as `YYYY-MM-DD` strings (no time, no zone): opening weekdays,
 * French public holidays (computed from the year: Easter and the fixed days), the school holidays of
 * the establishment's zone and its closures.
 */

const DAY_MS = 86_400_000;

const toUtc = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return ((new Date(toUtc(date)).getUTCDay() + 6) % 7) + 1;
}

/** Every day from `from` to `to`, both included. */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = toUtc(from), end = toUtc(to); ms <= end; ms += DAY_MS) days.push(fromUtc(ms));
  return days;
}

/** The Monday of a date's week. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** `2026-09` → first and last day of the month. */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  return { from: `${month}-01`, to: fromUtc(Date.UTC(y, m, 0)) };
}

/** `2026-W37` → its Monday and Sunday (ISO 8601 weeks). */
export function isoWeekBounds(week: string): { from: string; to: string } {
  const [y, w] = week.split('-W').map(Number);
  const jan4 = `${y}-01-04`;
  const from = addDays(mondayOf(jan4), (w - 1) * 7);
  return { from, to: addDays(from, 6) };
}

/**
 * The school year a day belongs to: September to August, `2026-2027` for 2026-09-01 … 2027-08-31
 * (the summer's leisure centres belong to the year that ends).
 */
export function schoolYearOf(date: string): string {
  const y = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 9 ? y : y - 1;
  return `${start}-${start + 1}`;
}

export function schoolYearBounds(schoolYear: string): { from: string; to: string } {
  const start = Number(schoolYear.slice(0, 4));
  return { from: `${start}-09-01`, to: `${start + 1}-08-31` };
}

export function isSchoolYear(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{4}$/.test(value) && Number(value.slice(5)) === Number(value.slice(0, 4)) + 1;
}

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** French public holidays of a year (Code du travail, L3133-1), with Alsace-Moselle's two more. */
export function publicHolidays(year: number, alsaceMoselle = false): Map<string, string> {
  const easter = easterSunday(year);
  const holidays: [string, string][] = [
    [`${year}-01-01`, "Jour de l'an"],
    [addDays(easter, 1), 'Lundi de Pâques'],
    [`${year}-05-01`, 'Fête du Travail'],
    [`${year}-05-08`, 'Victoire 1945'],
    [addDays(easter, 39), 'Ascension'],
    [addDays(easter, 50), 'Lundi de Pentecôte'],
    [`${year}-07-14`, 'Fête nationale'],
    [`${year}-08-15`, 'Assomption'],
    [`${year}-11-01`, 'Toussaint'],
    [`${year}-11-11`, 'Armistice 1918'],
    [`${year}-12-25`, 'Noël'],
  ];
  if (alsaceMoselle) holidays.push([addDays(easter, -2), 'Vendredi saint'], [`${year}-12-26`, 'Saint-Étienne']);
  return new Map(holidays.sort(([a], [b]) => a.localeCompare(b)));
}

export interface DateSpan {
  startsOn: string;
  endsOn: string;
  label: string;
}

export interface OpeningRules {
  /** ISO weekdays the service opens */
  weekdays: readonly number[];
  /** closed during the school holidays of the zone */
  followsSchoolCalendar: boolean;
  alsaceMoselle: boolean;
  /** the zone's school holidays around the days asked */
  schoolHolidays: readonly DateSpan[];
  /** the establishment's and the service's closures around the days asked */
  closures: readonly DateSpan[];
}

const WEEKDAY_NAMES = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

export function weekdayName(isoDay: number): string {
  return WEEKDAY_NAMES[isoDay];
}

/**
 * Why the service is closed on a day (French, for the guardian), or undefined when it opens.
 * Closures first (staff's own words), then public holidays, school holidays, weekdays.
 */
export function closedReason(day: string, rules: OpeningRules, holidays = publicHolidays(Number(day.slice(0, 4)), rules.alsaceMoselle)): string | undefined {
  const closure = rules.closures.find((c) => c.startsOn <= day && day <= c.endsOn);
  if (closure) return `Fermeture : ${closure.label}`;
  const holiday = holidays.get(day);
  if (holiday) return `Jour férié : ${holiday}`;
  if (rules.followsSchoolCalendar) {
    const vacation = rules.schoolHolidays.find((h) => h.startsOn <= day && day <= h.endsOn);
    if (vacation) return `Vacances scolaires : ${vacation.label}`;
  }
  const weekday = isoWeekday(day);
  if (!rules.weekdays.includes(weekday)) return `Pas d’accueil le ${weekdayName(weekday)}`;
  return undefined;
}

/** A closedReason() for many days, computing each year's public holidays once. */
export function openingOf(rules: OpeningRules): (day: string) => string | undefined {
  const byYear = new Map<number, Map<string, string>>();
  return (day) => {
    const year = Number(day.slice(0, 4));
    let holidays = byYear.get(year);
    if (!holidays) byYear.set(year, (holidays = publicHolidays(year, rules.alsaceMoselle)));
    return closedReason(day, rules, holidays);
  };
}
