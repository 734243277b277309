import { Injectable } from '@nestjs/common';
import { ApplicationError } from '../../../platform/http';
import { FamilyDirectory } from '../../family';
import { daysBetween } from '../domain/calendar';
import { PlannedBooking, PlanningRepository } from '../infrastructure/planning.repository';
import { childNotFound } from './enrolment.service';

export type PlanningEntry =
  | { kind: 'booking'; serviceId: string; serviceLabel: string; status: PlannedBooking['status']; startsAt: string | null; endsAt: string | null }
  | { kind: 'activity'; serviceId: string; serviceLabel: string; registrationId: string; groupId: string; groupLabel: string; periodLabel: string; startsAt: string; endsAt: string };

export interface PlanningDay {
  date: string;
  entries: PlanningEntry[];
}

export const MAX_PLANNING_DAYS = 400;

/** A child's planning: the days booked in every service and the sessions of the activities paid for. */
@Injectable()
export class PlanningService {
  constructor(
    private readonly repository: PlanningRepository,
    private readonly families: FamilyDirectory,
  ) {}

  async planning(familyId: string, childId: string, from: string, to: string): Promise<PlanningDay[]> {
    if (to < from || daysBetween(from, to) >= MAX_PLANNING_DAYS) {
      throw new ApplicationError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', [{ field: 'to', message: `doit suivre le début, au plus ${MAX_PLANNING_DAYS} jours plus tard` }]);
    }
    if (!(await this.families.children(familyId)).some((c) => c.childId === childId)) throw childNotFound();
    const bookings = await this.repository.bookings(familyId, childId, from, to);
    const sessions = await this.repository.activitySessions(familyId, childId, from, to);
    const days = new Map<string, PlanningEntry[]>();
    const add = (date: string, entry: PlanningEntry) => days.set(date, [...(days.get(date) ?? []), entry]);
    for (const { date, ...b } of bookings) add(date, { kind: 'booking', ...b });
    for (const { date, ...s } of sessions) add(date, { kind: 'activity', ...s });
    return [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, entries]) => ({ date, entries }));
  }
}
