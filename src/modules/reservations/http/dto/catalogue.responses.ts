import { ApiProperty } from '@nestjs/swagger';
import { SERVICE_KINDS, ServiceKind } from '../../../family';
import { BookingPeriod, ESTABLISHMENT_KINDS, EstablishmentKind, Service, Unit, UNITS } from '../../domain/catalogue';
import { DeadlineRule, ruleLabel } from '../../domain/deadline';

export class EstablishmentResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ESTABLISHMENT_KINDS }) kind: EstablishmentKind;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ example: 'Europe/Paris' }) timeZone: string;
  @ApiProperty({ example: 'B' }) holidayZone: string;
  @ApiProperty() alsaceMoselle: boolean;
  @ApiProperty() active: boolean;
}

export class ServiceResponse {
  @ApiProperty() id: string;
  @ApiProperty() establishmentId: string;
  @ApiProperty({ enum: SERVICE_KINDS }) kind: ServiceKind;
  @ApiProperty() label: string;
  @ApiProperty({ enum: UNITS }) unit: Unit;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty({ type: [Number], example: [1, 2, 4, 5] }) weekdays: number[];
  @ApiProperty({ nullable: true, type: String, example: '07:30' }) opensAt: string | null;
  @ApiProperty({ nullable: true, type: String, example: '18:30' }) closesAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) slotMinutes: number | null;
  @ApiProperty() followsSchoolCalendar: boolean;
  @ApiProperty() waitlist: boolean;
  @ApiProperty() active: boolean;
}

export class PeriodResponse {
  @ApiProperty() id: string;
  @ApiProperty() serviceId: string;
  @ApiProperty() label: string;
  @ApiProperty({ example: '2026-09-01' }) startsOn: string;
  @ApiProperty({ example: '2026-12-18' }) endsOn: string;
  @ApiProperty() opensAt: Date;
  @ApiProperty({ nullable: true, type: Date }) closesAt: Date | null;
  @ApiProperty({ example: { daysBefore: 2, at: '18:00' } }) deadline: DeadlineRule;
  @ApiProperty({ example: 'J-2 à 18:00' }) deadlineLabel: string;
  @ApiProperty({ nullable: true, example: null }) cutoff: DeadlineRule | null;
  @ApiProperty({ example: 'le jour même' }) cutoffLabel: string;
}

export function toPeriodResponse(p: BookingPeriod): PeriodResponse {
  return { ...p, deadlineLabel: ruleLabel(p.deadline), cutoffLabel: ruleLabel(p.cutoff ?? { hoursBefore: 0 }) };
}

export class CatalogueServiceResponse extends ServiceResponse {
  @ApiProperty({ type: [PeriodResponse], description: 'periods whose days are not all past' }) periods: PeriodResponse[];
}

export class CatalogueResponse extends EstablishmentResponse {
  @ApiProperty({ type: [CatalogueServiceResponse] }) services: CatalogueServiceResponse[];
}

export function toCatalogueService(s: Service & { periods: BookingPeriod[] }): CatalogueServiceResponse {
  return { ...s, periods: s.periods.map(toPeriodResponse) };
}

export class ClosureResponse {
  @ApiProperty() id: string;
  @ApiProperty() establishmentId: string;
  @ApiProperty({ nullable: true, type: String }) serviceId: string | null;
  @ApiProperty() startsOn: string;
  @ApiProperty() endsOn: string;
  @ApiProperty() label: string;
}

export class SchoolHolidayResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'B' }) zone: string;
  @ApiProperty({ example: 'Vacances de Noël' }) label: string;
  @ApiProperty({ example: '2026-12-19', description: 'first day without school' }) startsOn: string;
  @ApiProperty({ example: '2027-01-03', description: 'last day without school' }) endsOn: string;
  @ApiProperty({ example: '2026-2027' }) schoolYear: string;
}

export class SchoolCalendarImportResponse {
  @ApiProperty() dryRun: boolean;
  @ApiProperty() holidays: number;
  @ApiProperty({ type: [String] }) zones: string[];
  @ApiProperty({ type: [String] }) schoolYears: string[];
}

export class EnrolmentResponse {
  @ApiProperty() id: string;
  @ApiProperty() familyId: string;
  @ApiProperty() childId: string;
  @ApiProperty() serviceId: string;
  @ApiProperty() serviceLabel: string;
  @ApiProperty() establishmentId: string;
  @ApiProperty({ example: '2026-2027' }) schoolYear: string;
  @ApiProperty({ enum: ['guardian', 'staff', 'admin'] }) enrolledByRole: string;
  @ApiProperty() enrolledAt: Date;
}

export class ChildEnrolmentsResponse {
  @ApiProperty() childId: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() birthDate: string;
  @ApiProperty({ type: [EnrolmentResponse], description: 'the services the child may book; a service not listed is shown greyed' }) enrolments: EnrolmentResponse[];
}
