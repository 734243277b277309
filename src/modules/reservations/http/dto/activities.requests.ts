import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsTimeOfDay, Present } from '../../../../platform/http';
import { MAX_AGE, MAX_PLACES, MAX_PLACES_PER_REGISTRATION, MAX_PRICE_CENTS, MAX_SESSIONS, REGISTRATION_STATUSES, RegistrationStatus } from '../../domain/activity';
import { IsWeekdays } from './weekdays';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const UUID = { message: 'doit être un identifiant (UUID)' };
const LABEL = { message: 'doit être renseigné (200 caractères au plus)' };
const INT = { message: 'doit être un nombre entier' };
const AGE = { message: `doit être un âge entre 0 et ${MAX_AGE} ans` };
const PLACES = { message: `doit être un nombre de places entre 1 et ${MAX_PLACES}` };
const PRICE = { message: `doit être un prix en centimes entre 0 et ${MAX_PRICE_CENTS}` };
const OBJECT = { message: 'doit être un objet' };

export class SessionsRequest {
  @ApiPropertyOptional({ type: [String], example: ['2026-09-09', '2026-09-16'], description: `the days of the sessions (at most ${MAX_SESSIONS}); when set, the pattern fields are ignored` })
  @IsOptional()
  @IsArray({ message: 'doit être une liste' })
  @ArrayMinSize(1, { message: 'au moins une séance' })
  @ArrayMaxSize(MAX_SESSIONS, { message: `au plus ${MAX_SESSIONS} séances` })
  @IsCalendarDate({ each: true })
  dates?: string[];

  @ApiPropertyOptional({ type: [Number], example: [3], description: 'pattern: every opening day of the term (or of from–to) on these ISO weekdays (3 = Wednesday), closed days left out' })
  @IsOptional()
  @IsWeekdays(true)
  weekdays?: number[];

  @ApiPropertyOptional({ example: '2026-09-07', description: 'pattern: from this day (default: the first day of the term)' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2026-12-16', description: 'pattern: until this day (default: the last day of the term)' }) @IsOptional() @IsCalendarDate() to?: string;
}

export class CreateActivityGroupRequest {
  @ApiProperty({ example: '7/11 ans Escalade' }) @Transform(trim) @IsString(LABEL) @Length(1, 200, LABEL) label: string;
  @ApiProperty({ example: 7, description: 'youngest age, in whole years on the first session' }) @IsInt(INT) @Min(0, AGE) @Max(MAX_AGE, AGE) minAge: number;
  @ApiProperty({ example: 11, description: 'oldest age, in whole years on the first session' }) @IsInt(INT) @Min(0, AGE) @Max(MAX_AGE, AGE) maxAge: number;
  @ApiProperty({ example: 12 }) @IsInt(INT) @Min(1, PLACES) @Max(MAX_PLACES, PLACES) places: number;
  @ApiProperty({ example: 4500, description: 'the price of the term, in cents, paid at registration' }) @IsInt(INT) @Min(0, PRICE) @Max(MAX_PRICE_CENTS, PRICE) priceCents: number;
  @ApiProperty({ example: '14:00' }) @IsTimeOfDay() startsAt: string;
  @ApiProperty({ example: '16:00' }) @IsTimeOfDay() endsAt: string;

  @ApiProperty({ type: SessionsRequest, description: 'the days of the sessions: chosen dates, or a weekday pattern over the term' })
  @IsObject(OBJECT)
  @ValidateNested()
  @Type(() => SessionsRequest)
  sessions: SessionsRequest;
}

export class UpdateActivityGroupRequest {
  @ApiPropertyOptional() @Present() @Transform(trim) @IsString(LABEL) @Length(1, 200, LABEL) label?: string;
  @ApiPropertyOptional() @Present() @IsInt(INT) @Min(0, AGE) @Max(MAX_AGE, AGE) minAge?: number;
  @ApiPropertyOptional() @Present() @IsInt(INT) @Min(0, AGE) @Max(MAX_AGE, AGE) maxAge?: number;
  @ApiPropertyOptional({ description: 'never fewer than the places taken' }) @Present() @IsInt(INT) @Min(1, PLACES) @Max(MAX_PLACES, PLACES) places?: number;
  @ApiPropertyOptional({ description: 'for registrations from now on; those made keep their price' }) @Present() @IsInt(INT) @Min(0, PRICE) @Max(MAX_PRICE_CENTS, PRICE) priceCents?: number;
  @ApiPropertyOptional({ example: '14:00' }) @Present() @IsTimeOfDay() startsAt?: string;
  @ApiPropertyOptional({ example: '16:00' }) @Present() @IsTimeOfDay() endsAt?: string;

  @ApiPropertyOptional({ type: SessionsRequest, description: 'replaces the days of the sessions' })
  @Present()
  @IsObject(OBJECT)
  @ValidateNested()
  @Type(() => SessionsRequest)
  sessions?: SessionsRequest;
}

export class GroupRegistrationsQuery {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES }) @IsOptional() @IsIn(REGISTRATION_STATUSES, { message: `doit être l’une des valeurs : ${REGISTRATION_STATUSES.join(', ')}` }) status?: RegistrationStatus;
  @ApiPropertyOptional({ default: 200 }) @IsOptional() @Type(() => Number) @IsInt(INT) @Min(1) @Max(1000) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt(INT) @Min(0) offset?: number;
}

export class ActivityPlaceRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) childId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) groupId: string;
}

/** Identity of a pair for ArrayUnique; anything that is not a pair is left to the item's own checks. */
const pairKey = (p: unknown) => (p && typeof p === 'object' ? `${(p as ActivityPlaceRequest).childId}|${(p as ActivityPlaceRequest).groupId}` : p);

export class RegisterActivitiesRequest {
  @ApiProperty({ type: [ActivityPlaceRequest], description: `for each child, the group chosen in a term (at most ${MAX_PLACES_PER_REGISTRATION} pairs; one group per child and term)` })
  @IsArray({ message: 'doit être une liste' })
  @ArrayMinSize(1, { message: 'choisissez au moins une activité' })
  @ArrayMaxSize(MAX_PLACES_PER_REGISTRATION, { message: `au plus ${MAX_PLACES_PER_REGISTRATION} activités par inscription` })
  @ArrayUnique(pairKey, { message: 'ne doit pas citer deux fois le même enfant dans le même groupe' })
  @IsObject({ each: true, message: 'chaque élément doit être un objet {childId, groupId}' })
  @ValidateNested({ each: true })
  @Type(() => ActivityPlaceRequest)
  places: ActivityPlaceRequest[];
}

export class PageQuery {
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt(INT) @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt(INT) @Min(0) offset?: number;
}

export class PlanningQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) childId: string;
  @ApiProperty({ example: '2026-09-01' }) @IsCalendarDate() from: string;
  @ApiProperty({ example: '2026-09-30' }) @IsCalendarDate() to: string;
}
