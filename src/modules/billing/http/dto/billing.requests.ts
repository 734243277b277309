import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, Present } from '../../../../platform/http';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const UUID = { message: 'doit être un identifiant (UUID)' };
const TEXT = { message: 'doit être renseigné (200 caractères au plus)' };
const CENTS = { message: 'doit être un montant en centimes (nombre entier)' };
const BOOL = { message: 'doit valoir true ou false' };

export class IssuerRequest {
  @ApiProperty({ example: 'Commune de Noyon — Régie de la restauration scolaire' }) @Transform(trim) @IsString() @Length(1, 200, TEXT) legalName: string;
  @ApiProperty({ example: 'Place Bertrand Labarre, 60400 Noyon' }) @Transform(trim) @IsString() @Length(1, 300, TEXT) address: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '21600471300018' }) @IsOptional() @Matches(/^\d{14}$/, { message: 'un SIRET a 14 chiffres' }) siret?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsEmail({}, { message: 'adresse e-mail invalide' }) @MaxLength(320) email?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(40) phone?: string | null;
}

export class CreateOfficeRequest {
  @ApiProperty({ example: 'REST', description: 'short code, in capitals, part of the invoice numbers (REST-2026-000123); never changes' })
  @Matches(/^[A-Z][A-Z0-9]{1,9}$/, { message: 'de 2 à 10 lettres majuscules ou chiffres, commençant par une lettre' })
  code: string;

  @ApiProperty({ example: 'Restauration scolaire' }) @Transform(trim) @IsString() @Length(1, 200, TEXT) name: string;

