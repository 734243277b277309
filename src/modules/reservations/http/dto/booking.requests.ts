import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsTimeOfDay } from '../../../../platform/http';
import { MAX_DAYS_PER_BATCH } from '../../domain/booking-plan';
import { IsWeekdays } from './weekdays';

const UUID = { message: 'doit être un identifiant (UUID)' };
const MANY = { message: `au plus ${MAX_DAYS_PER_BATCH} jours par réservation` };

export class DaySelectionRequest {
  @ApiPropertyOptional({ type: [String], example: ['2026-09-03', '2026-09-04'], description: `these days (at most ${MAX_DAYS_PER_BATCH}); when set, the pattern fields are ignored` })
  @IsOptional()
  @IsArray({ message: 'doit être une liste' })
  @ArrayMaxSize(MAX_DAYS_PER_BATCH, MANY)
  @IsCalendarDate({ each: true })
  dates?: string[];

  @ApiPropertyOptional({ type: [Number], example: [1, 2, 4, 5], description: 'pattern: the opening days of these ISO weekdays (1 = Monday); none = every opening day' })
  @IsOptional()
  @IsWeekdays()
  weekdays?: number[];

  @ApiPropertyOptional({ example: '2026-09-07', description: 'pattern: from this day (default: the start of the period); the week shown, or the whole period' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-09-13', description: 'pattern: until this day (default: the end of the period)' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class SlotRequest {
  @ApiProperty({ example: '08:30' }) @IsTimeOfDay() start: string;
  @ApiProperty({ example: '17:00' }) @IsTimeOfDay() end: string;
}

export class DaySlotRequest extends SlotRequest {
  @ApiProperty({ example: '2026-09-07' }) @IsCalendarDate() date: string;
}

export class BatchRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) childId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) serviceId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) periodId: string;

  @ApiPropertyOptional({ type: DaySelectionRequest, description: 'days to book: chosen dates, or a pattern (all days of the period or of the week shown, by weekday)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DaySelectionRequest)
  book?: DaySelectionRequest;

  @ApiPropertyOptional({ type: DaySelectionRequest, description: 'days to cancel (a cancellation after the deadline is a request too)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DaySelectionRequest)
  cancel?: DaySelectionRequest;

  @ApiPropertyOptional({ type: SlotRequest, description: 'hourly-slot services: the slot booked on every day of `book` ("copier / coller un créneau")' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SlotRequest)
  slot?: SlotRequest;

  @ApiPropertyOptional({ type: [DaySlotRequest], description: 'hourly-slot services: a slot per day' })
  @IsOptional()
  @IsArray({ message: 'doit être une liste' })
  @ArrayMaxSize(MAX_DAYS_PER_BATCH, MANY)
  @ValidateNested({ each: true })
  @Type(() => DaySlotRequest)
  slots?: DaySlotRequest[];

  @ApiPropertyOptional({ default: false, description: 'a full day goes on the waiting list (where the service has one) instead of refusing the whole batch' })
  @IsOptional()
  @IsBoolean({ message: 'doit valoir true ou false' })
  waitlist?: boolean;
}

export class CalendarQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) childId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) serviceId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) periodId: string;
  @ApiPropertyOptional({ example: '2026-09', description: 'the month shown (or week, or from/to)' }) @IsOptional() @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'doit être un mois AAAA-MM' }) month?: string;
  @ApiPropertyOptional({ example: '2026-W37', description: 'the ISO week shown' }) @IsOptional() @Matches(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, { message: 'doit être une semaine AAAA-Wnn' }) week?: string;
  @ApiPropertyOptional({ example: '2026-09-01' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2026-09-30' }) @IsOptional() @IsCalendarDate() to?: string;
}

export class HistoryQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', UUID) childId?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
