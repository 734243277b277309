import { Injectable } from '@nestjs/common';
import { retryTransient, TransactionHost } from '../../../platform/database/transaction-host';
import { frenchDate } from '../../../platform/dates';
import { EventPublisher, NewEvent } from '../../../platform/events';
import { ApplicationError, Role } from '../../../platform/http';
import { FamilyDirectory } from '../../family';
import {
  BookingStatus,
  DaySelection,
  ItemStatus,
  PlannedItem,
  planBatch,
  PlanContext,
  reservationState,
  ReservationState,
  reservationStateLabel,
  Slot,
} from '../domain/booking-plan';
import { daysBetween, eachDay, openingOf, schoolYearOf } from '../domain/calendar';
import { PeriodClock, refusalOf, Timing, timingsAt } from '../domain/deadline';
import { BookingContext, BookingRepository, ReservationItemRow, ReservationSummary } from '../infrastructure/booking.repository';
import { CatalogueRepository } from '../infrastructure/catalogue.repository';
import { notFound } from './catalogue.service';
import { childNotFound } from './enrolment.service';
import { Places } from './places';

export interface Actor {
  accountId: string;
  role: Role;
  familyId: string;
}

export interface BatchInput {
  childId: string;
  serviceId: string;
  periodId: string;
  book?: DaySelection;
  cancel?: DaySelection;
  slot?: Slot;
  slots?: { date: string; start: string; end: string }[];
  /** a full day goes on the waiting list (where the service has one) instead of refusing the batch */
  waitlist?: boolean;
}

export interface BatchItem {
  date: string;
  action: 'book' | 'cancel';
  /** preview: `full` when the day has no place left now */
  status: ItemStatus | 'full';
  slot: Slot | null;
}

export interface ReservationView {
  id: string | null;
  number: string | null;
  state: ReservationState;
  stateLabel: string;
  childId: string;
  serviceId: string;
  serviceLabel: string;
  periodId: string;
  periodLabel: string;
  createdAt: Date | null;
  items: (BatchItem & { reason?: string | null })[];
  /** days of a pattern selection left out (already booked, closed, too late…) */
  skipped: number;
  /** history: the first and last day it touches, and how many */
  firstDay?: string;
  lastDay?: string;
  dayCount?: number;
}

export type DayStatus = 'open' | 'booked' | 'requested' | 'cancel-requested' | 'waitlisted' | 'refused' | 'full' | 'closed' | 'not-enrolled';

export interface CalendarDay {
  date: string;
  status: DayStatus;
  /** what booking or cancelling it now would be */
  timing: Timing;
  /** why it is closed, refused, or cannot be changed now (French) */
  reason: string | null;
  slot: Slot | null;
  placesLeft: number | null;
}

const HOLDS: ReadonlySet<BookingStatus> = new Set(['confirmed', 'requested', 'cancel-requested']);
export const MAX_CALENDAR_DAYS = 400;

/**
 * Guardians book and cancel days: the recap (preview), the validated batch ("réservation", with a
 * number and a state), the calendars and the history. A batch is one request and one transaction:
 * the child's enrolment row is locked (one batch at a time per child and service), the occupancy
 * counters are taken in one statement, the items, bookings and events are written set-based.
 */
