import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate, IsTimeOfDay, Present } from '../../../../platform/http';
import { SERVICE_KINDS, ServiceKind } from '../../../family';
import { ESTABLISHMENT_KINDS, EstablishmentKind, HOLIDAY_ZONES, Unit, UNITS } from '../../domain/catalogue';
import { DeadlineRule } from '../../domain/deadline';
import { IsWeekdays } from './weekdays';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const oneOf = (values: readonly string[]) => ({ message: `doit être l’une des valeurs : ${values.join(', ')}` });
const LABEL = { message: 'doit être renseigné (200 caractères au plus)' };
const BOOL = { message: 'doit valoir true ou false' };
const INSTANT = { message: 'doit être une date et heure ISO 8601 (2026-06-01T08:00:00+02:00)' };
const RULE_DOC = { type: 'object', additionalProperties: true, example: { daysBefore: 2, at: '18:00' } } as const;

export class CreateEstablishmentRequest {
  @ApiProperty({ example: 'École élémentaire Jules Ferry' }) @Transform(trim) @IsString() @Length(1, 200, LABEL) name: string;
  @ApiProperty({ enum: ESTABLISHMENT_KINDS }) @IsIn(ESTABLISHMENT_KINDS, oneOf(ESTABLISHMENT_KINDS)) kind: EstablishmentKind;
  @ApiPropertyOptional({ nullable: true, type: String, example: '3 rue des Écoles, 60400 Noyon' }) @IsOptional() @IsString() @MaxLength(300) address?: string | null;
  @ApiPropertyOptional({ default: 'Europe/Paris', description: 'IANA time zone: deadlines are read on this clock' }) @IsOptional() @IsString() @MaxLength(60) timeZone?: string;
  @ApiProperty({ enum: HOLIDAY_ZONES, description: "school-holiday zone of the ministry's calendar" }) @IsString() @MaxLength(40) holidayZone: string;
  @ApiPropertyOptional({ default: false, description: 'Alsace-Moselle: Good Friday and 26 December are public holidays' }) @IsOptional() @IsBoolean(BOOL) alsaceMoselle?: boolean;
}

export class UpdateEstablishmentRequest {
  @ApiPropertyOptional() @Present() @Transform(trim) @IsString() @Length(1, 200, LABEL) name?: string;
  @ApiPropertyOptional({ enum: ESTABLISHMENT_KINDS }) @Present() @IsIn(ESTABLISHMENT_KINDS, oneOf(ESTABLISHMENT_KINDS)) kind?: EstablishmentKind;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(300) address?: string | null;
  @ApiPropertyOptional() @Present() @IsString() @MaxLength(60) timeZone?: string;
  @ApiPropertyOptional({ enum: HOLIDAY_ZONES }) @Present() @IsString() @MaxLength(40) holidayZone?: string;
  @ApiPropertyOptional() @Present() @IsBoolean(BOOL) alsaceMoselle?: boolean;
  @ApiPropertyOptional({ description: 'false: no longer offered to families' }) @Present() @IsBoolean(BOOL) active?: boolean;
}


export class CreateServiceRequest {
  @ApiProperty({ enum: SERVICE_KINDS }) @IsIn(SERVICE_KINDS, oneOf(SERVICE_KINDS)) kind: ServiceKind;
  @ApiProperty({ example: 'Restauration scolaire' }) @Transform(trim) @IsString() @Length(1, 200, LABEL) label: string;
  @ApiProperty({ enum: UNITS, description: 'day, half-day (booked per day, billed as a half-day), hourly-slot (early childhood), session (term activities)' })
  @IsIn(UNITS, oneOf(UNITS))
  unit: Unit;

  @ApiPropertyOptional({ nullable: true, type: Number, example: 120, description: 'children at once: per day, or per time step for hourly slots; none for term activities (places per group)' })
  @IsOptional()
  @IsInt({ message: 'doit être un nombre entier' })
  @Min(1)
  @Max(100000)
  capacity?: number | null;

  @ApiProperty({ example: [1, 2, 4, 5], description: 'ISO weekdays it opens, 1 = Monday … 7 = Sunday' })
  @IsWeekdays(true)
  weekdays: number[];

  @ApiPropertyOptional({ nullable: true, type: String, example: '07:30' }) @IsOptional() @IsTimeOfDay() opensAt?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '18:30' }) @IsOptional() @IsTimeOfDay() closesAt?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, enum: [5, 10, 15, 20, 30, 60], description: 'hourly slots: their step in minutes' })
  @IsOptional()
  @IsIn([5, 10, 15, 20, 30, 60], { message: 'doit valoir 5, 10, 15, 20, 30 ou 60' })
  slotMinutes?: number | null;

  @ApiPropertyOptional({ default: true, description: "closed during the school holidays of the establishment's zone" }) @IsOptional() @IsBoolean(BOOL) followsSchoolCalendar?: boolean;
  @ApiPropertyOptional({ default: false, description: 'a full day can be asked on a waiting list' }) @IsOptional() @IsBoolean(BOOL) waitlist?: boolean;
}

