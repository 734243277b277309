import { Injectable } from '@nestjs/common';
import { DayFacts, FactsRepository } from '../infrastructure/facts.repository';

export type { DayFacts };

/**
 * Public face (index.ts) for billing: the current truth of a child's days for a service (booked or
 * not, the slot's length, attendance), which billing re-reads on each reservations event (events
 * may be delivered in any order: the state read after them is always the latest), and a service's
 * description when staff set its billing rule.
 */
@Injectable()
export class ReservationFacts {
  constructor(private readonly facts: FactsRepository) {}

  days(childId: string, serviceId: string, days: string[]): Promise<DayFacts[]> {
    return this.facts.days(childId, serviceId, [...new Set(days)]);
  }

  service(serviceId: string) {
    return this.facts.service(serviceId);
  }
}
