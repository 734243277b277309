import { DateTime } from 'luxon';
import { addDays } from './calendar';

/**
 * The booking deadline ("délai de prévenance") and cut-off of a booking period, read on the
 * establishment's clock:
 * - `{ daysBefore: 2, at: '18:00' }` — "J-2 à 18:00": two days before the day, at 18:00;
 * - `{ hoursBefore: 72 }` — "72 heures avant": 72 hours before the day starts (00:00).
 * Before the deadline a booking or a cancellation is accepted at once; after it and until the
 * cut-off it is a request that staff accept or refuse; past the cut-off it is refused. With no
 * cut-off, requests are taken until the day starts.
 */
export type DeadlineRule = { daysBefore: number; at: string } | { hoursBefore: number };

export type Timing = 'not-open' | 'window-closed' | 'immediate' | 'request' | 'too-late';

export interface PeriodClock {
  opensAt: Date;
  closesAt: Date | null;
  deadline: DeadlineRule;
  cutoff: DeadlineRule | null;
  timeZone: string;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const MAX_DAYS_BEFORE = 60;
export const MAX_HOURS_BEFORE = MAX_DAYS_BEFORE * 24;

export interface RuleError {
  path: string;
  message: string;
}

/** Reads a rule sent by staff; errors name the field under `path`. */
export function parseRule(value: unknown, path: string, errors: RuleError[]): DeadlineRule | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push({ path, message: 'doit être {"daysBefore": 2, "at": "18:00"} ou {"hoursBefore": 72}' });
    return undefined;
  }
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v).sort().join(',');
  if (keys === 'at,daysBefore') {
    const before = errors.length;
    if (!Number.isInteger(v.daysBefore) || (v.daysBefore as number) < 0 || (v.daysBefore as number) > MAX_DAYS_BEFORE) {
      errors.push({ path: `${path}.daysBefore`, message: `doit être un nombre entier de jours entre 0 et ${MAX_DAYS_BEFORE}` });
    }
    if (typeof v.at !== 'string' || !TIME.test(v.at)) errors.push({ path: `${path}.at`, message: 'doit être une heure HH:MM (18:00)' });
    return errors.length === before ? { daysBefore: v.daysBefore as number, at: v.at as string } : undefined;
  }
  if (keys === 'hoursBefore') {
    if (!Number.isInteger(v.hoursBefore) || (v.hoursBefore as number) < 0 || (v.hoursBefore as number) > MAX_HOURS_BEFORE) {
      errors.push({ path: `${path}.hoursBefore`, message: `doit être un nombre entier d’heures entre 0 et ${MAX_HOURS_BEFORE}` });
      return undefined;
    }
    return { hoursBefore: v.hoursBefore as number };
  }
  errors.push({ path, message: 'doit être {"daysBefore": 2, "at": "18:00"} ou {"hoursBefore": 72}' });
  return undefined;
}

/** How long before the day's 00:00 the rule falls, in minutes (to compare two rules). */
export function minutesBefore(rule: DeadlineRule): number {
  if ('hoursBefore' in rule) return rule.hoursBefore * 60;
  const [h, m] = rule.at.split(':').map(Number);
  return rule.daysBefore * 1440 - (h * 60 + m);
}

/** "J-2 à 18:00", "72 heures avant", "le jour même à 08:00". */
export function ruleLabel(rule: DeadlineRule): string {
  if ('hoursBefore' in rule) return rule.hoursBefore === 0 ? 'le jour même' : `${rule.hoursBefore} heure${rule.hoursBefore > 1 ? 's' : ''} avant`;
  return rule.daysBefore === 0 ? `le jour même à ${rule.at}` : `J-${rule.daysBefore} à ${rule.at}`;
}

/** The instant a rule falls for a day, on the establishment's clock. */
export function ruleInstant(rule: DeadlineRule, day: string, timeZone: string): Date {
  if ('hoursBefore' in rule) return DateTime.fromISO(`${day}T00:00`, { zone: timeZone }).minus({ hours: rule.hoursBefore }).toJSDate();
  return DateTime.fromISO(`${addDays(day, -rule.daysBefore)}T${rule.at}`, { zone: timeZone }).toJSDate();
}

/** What a change to a day made at `now` is: accepted at once, a request, or refused (and why). */
export function timingOf(day: string, now: Date, clock: PeriodClock): Timing {
  if (now < clock.opensAt) return 'not-open';
  if (clock.closesAt && now > clock.closesAt) return 'window-closed';
  if (now <= ruleInstant(clock.deadline, day, clock.timeZone)) return 'immediate';
  if (now <= ruleInstant(clock.cutoff ?? { hoursBefore: 0 }, day, clock.timeZone)) return 'request';
  return 'too-late';
}

/** A day in ms since the epoch, its wall-clock time read as if it were UTC. */
const wallMs = (day: string, minutes = 0) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) + minutes * 60_000;

/**
 * How far a rule's instant can be from its wall-clock time read as if it were UTC: the zone's UTC
 * offset (-12 h to +14 h), plus a local time skipped by the clock (1 h for DST, a whole day when Samoa
 * crossed the date line), with room to spare.
 */
const MARGIN_MS = 40 * 3_600_000;

/**
 * timingOf() for many days at the same instant (a batch, a calendar): the same answers, but luxon's
 * zone arithmetic (tens of µs a call, more on a busy machine) only for the days whose deadline or
 * cut-off falls within MARGIN_MS of `now`; the others are on the same side of `now` whatever the zone.
 */
export function timingsAt(now: Date, clock: PeriodClock): (day: string) => Timing {
  if (now < clock.opensAt) return () => 'not-open';
  if (clock.closesAt && now > clock.closesAt) return () => 'window-closed';
  const nowMs = now.getTime();
  const cutoff = clock.cutoff ?? { hoursBefore: 0 };
  /** now <= ruleInstant(rule, day) */
  const notPast = (rule: DeadlineRule, day: string): boolean => {
    const wall = 'hoursBefore' in rule ? wallMs(day) - rule.hoursBefore * 3_600_000 : wallMs(addDays(day, -rule.daysBefore), minutesOf(rule.at));
    if (nowMs <= wall - MARGIN_MS) return true;
    if (nowMs > wall + MARGIN_MS) return false;
    return now <= ruleInstant(rule, day, clock.timeZone);
  };
  return (day) => (notPast(clock.deadline, day) ? 'immediate' : notPast(cutoff, day) ? 'request' : 'too-late');
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Why a change is refused, in French, for a timing that refuses it. */
export function refusalOf(timing: Timing, clock: PeriodClock): string {
  const when = (d: Date) => DateTime.fromJSDate(d, { zone: clock.timeZone }).setLocale('fr').toFormat("dd/MM/yyyy 'à' HH:mm");
  switch (timing) {
    case 'not-open':
      return `Les réservations de cette période ouvrent le ${when(clock.opensAt)}.`;
    case 'window-closed':
      return `Les réservations de cette période sont closes depuis le ${when(clock.closesAt!)}.`;
    default:
      return 'Le délai pour ce jour est dépassé : adressez-vous à la structure.';
  }
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}
