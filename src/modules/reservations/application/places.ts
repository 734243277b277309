import { Injectable } from '@nestjs/common';
import { todayIn } from '../../../platform/dates';
import { EventPublisher, NewEvent } from '../../../platform/events';
import { Slot, stepsOf } from '../domain/booking-plan';
import { Establishment, Service } from '../domain/catalogue';
import { BookingRepository, PlaceKey } from '../infrastructure/booking.repository';

/**
 * The places of a service: taking and giving back places in the occupancy counters, and giving a
 * freed place to the first child on the waiting list. Always inside the caller's transaction.
 */
@Injectable()
export class Places {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly events: EventPublisher,
  ) {}

  /** The counters a booking uses: one per day, or one per time step of its slot. */
  keysOf(service: Pick<Service, 'slotMinutes'>, day: string, slot: Slot | null): PlaceKey[] {
    return slot && service.slotMinutes ? stepsOf(slot, service.slotMinutes).map((step) => ({ day, step })) : [{ day, step: 0 }];
  }

  /**
   * Takes the places of several bookings (each a list of keys) at once. Returns the indexes of the
   * bookings that could not get all their places; their partial grants are given back.
   */
  async take(service: Service, wanted: PlaceKey[][]): Promise<Set<number>> {
    const all = wanted.flat();
    const granted = new Set((await this.bookings.take(service.id, all, service.capacity!)).map((k) => `${k.day}|${k.step}`));
    if (granted.size === all.length) return new Set();
    const full = new Set<number>();
    const giveBack: PlaceKey[] = [];
    wanted.forEach((keys, i) => {
      const got = keys.filter((k) => granted.has(`${k.day}|${k.step}`));
      if (got.length < keys.length) {
        full.add(i);
        giveBack.push(...got);
      }
    });
    await this.bookings.release(service.id, giveBack);
    return full;
  }

  async release(service: Service, keys: PlaceKey[]): Promise<void> {
    await this.bookings.release(service.id, keys);
  }

  /**
   * After places were freed on these days: the children waiting for them, oldest request first, get
   * them while they fit, for days not yet past. Each promotion confirms the booking and raises
   * `booking.confirmed` (via waitlist).
   */
  async promoteWaiting(service: Service, establishment: Establishment, days: string[]): Promise<number> {
    if (!service.waitlist || !days.length) return 0;
    const today = todayIn(establishment.timeZone);
    const waiting = await this.bookings.waiting(service.id, [...new Set(days)].filter((d) => d >= today));
    const events: NewEvent[] = [];
    for (const w of waiting) {
      const full = await this.take(service, [this.keysOf(service, w.day, w.slot)]);
      if (full.size) continue;
      await this.bookings.setBookingStatus(w.id, 'confirmed');
      await this.bookings.setItemStatus([w.itemId], 'accepted');
      events.push({
        type: 'reservations.booking.confirmed.v1',
        aggregateId: w.reservationId,
        payload: {
          reservationId: w.reservationId,
          familyId: w.familyId,
          childId: w.childId,
          serviceId: service.id,
          establishmentId: establishment.id,
          unit: service.unit as 'day',
          days: [{ date: w.day, startsAt: w.slot?.start ?? null, endsAt: w.slot?.end ?? null }],
          via: 'waitlist',
        },
      });
    }
    await this.events.publishAll(events);
    return events.length;
  }
}
