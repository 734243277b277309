import { frenchDate } from '../../../platform/dates';
import { eachDay, isoWeekday } from './calendar';
import { Timing } from './deadline';

/**
 * Planning a batch of changes ("une réservation"): which days it books or cancels, and what each
 * change becomes given the deadline (accepted at once, or a request for staff), the opening
 * calendar, the child's enrolment and the bookings already on file. Pure: the capacity check and
 * the writes come after, in one transaction (application/booking.service.ts).
 *
 * "Toute demande d'annulation est une nouvelle réservation": a cancellation is a change like a
 * booking, with the same deadline.
 */

export type BookingStatus = 'confirmed' | 'requested' | 'cancel-requested' | 'waitlisted' | 'refused' | 'cancelled';
/** statuses that hold a place in the occupancy counters */
export const HOLDS_PLACE: ReadonlySet<BookingStatus> = new Set(['confirmed', 'requested', 'cancel-requested']);

export interface Slot {
  /** HH:MM */
  start: string;
  end: string;
}

export interface CurrentBooking {
  day: string;
  status: BookingStatus;
  slot: Slot | null;
  /** the item that last changed it (a pending request to withdraw, a waiting-list entry…) */
  itemId: string;
}

/** Days chosen by dates, or by a pattern: every opening day in [from, to] whose weekday is listed. */
export interface DaySelection {
  dates?: string[];
  weekdays?: number[];
  from?: string;
  to?: string;
}

export interface OpeningHours {
  opensAt: string;
  closesAt: string;
  stepMinutes: number;
}

export interface PlanContext {
  period: { startsOn: string; endsOn: string };
  /** French reason the service is closed that day, undefined when open */
  closed(day: string): string | undefined;
  timing(day: string): Timing;
  /** French refusal for a timing that refuses */
  refusal(timing: Timing): string;
  enrolled(day: string): boolean;
  current: ReadonlyMap<string, CurrentBooking>;
  /** hourly-slot services */
  hours?: OpeningHours;
}

export interface PlanRequest {
  book?: DaySelection;
  cancel?: DaySelection;
  /** hourly-slot services: the slot booked on the days of `book` ("copier / coller un créneau") */
  slot?: Slot;
  /** hourly-slot services: one slot per day */
  slots?: { date: string; start: string; end: string }[];
}

export type ItemStatus = 'accepted' | 'pending' | 'refused' | 'waitlisted' | 'withdrawn';

export interface PlannedItem {
  day: string;
  action: 'book' | 'cancel';
  /** waitlisted: set after the capacity check, for a full day the guardian agreed to wait for */
  status: 'accepted' | 'pending' | 'waitlisted';
  slot: Slot | null;
  /** the booking's status once applied */
  next: BookingStatus;
  previous: CurrentBooking | undefined;
  /** takes a place (or the steps of a new slot) */
  takes: boolean;
  /** gives back the place (or the steps of the old slot) */
  releases: boolean;
  /** an earlier item this one takes back (a pending request, a waiting-list entry) */
  withdraws?: string;
}

export interface PlanError {
  path: string;
  message: string;
}

export interface Plan {
  items: PlannedItem[];
  /** days asked by a pattern that need no change (already booked, not booked…) or cannot be changed */
  skipped: number;
  errors: PlanError[];
}

export const MAX_DAYS_PER_BATCH = 400;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
export const toMinutes = minutes;

/** The time steps a slot covers (capacity is counted per step). */
export function stepsOf(slot: Slot, stepMinutes: number): number[] {
  const steps: number[] = [];
  for (let m = minutes(slot.start); m < minutes(slot.end); m += stepMinutes) steps.push(m / stepMinutes);
  return steps;
}

/** French message when a slot does not fit the opening hours or the step; undefined when it does. */
export function slotProblem(slot: Slot, hours: OpeningHours): string | undefined {
  if (!TIME.test(slot.start) || !TIME.test(slot.end)) return 'Les heures s’écrivent HH:MM.';
  const [start, end] = [minutes(slot.start), minutes(slot.end)];
  if (start >= end) return 'L’heure de fin doit suivre l’heure de début.';
  if (start < minutes(hours.opensAt) || end > minutes(hours.closesAt)) return `Le créneau doit être compris entre ${hours.opensAt} et ${hours.closesAt}.`;
  if (start % hours.stepMinutes || end % hours.stepMinutes) return `Les créneaux commencent et finissent par tranches de ${hours.stepMinutes} minutes.`;
  return undefined;
}