  @ApiProperty({ type: [String], description: 'the establishments whose services it bills (one office per establishment)' })
  @IsArray({ message: 'doit être une liste' })
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true, message: 'chaque valeur doit être un identifiant (UUID)' })
  establishmentIds: string[];

  @ApiPropertyOptional({ default: 30, description: 'days between issue and due date' }) @IsOptional() @IsInt() @Min(0) @Max(365) dueDays?: number;

  @ApiPropertyOptional({ type: [Number], default: [15, 45], description: 'reminders, in days after the due date' })
  @IsOptional()
  @IsArray({ message: 'doit être une liste' })
  @ArrayMaxSize(5)
  @ArrayUnique({ message: 'chaque délai une seule fois' })
  @IsInt({ each: true, message: 'chaque délai est un nombre entier de jours' })
  @Min(1, { each: true, message: 'chaque délai est d’au moins 1 jour' })
  @Max(365, { each: true, message: 'chaque délai est d’au plus 365 jours' })
  reminderDays?: number[];

  @ApiPropertyOptional({ default: 30, description: 'minutes an invoice with an online payment pending cannot be paid again' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  paymentLockMinutes?: number;

  @ApiProperty({ type: IssuerRequest }) @ValidateNested() @Type(() => IssuerRequest) issuer: IssuerRequest;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Paiement en ligne sur le portail, ou par chèque à l’ordre du Trésor public.' }) @IsOptional() @IsString() @MaxLength(2000) paymentInstructions?: string | null;
}

export class UpdateOfficeRequest {
  @ApiPropertyOptional() @Present() @Transform(trim) @IsString() @Length(1, 200, TEXT) name?: string;
  @ApiPropertyOptional({ type: [String] }) @Present() @IsArray({ message: 'doit être une liste' }) @ArrayMaxSize(500) @IsUUID('all', { each: true, message: 'chaque valeur doit être un identifiant (UUID)' }) establishmentIds?: string[];
  @ApiPropertyOptional() @Present() @IsInt() @Min(0) @Max(365) dueDays?: number;
  @ApiPropertyOptional({ type: [Number] })
  @Present()
  @IsArray({ message: 'doit être une liste' })
  @ArrayMaxSize(5)
  @ArrayUnique({ message: 'chaque délai une seule fois' })
  @IsInt({ each: true, message: 'chaque délai est un nombre entier de jours' })
  @Min(1, { each: true, message: 'chaque délai est d’au moins 1 jour' })
  @Max(365, { each: true, message: 'chaque délai est d’au plus 365 jours' })
  reminderDays?: number[];
  @ApiPropertyOptional() @Present() @IsInt() @Min(1) @Max(1440) paymentLockMinutes?: number;
  @ApiPropertyOptional({ type: IssuerRequest }) @Present() @ValidateNested() @Type(() => IssuerRequest) issuer?: IssuerRequest;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(2000) paymentInstructions?: string | null;
  @ApiPropertyOptional() @Present() @IsBoolean(BOOL) active?: boolean;
}

export class RuleRequest {
  @ApiProperty({ format: 'uuid', description: 'the office that bills this service (it must bill its establishment)' }) @IsUUID('all', UUID) officeId: string;
  @ApiPropertyOptional({ description: 'what the invoice lines say; default: the service’s label' }) @IsOptional() @Transform(trim) @IsString() @Length(1, 200, TEXT) label?: string;
  @ApiProperty({ enum: ['day', 'half-day', 'hour'], description: 'what a price is for; hourly-slot services are billed by the hour, prorated to the minute' })
  @IsIn(['day', 'half-day', 'hour'], { message: 'doit valoir day, half-day ou hour' })
  unit: 'day' | 'half-day' | 'hour';
  @ApiProperty({ enum: ['booked', 'attended'], description: 'booked: every booked day (an excused absence is not billed); attended: the days present' })
  @IsIn(['booked', 'attended'], { message: 'doit valoir booked ou attended' })
  basis: 'booked' | 'attended';
  @ApiPropertyOptional({ default: 0, description: 'added to a day present without a booking (cents)' }) @IsOptional() @IsInt(CENTS) @Min(0) @Max(100000) unbookedPresenceSurchargeCents?: number;
  @ApiPropertyOptional({ default: 0, description: 'added for a booked day of absence not excused (cents)' }) @IsOptional() @IsInt(CENTS) @Min(0) @Max(100000) unexcusedAbsenceSurchargeCents?: number;
}

export class PriceRequest {
  @ApiPropertyOptional({ default: 0, description: 'family-quotient bracket, inclusive' }) @IsOptional() @IsInt() @Min(0) @Max(1000000) quotientMin?: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'exclusive; none = no upper bound (also the price of a family with no quotient on file)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000000)
  quotientMax?: number | null;
  @ApiProperty({ example: 350, description: 'price of one unit (day, half-day or hour), in cents' }) @IsInt(CENTS) @Min(0) @Max(10000000) amountCents: number;
  @ApiProperty({ example: '2026-09-01' }) @IsCalendarDate() validFrom: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'last day in force; none = until further notice' }) @IsOptional() @IsCalendarDate() validTo?: string | null;
}

export class RunRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) officeId: string;
  @ApiProperty({ example: '2026-11-01' }) @IsCalendarDate() from: string;
  @ApiProperty({ example: '2026-11-30' }) @IsCalendarDate() to: string;
  @ApiProperty({ example: 'Novembre 2026', description: 'the invoices read "<office> — <label>"' }) @Transform(trim) @IsString() @Length(1, 120, TEXT) label: string;
  @ApiPropertyOptional({ default: false, description: 'compute the totals, record nothing' }) @IsOptional() @IsBoolean(BOOL) dryRun?: boolean;
}

export class RulesQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', UUID) officeId?: string;
}

export class InvoicesQuery {
  @ApiPropertyOptional({ enum: ['open', 'overdue', 'paid', 'cancelled'] }) @IsOptional() @IsIn(['open', 'overdue', 'paid', 'cancelled'], { message: 'doit valoir open, overdue, paid ou cancelled' }) state?: 'open' | 'overdue' | 'paid' | 'cancelled';
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class StaffInvoicesQuery extends InvoicesQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', UUID) officeId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', UUID) familyId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the invoices of one billing run' }) @IsOptional() @IsUUID('all', UUID) runId?: string;
}

export class RunsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', UUID) officeId?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
