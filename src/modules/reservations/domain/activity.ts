import { DateTime } from 'luxon';
import { frenchDate } from '../../../platform/dates';
import { eachDay, isoWeekday } from './calendar';
import { PeriodClock, RuleError, ruleLabel, timingOf } from './deadline';

/**
 * Term activities (seed 003, "EMS"): per term (a booking period of a `term-activity` service), staff
 * offer groups ("7/11 ans Escalade") with their places, price and sessions; for each child the
 * guardian picks a group that fits the child's age, validates and pays at once. The places are held
 * while the guardian pays, confirmed by the payment, released when it fails, is abandoned, or does
 * not come within the hold time. Pure rules here; the counters and writes are in
 * application/activities.service.ts and application/activity-holds.ts.
 */

export const REGISTRATION_STATUSES = ['held', 'confirmed', 'released'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const RELEASE_REASONS = ['payment-refused', 'payment-abandoned', 'expired', 'payment-too-late'] as const;
export type ReleaseReason = (typeof RELEASE_REASONS)[number];

/** Ages are whole years on the group's first session, 0 to 25 (the table's bounds). */
export const MAX_AGE = 25;
export const MAX_PLACES = 10_000;
export const MAX_PRICE_CENTS = 10_000_000;
/** Sessions of one group (a term lasts at most 400 days). */
export const MAX_SESSIONS = 400;
/** (child, group) pairs in one registration: a few children, a few terms each. */
export const MAX_PLACES_PER_REGISTRATION = 20;

export interface GroupSettings {
  label: string;
  minAge: number;
  maxAge: number;
  places: number;
  priceCents: number;
  /** HH:MM */
  startsAt: string;
  endsAt: string;
}

export interface ActivityGroup extends GroupSettings {
  id: string;
  serviceId: string;
  periodId: string;
  /** places held or confirmed (held ones past their hold time included until they are released) */
  taken: number;
  /** the days of the sessions, sorted */
  sessions: string[];
}

/** Sessions chosen by dates, or by a pattern: every opening day of the term (or of from–to) on these weekdays. */
export interface SessionSelection {
  dates?: string[];
  weekdays?: number[];
  from?: string;
  to?: string;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The rules between a group's fields (shapes are checked by the request DTOs). */
export function checkGroup(g: GroupSettings): RuleError[] {
  const errors: RuleError[] = [];
  if (g.maxAge < g.minAge) errors.push({ path: 'maxAge', message: 'l’âge maximum ne peut pas être inférieur à l’âge minimum' });
  if (minutesOf(g.endsAt) <= minutesOf(g.startsAt)) errors.push({ path: 'endsAt', message: 'la fin de la séance doit suivre son début' });
  return errors;
}

/**
 * The days of a group's sessions within its term: chosen dates (each must be an opening day of
 * the term), or a weekday pattern expanded over the term (or from–to), leaving out closed days
 * (public and school holidays, closures, days the service does not open). Errors name the fields
 * under `sessions`.
 */
export function expandSessions(
  selection: SessionSelection,
  term: { startsOn: string; endsOn: string },
  closed: (day: string) => string | undefined,
): { days: string[]; errors: RuleError[] } {
  const errors: RuleError[] = [];
  const within = `du ${frenchDate(term.startsOn)} au ${frenchDate(term.endsOn)}`;
  let days: string[];
  if (selection.dates) {
    selection.dates.forEach((day, i) => {
      if (day < term.startsOn || day > term.endsOn) errors.push({ path: `sessions.dates[${i}]`, message: `${frenchDate(day)} : en dehors de la période (${within})` });
      else {
        const reason = closed(day);
        if (reason) errors.push({ path: `sessions.dates[${i}]`, message: `${frenchDate(day)} : ${reason}` });
      }
    });
    days = [...new Set(selection.dates)].sort();
  } else if (selection.weekdays?.length) {
    const from = selection.from ?? term.startsOn;
    const to = selection.to ?? term.endsOn;
    if (from < term.startsOn || from > term.endsOn) errors.push({ path: 'sessions.from', message: `doit être un jour de la période (${within})` });
    if (to < term.startsOn || to > term.endsOn) errors.push({ path: 'sessions.to', message: `doit être un jour de la période (${within})` });
    else if (to < from) errors.push({ path: 'sessions.to', message: 'la fin doit suivre le début' });
    const weekdays = new Set(selection.weekdays);
    days = errors.length ? [] : eachDay(from, to).filter((day) => weekdays.has(isoWeekday(day)) && !closed(day));
  } else {
    errors.push({ path: 'sessions', message: 'indiquez les dates des séances, ou les jours de la semaine où elles ont lieu' });
    days = [];
  }
  if (!errors.length && !days.length) errors.push({ path: 'sessions', message: 'aucune séance : ces jours sont tous fermés ou en dehors de la période' });
  if (days.length > MAX_SESSIONS) errors.push({ path: 'sessions', message: `au plus ${MAX_SESSIONS} séances par groupe` });
  return { days, errors };
}

/** Age in whole years on a day (born 29 February: a year older on 1 March of common years). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** "7 à 11 ans", "3 ans". */
export function ageRangeLabel(minAge: number, maxAge: number): string {
  return minAge === maxAge ? `${minAge} an${minAge > 1 ? 's' : ''}` : `${minAge} à ${maxAge} ans`;
}

/** Whether a child fits a group: its age, in whole years, on the group's first session, within the group's range. */
export function ageFit(group: Pick<GroupSettings, 'minAge' | 'maxAge'>, birthDate: string, firstSession: string): { age: number; fits: boolean } {
  const age = ageOn(birthDate, firstSession);
  return { age, fits: age >= group.minAge && age <= group.maxAge };
}

/** Why a child does not fit a group (French, for the guardian). */
export function ageRefusal(firstName: string, age: number, group: Pick<GroupSettings, 'label' | 'minAge' | 'maxAge'>, firstSession: string): string {
  const years = `${age} an${age > 1 ? 's' : ''}`;
  return `${firstName} aura ${years} à la première séance (${frenchDate(firstSession)}) : le groupe « ${group.label} » est pour les ${ageRangeLabel(group.minAge, group.maxAge)}.`;
}

const atClock = (d: Date, clock: PeriodClock) => DateTime.fromJSDate(d, { zone: clock.timeZone }).setLocale('fr').toFormat("dd/MM/yyyy 'à' HH:mm");

/** Whether the term's registration window (opensAt, closesAt) is open at `now`. */
export function termWindow(now: Date, clock: PeriodClock): { open: boolean; reason: string | null } {
  if (now < clock.opensAt) return { open: false, reason: `Les inscriptions ouvrent le ${atClock(clock.opensAt, clock)}.` };
  if (clock.closesAt && now > clock.closesAt) return { open: false, reason: `Les inscriptions sont closes depuis le ${atClock(clock.closesAt, clock)}.` };
  return { open: true, reason: null };
}

/**
 * Whether registering for a group is open at `now`: the term's registration window, and its
 * deadline ("délai de prévenance") before the group's first session.
 */
export function registrationOpen(firstSession: string, now: Date, clock: PeriodClock): { open: boolean; reason: string | null } {
  const window = termWindow(now, clock);
  if (!window.open) return window;
  if (timingOf(firstSession, now, clock) === 'immediate') return { open: true, reason: null };
  return { open: false, reason: `Les inscriptions à ce groupe sont closes (${ruleLabel(clock.deadline)} avant la première séance, le ${frenchDate(firstSession)}).` };
}

/** What a validated payment does to a registration it pays. */
export type ValidatedPaymentAction =
  /** held: the places become the children's */
  | 'confirm'
  /** released (the hold ran out, or an earlier payment failed): take the places again if still free */
  | 'retake'
  /** this very payment was already applied to it */
  | 'already-applied'
  /** confirmed by another payment: this one is due back */
  | 'already-paid';

/** Transitions are guarded: only a held registration is confirmed, a released one is taken again at most once per payment. */
export function onValidatedPayment(r: { status: RegistrationStatus; paymentId: string | null }, paymentId: string): ValidatedPaymentAction {
  switch (r.status) {
    case 'held':
      return 'confirm';
    case 'confirmed':
      return r.paymentId === paymentId ? 'already-applied' : 'already-paid';
    case 'released':
      return r.paymentId === paymentId ? 'already-applied' : 'retake';
  }
}

/** A failed payment releases a registration only while it is held. */
export function onFailedPayment(r: { status: RegistrationStatus }): 'release' | 'ignore' {
  return r.status === 'held' ? 'release' : 'ignore';
}

export const RELEASE_REASON_OF_OUTCOME: Record<'refused' | 'abandoned' | 'expired', ReleaseReason> = {
  refused: 'payment-refused',
  abandoned: 'payment-abandoned',
  expired: 'expired',
};

const RELEASED_LABELS: Record<ReleaseReason, string> = {
  'payment-refused': 'Annulée : paiement refusé',
  'payment-abandoned': 'Annulée : paiement abandonné',
  expired: 'Annulée : paiement non reçu à temps',
  'payment-too-late': 'Annulée : paiement reçu après la libération des places, il vous sera remboursé',
};

/** The state of a registration as the guardian reads it. */
export function registrationStatusLabel(status: RegistrationStatus, reason: ReleaseReason | null): string {
  if (status === 'held') return 'En attente de paiement';
  if (status === 'confirmed') return 'Confirmée';
  return RELEASED_LABELS[reason ?? 'expired'];
}

/** "EMS 2026-2027 1er trimestre – 7/11 ans Escalade – Léo": one place, as a payment or an invoice line names it. */
export function placeLabel(periodLabel: string, groupLabel: string, childFirstName: string): string {
  return `${periodLabel} – ${groupLabel} – ${childFirstName}`;
}