const sameSlot = (a: Slot | null, b: Slot | null) => (a?.start ?? null) === (b?.start ?? null) && (a?.end ?? null) === (b?.end ?? null);

/** The opening days of a pattern selection (explicit dates are planned one by one). */
export function expandSelection(selection: DaySelection, ctx: Pick<PlanContext, 'period' | 'closed'>): { days: string[] } {
  if (selection.dates) return { days: [...new Set(selection.dates)].sort() };
  const from = selection.from && selection.from > ctx.period.startsOn ? selection.from : ctx.period.startsOn;
  const to = selection.to && selection.to < ctx.period.endsOn ? selection.to : ctx.period.endsOn;
  if (from > to) return { days: [] };
  const weekdays = selection.weekdays?.length ? new Set(selection.weekdays) : undefined;
  return { days: eachDay(from, to).filter((d) => (!weekdays || weekdays.has(isoWeekday(d))) && !ctx.closed(d)) };
}

/** Plans a batch. Errors come only from days named explicitly; a pattern skips what does not apply. */
export function planBatch(request: PlanRequest, ctx: PlanContext): Plan {
  const errors: PlanError[] = [];
  const items: PlannedItem[] = [];
  let skipped = 0;

  const books: { day: string; slot: Slot | null; path: string; explicit: boolean }[] = [];
  if (request.slots) {
    request.slots.forEach((s, i) => books.push({ day: s.date, slot: { start: s.start, end: s.end }, path: `slots[${i}]`, explicit: true }));
  }
  if (request.book?.dates) request.book.dates.forEach((day, i) => books.push({ day, slot: request.slot ?? null, path: `book.dates[${i}]`, explicit: true }));
  else if (request.book) expandSelection(request.book, ctx).days.forEach((day) => books.push({ day, slot: request.slot ?? null, path: 'book', explicit: false }));
  const cancels: { day: string; path: string; explicit: boolean }[] = request.cancel?.dates
    ? request.cancel.dates.map((day, i) => ({ day, path: `cancel.dates[${i}]`, explicit: true }))
    : request.cancel
      ? expandSelection(request.cancel, ctx).days.map((day) => ({ day, path: 'cancel', explicit: false }))
      : [];
  const fail = (path: string, day: string, message: string) => errors.push({ path, message: `${frenchDate(day)} : ${message}` });

  if (ctx.hours) {
    const slotless = books.find((b) => !b.slot);
    if (slotless) errors.push({ path: 'slot', message: 'Indiquez le créneau (heure de début et de fin) des jours à réserver.' });
  } else if (request.slot || request.slots) {
    errors.push({ path: request.slot ? 'slot' : 'slots', message: 'Ce service se réserve à la journée, sans créneau horaire.' });
  }

  const seen = new Set<string>();
  const dayProblem = (day: string): string | undefined => {
    if (day < ctx.period.startsOn || day > ctx.period.endsOn) return 'ce jour est en dehors de la période de réservation.';
    const closed = ctx.closed(day);
    if (closed) return closed;
    if (!ctx.enrolled(day)) return 'l’enfant n’est pas inscrit à ce service pour cette année scolaire.';
    return undefined;
  };

  for (const b of books) {
    if (seen.has(b.day)) {
      fail(b.path, b.day, 'ce jour est demandé deux fois.');
      continue;
    }
    seen.add(b.day);
    const problem = dayProblem(b.day) ?? (b.slot && ctx.hours ? slotProblem(b.slot, ctx.hours) : undefined);
    if (problem) {
      if (b.explicit) fail(b.path, b.day, problem);
      else skipped++;
      continue;
    }
    const current = ctx.current.get(b.day);
    const status = current?.status;
    if (status === 'requested' || status === 'waitlisted' || (status === 'confirmed' && sameSlot(current!.slot, b.slot))) {
      skipped++;
      continue;
    }
    if (status === 'cancel-requested') {
      // The guardian takes the cancellation request back: the day stays booked.
      items.push({ day: b.day, action: 'book', status: 'accepted', slot: current!.slot, next: 'confirmed', previous: current, takes: false, releases: false, withdraws: current!.itemId });
      continue;
    }
    const timing = ctx.timing(b.day);
    if (status === 'confirmed') {
      // Another slot on a booked day (hourly services): a change, accepted only before the deadline.
      if (timing !== 'immediate') {
        if (b.explicit) fail(b.path, b.day, 'le délai pour modifier ce créneau est dépassé : annulez-le ou adressez-vous à la structure.');
        else skipped++;
        continue;
      }
      items.push({ day: b.day, action: 'book', status: 'accepted', slot: b.slot, next: 'confirmed', previous: current, takes: true, releases: true });
      continue;
    }
    if (timing === 'immediate' || timing === 'request') {
      const accepted = timing === 'immediate';
      items.push({ day: b.day, action: 'book', status: accepted ? 'accepted' : 'pending', slot: b.slot, next: accepted ? 'confirmed' : 'requested', previous: current, takes: true, releases: false });
    } else if (b.explicit) fail(b.path, b.day, ctx.refusal(timing));
    else skipped++;
  }

  for (const { day, path, explicit } of cancels) {
    if (seen.has(day)) {
      fail(path, day, 'ce jour ne peut pas être réservé et annulé à la fois, ni demandé deux fois.');
      continue;
    }
    seen.add(day);
    const current = ctx.current.get(day);
    const status = current?.status;
    if (day < ctx.period.startsOn || day > ctx.period.endsOn) {
      if (explicit) fail(path, day, 'ce jour est en dehors de la période de réservation.');
      else skipped++;
      continue;
    }
    if (status === 'requested' || status === 'waitlisted') {
      // Taking back one's own pending request or waiting-list entry: at once, whatever the deadline.
      items.push({ day, action: 'cancel', status: 'accepted', slot: current!.slot, next: 'cancelled', previous: current, takes: false, releases: status === 'requested', withdraws: current!.itemId });
      continue;
    }
    if (status !== 'confirmed') {
      if (explicit && status !== 'cancel-requested') fail(path, day, 'aucune réservation à annuler ce jour-là.');
      else skipped++;
      continue;
    }
    const timing = ctx.timing(day);
    if (timing === 'immediate') items.push({ day, action: 'cancel', status: 'accepted', slot: current!.slot, next: 'cancelled', previous: current, takes: false, releases: true });
    else if (timing === 'request') items.push({ day, action: 'cancel', status: 'pending', slot: current!.slot, next: 'cancel-requested', previous: current, takes: false, releases: false });
    else if (explicit) fail(path, day, ctx.refusal(timing));
    else skipped++;
  }

  items.sort((a, b) => a.day.localeCompare(b.day));
  return { items, skipped, errors };
}

