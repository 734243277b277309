import { Injectable } from '@nestjs/common';
import { retryTransient, TransactionHost } from '../../../platform/database/transaction-host';
import { EventPublisher, NewEvent } from '../../../platform/events';
import { ApplicationError } from '../../../platform/http';
import { FamilyDirectory } from '../../family';
import { BookingStatus } from '../domain/booking-plan';
import { Establishment, Service } from '../domain/catalogue';
import { ACTION_LABELS, Decision, effectOf, notPendingReason } from '../domain/request-decision';
import { CatalogueRepository } from '../infrastructure/catalogue.repository';
import { LockedBooking, PendingFilter, PendingRequestRow, RequestItemRow, RequestRepository } from '../infrastructure/request.repository';
import { Places } from './places';

export interface PendingRequest extends Omit<PendingRequestRow, 'childId'> {
  actionLabel: string;
  child: { id: string; firstName: string | null; lastName: string | null };
}

export interface DecisionInput {
  itemIds: string[];
  decision: Decision;
  /** required to refuse: the guardian reads it */
  reason?: string | null;
}

export interface DecidedItem {
  itemId: string;
  reservationId: string;
  day: string;
  action: 'book' | 'cancel';
  status: 'accepted' | 'refused';
  bookingStatus: BookingStatus;
}

export interface DecisionResult {
  decision: Decision;
  items: DecidedItem[];
  /** children of the waiting list who got a place given back by this decision */
  promotedFromWaitlist: number;
}

interface Decided {
  item: RequestItemRow;
  booking: LockedBooking;
  status: 'accepted' | 'refused';
  next: BookingStatus;
  releases: boolean;
}

/**
 * The staff desk for requests made after the deadline: the queue of pending items, and decisions in
 * bulk — all or nothing, in one transaction. The bookings concerned are locked first (child, service,
 * day order, as a guardian's batch locks them), then the items are read again: an item the guardian
 * withdrew meanwhile, or that another agent decided, makes the whole decision fail (409) naming it.
 */