@Injectable()
export class BookingService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly bookings: BookingRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly places: Places,
    private readonly events: EventPublisher,
    private readonly families: FamilyDirectory,
  ) {}

  /** The recap: what validating would do now, without recording anything. */
  preview(actor: Actor, input: BatchInput, now = new Date()): Promise<ReservationView> {
    return this.txHost.withTransaction(() => this.run(actor, input, now, true));
  }

  submit(actor: Actor, input: BatchInput, now = new Date()): Promise<ReservationView> {
    return retryTransient(() => this.txHost.withTransaction(() => this.run(actor, input, now, false)));
  }

  private async run(actor: Actor, input: BatchInput, now: Date, dryRun: boolean): Promise<ReservationView> {
    // Round trips matter more than anything else here: the reads take two statements (the period and
    // the enrolment lock; then, once the lock is held, the calendar and the child's bookings), the
    // writes one per table group (places, the batch with its items and bookings, the events).
    const { ctx: found, years } = await this.bookings.contextAndYears(input.periodId, actor.familyId, input.childId, input.serviceId, !dryRun);
    const ctx = this.checkContext(found, input.serviceId);
    const { service, establishment, period } = ctx;
    if (service.unit === 'session') {
      throw new ApplicationError('unprocessable', 'reservations.activity-booking', 'Les activités de la période se réservent par groupe, avec paiement immédiat.');
    }
    if (!service.active || !establishment.active) throw new ApplicationError('conflict', 'reservations.service-closed', 'Ce service n’est plus ouvert à la réservation.');
    if (!years.length) await this.notEnrolled(actor.familyId, input.childId);

    const { from, to } = requestedRange(input, period);
    const { current, ...spans } = await this.bookings.calendarAndBookings(
      { establishmentId: establishment.id, serviceId: service.id, zone: establishment.holidayZone, childId: input.childId, from, to },
      !dryRun,
    );
    const clock = clockOf(ctx);
    const timing = timingsAt(now, clock);
    const planCtx: PlanContext = {
      period,
      closed: openingOf({ ...service, alsaceMoselle: establishment.alsaceMoselle, ...spans }),
      timing,
      refusal: (timing) => refusalOf(timing, clock),
      enrolled: (day) => years.includes(schoolYearOf(day)),
      current: new Map(current.map((b) => [b.day, b])),
      hours: service.unit === 'hourly-slot' ? { opensAt: service.opensAt!, closesAt: service.closesAt!, stepMinutes: service.slotMinutes! } : undefined,
    };
    const plan = planBatch(input, planCtx);
    if (plan.errors.length) throw new ApplicationError('unprocessable', 'reservations.batch-rejected', 'Certains jours ne peuvent pas être réservés ou annulés : rien n’a été enregistré.', plan.errors.map((e) => ({ field: e.path, message: e.message })));
    if (!plan.items.length) {
      throw new ApplicationError('unprocessable', 'reservations.nothing-to-do', 'Aucun changement : les jours choisis sont déjà réservés, fermés, ou leur délai est dépassé.');
    }
    const items = plan.items;
    const waitlist = Boolean(input.waitlist && service.waitlist);
    const base = { childId: input.childId, serviceId: service.id, serviceLabel: service.label, periodId: period.id, periodLabel: period.label, skipped: plan.skipped };

    if (dryRun) {
      const taken = await this.bookings.takenByKey(service.id, from, to);
      const view = items.map((item): BatchItem => {
        const full = item.takes && this.places.keysOf(service, item.day, item.slot).some((k) => (taken.get(`${k.day}|${k.step}`) ?? 0) >= service.capacity!);
        return { date: item.day, action: item.action, slot: item.slot, status: full ? (waitlist && !item.releases ? 'waitlisted' : 'full') : item.status };
      });
      return { ...base, id: null, number: null, createdAt: null, items: view, ...stateOf(view) };
    }

    // Places: give back first (cancellations, old slots), then take, each in one statement.
    await this.places.release(service, items.filter((i) => i.releases).flatMap((i) => this.places.keysOf(service, i.day, i.previous!.slot)));
    const taking = items.filter((i) => i.takes);
    const full = await this.places.take(service, taking.map((i) => this.places.keysOf(service, i.day, i.slot)));
    if (full.size) {
      const fullItems = taking.filter((_, index) => full.has(index));
      if (!waitlist || fullItems.some((i) => i.releases)) {
        throw new ApplicationError(
          'conflict',
          'reservations.full',
          `Complet : il n’y a plus de place ${fullItems.length > 1 ? 'certains jours' : 'ce jour-là'}. Rien n’a été enregistré${service.waitlist ? ' ; vous pouvez demander une place en liste d’attente' : ''}.`,
          fullItems.map((i) => ({ field: 'book', message: `${frenchDate(i.day)} : complet` })),
        );
      }
      for (const item of fullItems) Object.assign(item, { status: 'waitlisted', next: 'waitlisted', takes: false } satisfies Partial<PlannedItem>);
    }

    const reservation = await this.bookings.recordBatch(
      { familyId: actor.familyId, childId: input.childId, serviceId: service.id, periodId: period.id, createdBy: actor.accountId, createdByRole: actor.role },
      items.map((i) => ({ day: i.day, slot: i.slot, action: i.action, status: i.status, next: i.next })),
    );
    await this.bookings.setItemStatus(items.flatMap((i) => (i.withdraws ? [i.withdraws] : [])), 'withdrawn');
    await this.places.promoteWaiting(service, establishment, items.filter((i) => i.releases).map((i) => i.day));
    await this.events.publishAll(this.batchEvents(ctx, actor.familyId, input.childId, reservation.id, items));

    const view = items.map((i): BatchItem => ({ date: i.day, action: i.action, status: i.status, slot: i.slot }));
    return { ...base, id: reservation.id, number: reservation.number, createdAt: reservation.createdAt, items: view, ...stateOf(view) };
  }

  private batchEvents(ctx: BookingContext, familyId: string, childId: string, reservationId: string, items: PlannedItem[]): NewEvent[] {
    const facts = { reservationId, familyId, childId, serviceId: ctx.service.id, establishmentId: ctx.establishment.id };
    const day = (i: PlannedItem) => ({ date: i.day, startsAt: i.slot?.start ?? null, endsAt: i.slot?.end ?? null });
    const confirmed = items.filter((i) => i.action === 'book' && i.status === 'accepted' && i.previous?.status !== 'cancel-requested');
    const cancelled = items.filter((i) => i.action === 'cancel' && i.status === 'accepted' && i.previous?.status === 'confirmed');
    const events: NewEvent[] = [];
    if (confirmed.length) {
      events.push({ type: 'reservations.booking.confirmed.v1', aggregateId: reservationId, payload: { ...facts, unit: ctx.service.unit as 'day', days: confirmed.map(day), via: 'immediate' } });
    }
    if (cancelled.length) {
      events.push({ type: 'reservations.booking.cancelled.v1', aggregateId: reservationId, payload: { ...facts, days: cancelled.map((i) => ({ date: i.day, startsAt: i.previous!.slot?.start ?? null, endsAt: i.previous!.slot?.end ?? null })), via: 'immediate' } });
    }
    return events;
  }

  /** The month or week calendar of a child for a service and period: each day's state and what a click would do. */
  async calendar(familyId: string, q: { childId: string; serviceId: string; periodId: string; from: string; to: string }, now = new Date()): Promise<{ days: CalendarDay[]; enrolledYears: string[] }> {
    if (q.to < q.from || daysBetween(q.from, q.to) >= MAX_CALENDAR_DAYS) {
      throw new ApplicationError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', [{ field: 'to', message: `doit suivre le début, au plus ${MAX_CALENDAR_DAYS} jours plus tard` }]);
    }
    const { ctx: found, years } = await this.bookings.contextAndYears(q.periodId, familyId, q.childId, q.serviceId, false);
    const ctx = this.checkContext(found, q.serviceId);
    const { service, establishment, period } = ctx;
    if (!years.length && !(await this.families.children(familyId)).some((c) => c.childId === q.childId)) throw childNotFound();
    const [spans, current, taken, reasons] = await Promise.all([
      this.catalogue.calendarSpans(establishment.id, service.id, establishment.holidayZone, q.from, q.to),
      this.bookings.bookings(q.childId, service.id, q.from, q.to, false),
      this.bookings.takenByDay(service.id, q.from, q.to),
      this.bookings.refusalReasons(q.childId, service.id, q.from, q.to),
    ]);
    const closed = openingOf({ ...service, alsaceMoselle: establishment.alsaceMoselle, ...spans });
    const clock = clockOf(ctx);
    const timingOn = timingsAt(now, clock);
    const byDay = new Map(current.map((b) => [b.day, b]));
    const days = eachDay(q.from, q.to).map((date): CalendarDay => {
      const booking = byDay.get(date);
      const timing = timingOn(date);
      const placesLeft = service.capacity === null ? null : Math.max(0, service.capacity - (taken.get(date) ?? 0));
      const base = { date, timing, slot: booking?.slot ?? null, placesLeft };
      const cannot = timing === 'immediate' || timing === 'request' ? null : refusalOf(timing, clock);
      if (booking && (HOLDS.has(booking.status) || booking.status === 'waitlisted')) {
        const status: DayStatus = booking.status === 'confirmed' ? 'booked' : (booking.status as DayStatus);
        return { ...base, status, reason: cannot };
      }
      if (date < period.startsOn || date > period.endsOn) return { ...base, status: 'closed', reason: 'En dehors de la période de réservation.' };
      const closedReason = closed(date);
      if (closedReason) return { ...base, status: 'closed', reason: closedReason, placesLeft: null };
      if (!years.includes(schoolYearOf(date))) return { ...base, status: 'not-enrolled', reason: 'L’enfant n’est pas inscrit à ce service pour cette année scolaire.' };
      if (booking?.status === 'refused') return { ...base, status: 'refused', reason: reasons.get(date) ?? null };
      if (placesLeft === 0 && service.unit !== 'hourly-slot') return { ...base, status: 'full', reason: service.waitlist ? 'Complet : liste d’attente possible.' : 'Complet.' };
      return { ...base, status: 'open', reason: cannot };
    });
    return { days, enrolledYears: years };
  }

  async history(familyId: string, filter: { childId?: string; limit: number; offset: number }): Promise<ReservationView[]> {
    const rows = await this.bookings.history(familyId, filter);
    return rows.map((r) => toView(r, []));
  }

  async reservation(familyId: string | null, id: string): Promise<ReservationView & { familyId: string }> {
    const r = await this.bookings.reservation(familyId, id);
    if (!r) throw new ApplicationError('not_found', 'reservations.reservation-not-found', 'Réservation introuvable.');
    return { ...toView(r, r.items), familyId: r.familyId };
  }

  private checkContext(ctx: BookingContext | undefined, serviceId: string): BookingContext {
    if (!ctx || ctx.service.id !== serviceId) throw notFound('period');
    return ctx;
  }

  private async notEnrolled(familyId: string, childId: string): Promise<never> {
    if (!(await this.families.children(familyId)).some((c) => c.childId === childId)) throw childNotFound();
    throw new ApplicationError('unprocessable', 'reservations.not-enrolled', 'L’enfant n’est pas inscrit à ce service : inscrivez-le d’abord.', [{ field: 'childId', message: 'non inscrit à ce service' }]);
  }
}