export class UpdateServiceRequest {
  @ApiPropertyOptional() @Present() @Transform(trim) @IsString() @Length(1, 200, LABEL) label?: string;
  @ApiPropertyOptional({ type: Number }) @Present() @IsInt({ message: 'doit être un nombre entier' }) @Min(1) @Max(100000) capacity?: number;
  @ApiPropertyOptional({ example: [1, 2, 4, 5] })
  @Present()
  @IsWeekdays(true)
  weekdays?: number[];
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsTimeOfDay() opensAt?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsTimeOfDay() closesAt?: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) @IsOptional() @IsIn([5, 10, 15, 20, 30, 60], { message: 'doit valoir 5, 10, 15, 20, 30 ou 60' }) slotMinutes?: number | null;
  @ApiPropertyOptional() @Present() @IsBoolean(BOOL) followsSchoolCalendar?: boolean;
  @ApiPropertyOptional() @Present() @IsBoolean(BOOL) waitlist?: boolean;
  @ApiPropertyOptional() @Present() @IsBoolean(BOOL) active?: boolean;
}

export class CreatePeriodRequest {
  @ApiProperty({ example: 'Septembre à décembre 2026' }) @Transform(trim) @IsString() @Length(1, 200, LABEL) label: string;
  @ApiProperty({ example: '2026-09-01', description: 'first day families can book' }) @IsCalendarDate() startsOn: string;
  @ApiProperty({ example: '2026-12-18', description: 'last day families can book' }) @IsCalendarDate() endsOn: string;
  @ApiProperty({ example: '2026-06-15T08:00:00+02:00', description: 'when families may start booking' }) @IsISO8601({ strict: true }, INSTANT) opensAt: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'when booking closes for the whole period (none: each day has its own deadline)' })
  @IsOptional()
  @IsISO8601({ strict: true }, INSTANT)
  closesAt?: string | null;

  @ApiProperty({ ...RULE_DOC, description: 'booking deadline ("délai de prévenance"): before it a change is accepted at once; "J-2 à 18:00" = {"daysBefore":2,"at":"18:00"}, "72 heures avant" = {"hoursBefore":72}' })
  @IsObject({ message: 'doit être {"daysBefore": 2, "at": "18:00"} ou {"hoursBefore": 72}' })
  deadline: DeadlineRule;

  @ApiPropertyOptional({ ...RULE_DOC, nullable: true, description: 'after the deadline a change is a request to staff until this cut-off; none = until the day starts' })
  @IsOptional()
  @IsObject({ message: 'doit être {"daysBefore": 0, "at": "08:00"} ou {"hoursBefore": 0}' })
  cutoff?: DeadlineRule | null;
}

export class UpdatePeriodRequest {
  @ApiPropertyOptional() @Present() @Transform(trim) @IsString() @Length(1, 200, LABEL) label?: string;
  @ApiPropertyOptional() @Present() @IsCalendarDate() startsOn?: string;
  @ApiPropertyOptional() @Present() @IsCalendarDate() endsOn?: string;
  @ApiPropertyOptional() @Present() @IsISO8601({ strict: true }, INSTANT) opensAt?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsISO8601({ strict: true }, INSTANT) closesAt?: string | null;
  @ApiPropertyOptional(RULE_DOC) @Present() @IsObject({ message: 'doit être {"daysBefore": 2, "at": "18:00"} ou {"hoursBefore": 72}' }) deadline?: DeadlineRule;
  @ApiPropertyOptional({ ...RULE_DOC, nullable: true }) @IsOptional() @IsObject({ message: 'doit être {"daysBefore": 0, "at": "08:00"} ou {"hoursBefore": 0}' }) cutoff?: DeadlineRule | null;
}

export class CreateClosureRequest {
  @ApiProperty({ example: '2026-12-04' }) @IsCalendarDate() startsOn: string;
  @ApiPropertyOptional({ example: '2026-12-04', description: 'last day closed; default: startsOn' }) @IsOptional() @IsCalendarDate() endsOn?: string;
  @ApiProperty({ example: 'Grève du personnel' }) @Transform(trim) @IsString() @Length(1, 200, LABEL) label: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'only this service; none: the whole establishment' }) @IsOptional() @IsUUID('all', { message: 'doit être un identifiant (UUID)' }) serviceId?: string | null;
}

export class ServicesQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'doit être un identifiant (UUID)' }) establishmentId?: string;
}

export class PeriodsQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'doit être un identifiant (UUID)' }) serviceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'doit être un identifiant (UUID)' }) establishmentId?: string;
  @ApiPropertyOptional({ description: 'only periods whose days reach this date (YYYY-MM-DD)' }) @IsOptional() @IsCalendarDate() current?: string;
}

export class FromQuery {
  @ApiPropertyOptional({ description: 'only what ends on or after this date (YYYY-MM-DD)' }) @IsOptional() @IsCalendarDate() from?: string;
}

export class SchoolHolidaysQuery extends FromQuery {
  @ApiPropertyOptional({ enum: HOLIDAY_ZONES }) @IsOptional() @IsString() @MaxLength(40) zone?: string;
}

export class ImportQuery {
  @ApiPropertyOptional({ description: 'check the file and report, record nothing' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean(BOOL)
  dryRun?: boolean;
}

export class EnrolRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'doit être un identifiant (UUID)' }) childId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'doit être un identifiant (UUID)' }) serviceId: string;
  @ApiProperty({ example: '2026-2027' }) @IsString() @MaxLength(9) schoolYear: string;
}

export class EnrolmentsQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'doit être un identifiant (UUID)' }) serviceId: string;
  @ApiProperty({ example: '2026-2027' }) @IsString() @MaxLength(9) schoolYear: string;
  @ApiPropertyOptional({ default: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class SchoolYearQuery {
  @ApiPropertyOptional({ example: '2026-2027' }) @IsOptional() @IsString() @MaxLength(9) schoolYear?: string;
}