@Injectable()
export class RequestDeskService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly requests: RequestRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly places: Places,
    private readonly events: EventPublisher,
    private readonly families: FamilyDirectory,
  ) {}

  async pending(filter: PendingFilter): Promise<PendingRequest[]> {
    const rows = await this.requests.pending(filter);
    const names = await this.families.childNames(rows.map((r) => r.childId));
    return rows.map(({ childId, ...r }) => {
      const name = names.get(childId);
      return { ...r, actionLabel: ACTION_LABELS[r.action], child: { id: childId, firstName: name?.firstName ?? null, lastName: name?.lastName ?? null } };
    });
  }

  decide(actor: { accountId: string }, input: DecisionInput): Promise<DecisionResult> {
    const reason = input.decision === 'refuse' ? (input.reason ?? '').trim() : null;
    if (input.decision === 'refuse' && !reason) {
      throw new ApplicationError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', [{ field: 'reason', message: 'indiquez le motif du refus, que la famille lira' }]);
    }
    return retryTransient(() => this.txHost.withTransaction(() => this.run(actor.accountId, input, reason)));
  }

  private async run(staffId: string, input: DecisionInput, reason: string | null): Promise<DecisionResult> {
    const found = await this.requests.items(input.itemIds);
    const byId = new Map(found.map((i) => [i.id, i]));
    const unknown = input.itemIds.flatMap((id, n) => (byId.has(id) ? [] : [{ field: `itemIds[${n}]`, message: 'demande introuvable' }]));
    if (unknown.length) throw new ApplicationError('not_found', 'reservations.request-not-found', 'Certaines demandes sont introuvables : rien n’a été enregistré.', unknown);

    // Lock, then read the items again: what committed before the lock is what we decide on.
    const bookings = await this.requests.lockBookings(found.map((i) => ({ childId: i.childId, serviceId: i.serviceId, day: i.day })));
    const bookingOf = new Map(bookings.map((b) => [`${b.childId}|${b.serviceId}|${b.day}`, b]));
    const current = new Map((await this.requests.items(input.itemIds)).map((i) => [i.id, i]));
    const decided: Decided[] = [];
    const conflicts: { field: string; message: string }[] = [];
    input.itemIds.forEach((id, n) => {
      const item = current.get(id)!;
      const booking = bookingOf.get(`${item.childId}|${item.serviceId}|${item.day}`);
      const why = notPendingReason(item, booking, id);
      if (why) return conflicts.push({ field: `itemIds[${n}]`, message: why });
      const effect = effectOf(item.action, input.decision);
      decided.push({ item, booking: booking!, status: effect.item, next: effect.booking, releases: effect.releases });
    });
    if (conflicts.length) {
      throw new ApplicationError('conflict', 'reservations.request-not-pending', 'Certaines demandes ne sont plus en attente : rien n’a été enregistré.', conflicts);
    }

    const services = await this.servicesOf(decided.map((d) => d.item.serviceId));
    for (const [serviceId, { service }] of services) {
      const keys = decided.filter((d) => d.releases && d.item.serviceId === serviceId).flatMap((d) => this.places.keysOf(service, d.booking.day, d.booking.slot));
      await this.places.release(service, keys);
    }
    await this.requests.setBookingStatuses(decided.map((d) => ({ bookingId: d.booking.id, status: d.next })));
    await this.requests.decide(
      decided.map((d) => d.item.id),
      input.decision === 'accept' ? 'accepted' : 'refused',
      staffId,
      reason,
    );
    await this.events.publishAll(this.decisionEvents(decided, input.decision, services));
    let promoted = 0;
    for (const [serviceId, { service, establishment }] of services) {
      promoted += await this.places.promoteWaiting(service, establishment, decided.filter((d) => d.releases && d.item.serviceId === serviceId).map((d) => d.booking.day));
    }

    return {
      decision: input.decision,
      items: decided.map((d) => ({ itemId: d.item.id, reservationId: d.item.reservationId, day: d.item.day, action: d.item.action, status: d.status, bookingStatus: d.next })),
      promotedFromWaitlist: promoted,
    };
  }

  /** The services (and their establishments) of the items, one query each, in a stable order. */
  private async servicesOf(ids: string[]): Promise<Map<string, { service: Service; establishment: Establishment }>> {
    const out = new Map<string, { service: Service; establishment: Establishment }>();
    for (const id of [...new Set(ids)].sort()) {
      const service = (await this.catalogue.service(id))!;
      out.set(id, { service, establishment: (await this.catalogue.establishment(service.establishmentId))! });
    }
    return out;
  }

  /**
   * Per reservation and action decided: `request.accepted` or `request.refused` (item ids and days,
   * never the reason), and for billing `booking.confirmed` (accepted bookings) or `booking.cancelled`
   * (accepted cancellations), via `request-accepted`.
   */
  private decisionEvents(decided: Decided[], decision: Decision, services: Map<string, { service: Service; establishment: Establishment }>): NewEvent[] {
    const groups = new Map<string, Decided[]>();
    for (const d of decided) {
      const key = `${d.item.reservationId}|${d.item.action}`;
      groups.set(key, [...(groups.get(key) ?? []), d]);
    }
    const events: NewEvent[] = [];
    for (const group of groups.values()) {
      group.sort((a, b) => a.item.day.localeCompare(b.item.day));
      const { item } = group[0];
      const { service, establishment } = services.get(item.serviceId)!;
      const facts = { reservationId: item.reservationId, familyId: item.familyId, childId: item.childId, serviceId: item.serviceId, establishmentId: establishment.id };
      const days = group.map((d) => ({ date: d.booking.day, startsAt: d.booking.slot?.start ?? null, endsAt: d.booking.slot?.end ?? null }));
      events.push({
        type: decision === 'accept' ? 'reservations.request.accepted.v1' : 'reservations.request.refused.v1',
        aggregateId: item.reservationId,
        payload: { ...facts, action: item.action, itemIds: group.map((d) => d.item.id), days: group.map((d) => d.item.day) },
      });
      if (decision === 'accept' && item.action === 'book') {
        events.push({ type: 'reservations.booking.confirmed.v1', aggregateId: item.reservationId, payload: { ...facts, unit: service.unit as 'day', days, via: 'request-accepted' } });
      }
      if (decision === 'accept' && item.action === 'cancel') {
        events.push({ type: 'reservations.booking.cancelled.v1', aggregateId: item.reservationId, payload: { ...facts, days, via: 'request-accepted' } });
      }
    }
    return events;
  }
}