/** The state of a batch, from its items: what the history shows. */
export type ReservationState = 'accepted' | 'requested' | 'partly-accepted' | 'refused' | 'waitlisted' | 'withdrawn';

export function reservationState(counts: Record<ItemStatus, number>): ReservationState {
  if (counts.pending > 0) return 'requested';
  if (counts.waitlisted > 0) return 'waitlisted';
  if (counts.accepted > 0 && counts.refused > 0) return 'partly-accepted';
  if (counts.refused > 0) return 'refused';
  if (counts.accepted > 0) return 'accepted';
  return 'withdrawn';
}

/** The state in French, as the history shows it ("Annulation acceptée" for a batch of cancellations). */
export function reservationStateLabel(state: ReservationState, actions: readonly ('book' | 'cancel')[]): string {
  const cancellation = actions.length === 1 && actions[0] === 'cancel';
  switch (state) {
    case 'accepted':
      return cancellation ? 'Annulation acceptée' : 'Acceptée';
    case 'requested':
      return cancellation ? 'Demande d’annulation en cours' : 'Demande en cours';
    case 'partly-accepted':
      return 'Partiellement acceptée';
    case 'refused':
      return cancellation ? 'Annulation refusée' : 'Refusée';
    case 'waitlisted':
      return 'En liste d’attente';
    case 'withdrawn':
      return 'Retirée';
  }
}
