import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { frenchDate, todayIn } from '../../../platform/dates';
import { EventPublisher } from '../../../platform/events';
import { ApplicationError } from '../../../platform/http';
import { FamilyDirectory } from '../../family';
import { AttendanceLists, attendanceLists, AttendanceStatus, EXPECTED } from '../domain/attendance';
import { schoolYearOf } from '../domain/calendar';
import { Establishment, Service, Unit } from '../domain/catalogue';
import { AttendanceRepository, DayBooking } from '../infrastructure/attendance.repository';
import { CatalogueRepository } from '../infrastructure/catalogue.repository';
import { notFound } from './catalogue.service';

export interface AttendanceSheet extends AttendanceLists {
  serviceId: string;
  serviceLabel: string;
  unit: Unit;
  establishmentId: string;
  establishmentName: string;
  date: string;
}

export interface MarkInput {
  serviceId: string;
  date: string;
  entries: { childId: string; status: AttendanceStatus }[];
}

export interface MarkResult {
  serviceId: string;
  date: string;
  entries: { childId: string; status: AttendanceStatus; booked: boolean }[];
}

/**
 * Who is expected on a day of a service, for the agents (with the diet and PAI flags, a recorded read
 * of health data), and who was there. Marking is an upsert per child: `booked` says whether the
 * child was expected, so that billing can surcharge an unbooked presence; a child neither enrolled
 * nor booked cannot be marked; a day is marked once it has come.
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly attendance: AttendanceRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly events: EventPublisher,
    private readonly families: FamilyDirectory,
  ) {}

  /** The lists of a day. The family facts are a staff read of health data: recorded for `staffReader`, in this transaction. */
  sheet(staffReader: string, serviceId: string, date: string): Promise<AttendanceSheet> {
    return this.txHost.withTransaction(async () => {
      const { service, establishment } = await this.serviceOf(serviceId);
      const bookings = await this.bookingsOn(service, date);
      const recorded = await this.attendance.recorded(service.id, date);
      const facts = await this.families.careFacts([...bookings.map((b) => b.childId), ...recorded.map((r) => r.childId)], staffReader, 'attendance-list');
      return {
        serviceId: service.id,
        serviceLabel: service.label,
        unit: service.unit,
        establishmentId: establishment.id,
        establishmentName: establishment.name,
        date,
        ...attendanceLists(bookings, recorded, facts),
      };
    });
  }

  mark(staffId: string, input: MarkInput): Promise<MarkResult> {
    return this.txHost.withTransaction(async () => {
      const { service, establishment } = await this.serviceOf(input.serviceId);
      const today = todayIn(establishment.timeZone);
      if (input.date > today) {
        throw new ApplicationError('unprocessable', 'reservations.attendance-future', 'Les présences se saisissent le jour même ou après.', [
          { field: 'date', message: `le ${frenchDate(input.date)} n’est pas encore arrivé` },
        ]);
      }
      const booked = new Map((await this.bookingsOn(service, input.date)).filter((b) => EXPECTED.has(b.status)).map((b) => [b.childId, b.familyId]));
      const enrolled = await this.attendance.enrolled(service.id, schoolYearOf(input.date), input.entries.map((e) => e.childId));
      const errors: { field: string; message: string }[] = [];
      const entries = input.entries.map((e, n) => {
        const familyId = booked.get(e.childId) ?? enrolled.get(e.childId);
        if (!familyId) errors.push({ field: `entries[${n}].childId`, message: 'enfant ni inscrit ni réservé à ce service ce jour-là' });
        return { childId: e.childId, familyId: familyId!, status: e.status, booked: booked.has(e.childId) };
      });
      if (errors.length) throw new ApplicationError('unprocessable', 'reservations.attendance-rejected', 'Certains enfants ne peuvent pas être pointés : rien n’a été enregistré.', errors);

      await this.attendance.upsert(service.id, input.date, entries, staffId);
      await this.events.publish('reservations.attendance.recorded.v1', service.id, { serviceId: service.id, establishmentId: establishment.id, day: input.date, entries });
      return { serviceId: service.id, date: input.date, entries: entries.map(({ childId, status, booked: b }) => ({ childId, status, booked: b })) };
    });
  }

  /**
   * Who holds a place that day: the bookings (confirmed, cancel-requested, requested) or, for term
   * activities, the confirmed places of the groups holding a session that day.
   */
  private bookingsOn(service: Service, date: string): Promise<DayBooking[]> {
    return service.unit === 'session' ? this.attendance.sessionPlacesOn(service.id, date) : this.attendance.bookingsOn(service.id, date);
  }

  private async serviceOf(serviceId: string): Promise<{ service: Service; establishment: Establishment }> {
    const service = await this.catalogue.service(serviceId);
    if (!service) throw notFound('service');
    return { service, establishment: (await this.catalogue.establishment(service.establishmentId))! };
  }
}
