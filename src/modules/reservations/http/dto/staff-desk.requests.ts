import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateBy, ValidateNested, ValidationArguments } from 'class-validator';
import { IsCalendarDate } from '../../../../platform/http';
import { ATTENDANCE_STATUSES, AttendanceStatus, MAX_ENTRIES } from '../../domain/attendance';
import { Decision, MAX_ITEMS_PER_DECISION, MAX_REASON_LENGTH } from '../../domain/request-decision';

const UUID = { message: 'doit être un identifiant (UUID)' };

export class PendingRequestsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', UUID) establishmentId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', UUID) serviceId?: string;
  @ApiPropertyOptional({ example: '2026-11-02', description: 'requests for days from this one' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2026-11-30', description: 'requests for days until this one' }) @IsOptional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({ default: 100, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'doit être un nombre entier' }) @Min(1, { message: 'au moins 1' }) @Max(500, { message: 'au plus 500' }) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'doit être un nombre entier' }) @Min(0, { message: 'au moins 0' }) offset?: number;
}

/** Why the reason is wrong for this decision, or undefined: required (not blank) to refuse, absent to accept, 500 characters at most. */
function reasonProblem(value: unknown, decision: unknown): string | undefined {
  const blank = value === undefined || value === null || (typeof value === 'string' && !value.trim());
  if (blank) return decision === 'refuse' ? 'indiquez le motif du refus, que la famille lira' : undefined;
  if (typeof value !== 'string') return 'doit être un texte';
  if (decision === 'accept') return 'le motif ne s’indique que pour un refus';
  if (value.trim().length > MAX_REASON_LENGTH) return `au plus ${MAX_REASON_LENGTH} caractères`;
  return undefined;
}

const ValidReason = () =>
  ValidateBy({
    name: 'validReason',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => !reasonProblem(value, (args?.object as { decision?: unknown }).decision),
      defaultMessage: (args?: ValidationArguments) => reasonProblem(args?.value, (args?.object as { decision?: unknown }).decision) ?? 'motif invalide',
    },
  });

export class DecideRequestsRequest {
  @ApiProperty({ type: [String], format: 'uuid', description: `the pending items to decide (at most ${MAX_ITEMS_PER_DECISION}): all of them, or none` })
  @IsArray({ message: 'doit être une liste' })
  @ArrayMinSize(1, { message: 'choisissez au moins une demande' })
  @ArrayMaxSize(MAX_ITEMS_PER_DECISION, { message: `au plus ${MAX_ITEMS_PER_DECISION} demandes à la fois` })
  @ArrayUnique({ message: 'ne doit pas citer deux fois la même demande' })
  @IsUUID('all', { each: true, message: 'chaque demande est un identifiant (UUID)' })
  itemIds: string[];

  @ApiProperty({ enum: ['accept', 'refuse'] })
  @IsIn(['accept', 'refuse'], { message: 'doit valoir accept ou refuse' })
  decision: Decision;

  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH, example: 'La structure est complète ce jour-là.', description: 'required to refuse: why, in French, as the guardian reads it (reservation detail, calendar, e-mail); not with accept' })
  @ValidReason()
  reason?: string | null;
}

export class AttendanceQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) serviceId: string;
  @ApiProperty({ example: '2026-11-03' }) @IsCalendarDate() date: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv: a file for Excel (UTF-8 with BOM, `;`), downloaded as an attachment' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'doit valoir json ou csv' })
  format?: 'json' | 'csv';
}

export class AttendanceEntryRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) childId: string;
  @ApiProperty({ enum: ATTENDANCE_STATUSES, description: 'excused: an absence excused with a proof (not billed)' })
  @IsIn(ATTENDANCE_STATUSES, { message: 'doit valoir present, absent ou excused' })
  status: AttendanceStatus;
}

export class MarkAttendanceRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) serviceId: string;
  @ApiProperty({ example: '2026-11-03', description: 'today or a past day' }) @IsCalendarDate() date: string;

  @ApiProperty({ type: [AttendanceEntryRequest], description: `one per child (at most ${MAX_ENTRIES}); a child marked again gets the new status` })
  @IsArray({ message: 'doit être une liste' })
  @ArrayMinSize(1, { message: 'pointez au moins un enfant' })
  @ArrayMaxSize(MAX_ENTRIES, { message: `au plus ${MAX_ENTRIES} enfants à la fois` })
  @ArrayUnique((e: AttendanceEntryRequest) => (e && typeof e === 'object' ? e.childId : e), { message: 'un enfant ne figure qu’une fois' })
  @ValidateNested({ each: true })
  @Type(() => AttendanceEntryRequest)
  entries: AttendanceEntryRequest[];
}