export function clockOf({ period, establishment }: BookingContext): PeriodClock {
  return { opensAt: period.opensAt, closesAt: period.closesAt, deadline: period.deadline, cutoff: period.cutoff, timeZone: establishment.timeZone };
}

/** The days a batch touches, within its period (what to load). */
function requestedRange(input: BatchInput, period: { startsOn: string; endsOn: string }): { from: string; to: string } {
  const explicit = [...(input.book?.dates ?? []), ...(input.cancel?.dates ?? []), ...(input.slots ?? []).map((s) => s.date)];
  const bounds = [input.book, input.cancel].filter((s): s is DaySelection => Boolean(s && !s.dates));
  let from = period.endsOn;
  let to = period.startsOn;
  for (const d of explicit) {
    if (d < from) from = d;
    if (d > to) to = d;
  }
  for (const s of bounds) {
    const f = s.from && s.from > period.startsOn ? s.from : period.startsOn;
    const t = s.to && s.to < period.endsOn ? s.to : period.endsOn;
    if (f < from) from = f;
    if (t > to) to = t;
  }
  if (from < period.startsOn) from = period.startsOn;
  if (to > period.endsOn) to = period.endsOn;
  return from <= to ? { from, to } : { from: period.startsOn, to: period.startsOn };
}

function stateOf(items: { status: ItemStatus | 'full' }[]): { state: ReservationState; stateLabel: string } {
  const counts = { accepted: 0, pending: 0, refused: 0, waitlisted: 0, withdrawn: 0 };
  for (const i of items) if (i.status !== 'full') counts[i.status]++;
  const state = reservationState(counts);
  return { state, stateLabel: reservationStateLabel(state, [...new Set((items as BatchItem[]).map((i) => i.action))]) };
}

function toView(r: ReservationSummary, items: ReservationItemRow[]): ReservationView {
  const state = reservationState(r.counts);
  return {
    id: r.id,
    number: r.number,
    state,
    stateLabel: reservationStateLabel(state, r.actions),
    childId: r.childId,
    serviceId: r.serviceId,
    serviceLabel: r.serviceLabel,
    periodId: r.periodId,
    periodLabel: r.periodLabel,
    createdAt: r.createdAt,
    items: items.map((i) => ({ date: i.day, action: i.action, status: i.status, slot: i.slot, reason: i.reason })),
    skipped: 0,
    firstDay: r.firstDay,
    lastDay: r.lastDay,
    dayCount: Object.values(r.counts).reduce((a, b) => a + Number(b), 0),
  };
}
