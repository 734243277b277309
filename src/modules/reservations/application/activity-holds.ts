import { Injectable } from '@nestjs/common';
import { EventPublisher, NewEvent } from '../../../platform/events';
import { ReleaseReason } from '../domain/activity';
import { ActivityPlaceFact } from '../domain/reservations.events';
import { ActivityRegistrationRepository, PlaceRow, RegistrationRow } from '../infrastructure/activity-registration.repository';

const factsOf = (places: PlaceRow[]): ActivityPlaceFact[] => places.map((p) => ({ groupId: p.groupId, childId: p.childId, priceCents: p.priceCents }));

/** Places per group, in group id order (the order every writer takes the group rows in). */
export function countByGroup(places: { groupId: string }[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const p of places) counts.set(p.groupId, (counts.get(p.groupId) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * The state changes of activity registrations and their places, shared by the registration, the
 * payment events and the hold sweeper. Always inside the caller's transaction, with the
 * registrations locked by the caller; each change is guarded by the current status and raises its
 * event in the same transaction.
 */
@Injectable()
export class ActivityHolds {
  constructor(
    private readonly registrations: ActivityRegistrationRepository,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Releases the registrations still held: their places become inactive and are given back to
   * their groups (group id order), unless the caller already moved the counters
   * (`countersAdjusted`). Returns the ids released.
   */
  async release(regs: RegistrationRow[], reason: ReleaseReason, paymentId: string | null, options: { countersAdjusted?: boolean } = {}): Promise<string[]> {
    const released = new Set(await this.registrations.markReleased(regs.map((r) => r.id), reason));
    if (!released.size) return [];
    const places = (await this.registrations.places([...released])).filter((p) => p.active);
    await this.registrations.setPlacesActive([...released], false);
    if (!options.countersAdjusted) for (const [groupId, n] of countByGroup(places)) await this.registrations.adjustTaken(groupId, -n);
    await this.events.publishAll(
      regs
        .filter((r) => released.has(r.id))
        .map((r): NewEvent => ({
          type: 'reservations.activity-place.released.v1',
          aggregateId: r.id,
          payload: { registrationId: r.id, familyId: r.familyId, reason, paymentId, amountCents: r.amountCents, places: factsOf(places.filter((p) => p.registrationId === r.id)) },
        })),
    );
    return [...released];
  }

  /** Confirms a held registration paid by `paymentId`. */
  async confirm(r: RegistrationRow, paymentId: string): Promise<boolean> {
    if (!(await this.registrations.markConfirmed(r.id, paymentId, 'held'))) return false;
    await this.publishConfirmed(r, paymentId, await this.registrations.places([r.id]));
    return true;
  }

  /**
   * A payment came for a registration already released (its hold ran out): its places are taken
   * again if they are still free and its children have no other activity in those terms, and it is
   * confirmed; otherwise it stays released, `payment-too-late`, and the amount is due back.
   */
  async retake(r: RegistrationRow, paymentId: string): Promise<'confirmed' | 'too-late'> {
    const places = await this.registrations.places([r.id]);
    await this.registrations.lockChildren(places.map((p) => p.childId));
    const groups = countByGroup(places);
    const taken: [string, number][] = [];
    let free = !(await this.registrations.activePlaces(places.map((p) => p.childId), groups.map(([g]) => g), await this.periodsOf(places))).length;
    for (const [groupId, n] of free ? groups : []) {
      if (!(await this.registrations.adjustTaken(groupId, n))) {
        free = false;
        break;
      }
      taken.push([groupId, n]);
    }
    if (free && (await this.registrations.markConfirmed(r.id, paymentId, 'released'))) {
      await this.registrations.setPlacesActive([r.id], true);
      await this.publishConfirmed(r, paymentId, places);
      return 'confirmed';
    }
    for (const [groupId, n] of taken) await this.registrations.adjustTaken(groupId, -n);
    if (await this.registrations.markPaidTooLate(r.id, paymentId)) {
      await this.events.publish('reservations.activity-place.released.v1', r.id, {
        registrationId: r.id,
        familyId: r.familyId,
        reason: 'payment-too-late',
        paymentId,
        amountCents: r.amountCents,
        places: factsOf(places),
      });
    }
    return 'too-late';
  }

  /** A second validated payment for a registration another payment confirmed: due back. */
  async declinePayment(r: RegistrationRow, paymentId: string): Promise<void> {
    await this.events.publish('reservations.activity-payment.declined.v1', r.id, {
      registrationId: r.id,
      familyId: r.familyId,
      paymentId,
      amountCents: r.amountCents,
      reason: 'already-paid',
      confirmedBy: r.paymentId,
    });
  }

  private async publishConfirmed(r: RegistrationRow, paymentId: string, places: PlaceRow[]): Promise<void> {
    await this.events.publish('reservations.activity-place.confirmed.v1', r.id, { registrationId: r.id, familyId: r.familyId, paymentId, amountCents: r.amountCents, places: factsOf(places) });
  }

  private async periodsOf(places: PlaceRow[]): Promise<string[]> {
    return this.registrations.periodsOfGroups([...new Set(places.map((p) => p.groupId))]);
  }
}
