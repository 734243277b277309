import { Injectable } from '@nestjs/common';
import { DomainEvent, EventConsumer, OnDomainEvent } from '../../../platform/events';
import { ReservationFacts } from '../../reservations';
import { UnitRepository, UnitState } from '../infrastructure/unit.repository';

/**
 * Keeps billing's projections of what it bills: the units (a child's day of a service: booked or
 * not, slot length, attendance) and the family quotients. A reservations event only says which days
 * changed: the handler locks the child's units for that service and re-reads their current state
 * from reservations (`ReservationFacts`), so that deliveries in any order, or twice, end in the same
 * state — the latest.
 */
@Injectable()
@EventConsumer('billing')
export class SourceEventsHandler {
  constructor(
    private readonly units: UnitRepository,
    private readonly reservations: ReservationFacts,
  ) {}

  @OnDomainEvent('reservations.booking.confirmed.v1')
  async onBookingConfirmed(event: DomainEvent<'reservations.booking.confirmed.v1'>): Promise<void> {
    const p = event.payload;
    await this.refresh(p.childId, p.serviceId, p.familyId, p.establishmentId, p.days.map((d) => d.date));
  }

  @OnDomainEvent('reservations.booking.cancelled.v1')
  async onBookingCancelled(event: DomainEvent<'reservations.booking.cancelled.v1'>): Promise<void> {
    const p = event.payload;
    await this.refresh(p.childId, p.serviceId, p.familyId, p.establishmentId, p.days.map((d) => d.date));
  }

  @OnDomainEvent('reservations.attendance.recorded.v1')
  async onAttendanceRecorded(event: DomainEvent<'reservations.attendance.recorded.v1'>): Promise<void> {
    const p = event.payload;
    for (const entry of [...p.entries].sort((a, b) => a.childId.localeCompare(b.childId))) {
      await this.refresh(entry.childId, p.serviceId, entry.familyId, p.establishmentId, [p.day]);
    }
  }

  @OnDomainEvent('family.quotient.changed.v1')
  async onQuotientChanged(event: DomainEvent<'family.quotient.changed.v1'>): Promise<void> {
    await this.units.setQuotient(event.payload.familyId, event.payload.validFrom, event.payload.value);
  }

  private async refresh(childId: string, serviceId: string, familyId: string, establishmentId: string, days: string[]): Promise<void> {
    await this.units.lock(childId, serviceId);
    const facts = new Map((await this.reservations.days(childId, serviceId, days)).map((f) => [f.day, f]));
    const states = [...new Set(days)].sort().map(
      (day): UnitState => facts.get(day) ?? { day, familyId, establishmentId, booked: false, minutes: null, attendance: null },
    );
    await this.units.upsert(childId, serviceId, states);
  }
}
