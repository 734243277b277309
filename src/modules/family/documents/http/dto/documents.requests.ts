import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate, Present } from '../../../../../platform/http';
import { KIND_CODE, KIND_LEVELS, KindLevel, MAX_VALIDITY_MONTHS } from '../../domain/supporting-document';
import { SERVICE_KINDS, ServiceKind } from '../../../domain/service-kind';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const emptyToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

const LEVEL = { message: `doit valoir ${KIND_LEVELS.join(' ou ')}` };
const SERVICE = { each: true, message: `chaque valeur doit être l’une de : ${SERVICE_KINDS.join(', ')}` };
const MONTHS = { message: `doit être un nombre entier de mois entre 1 et ${MAX_VALIDITY_MONTHS}, ou null (sans expiration)` };

export class CreateDocumentKindRequest {
  @ApiProperty({ example: 'proof-of-address', description: 'stable code (lower-case words joined by hyphens); never changes' })
  @IsString()
  @Matches(KIND_CODE, { message: 'doit être fait de mots en minuscules sans accents, chiffres et tirets (ex. : proof-of-address)' })
  @MaxLength(50)
  code: string;

  @ApiProperty({ example: 'Justificatif de domicile' })
  @Transform(trim)
  @IsString()
  @Length(1, 120, { message: 'doit être renseigné (120 caractères au plus)' })
  label: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Facture d’électricité, de gaz ou de téléphone fixe de moins de 3 mois.' })
  @Transform(emptyToNull)
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @ApiProperty({ enum: KIND_LEVELS, description: 'family: one proof for the family; child: one proof per child' })
  @IsIn(KIND_LEVELS, LEVEL)
  level: KindLevel;

  @ApiPropertyOptional({ enum: SERVICE_KINDS, isArray: true, default: [], description: 'the kinds of service that need a valid proof of this kind' })
  @IsOptional()
  @IsArray({ message: 'doit être une liste' })
  @ArrayMaxSize(SERVICE_KINDS.length)
  @ArrayUnique({ message: 'ne doit pas citer deux fois le même service' })
  @IsIn(SERVICE_KINDS, SERVICE)
  requiredFor?: ServiceKind[];

  @ApiPropertyOptional({ nullable: true, type: Number, example: 12, description: 'how long an accepted proof stays valid; null = no expiry' })
  @IsOptional()
  @IsInt(MONTHS)
  @Min(1, MONTHS)
  @Max(MAX_VALIDITY_MONTHS, MONTHS)
  validityMonths?: number | null;
}

/** The code never changes; `validityMonths: null` and `description: null` clear them. */
export class UpdateDocumentKindRequest {
  @ApiPropertyOptional({ example: 'Justificatif de domicile de moins de 3 mois' })
  @Present()
  @Transform(trim)
  @IsString()
  @Length(1, 120, { message: 'doit être renseigné (120 caractères au plus)' })
  label?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Transform(emptyToNull)
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @ApiPropertyOptional({ enum: KIND_LEVELS, description: 'only while no file was sent for the kind' })
  @Present()
  @IsIn(KIND_LEVELS, LEVEL)
  level?: KindLevel;

  @ApiPropertyOptional({ enum: SERVICE_KINDS, isArray: true })
  @Present()
  @IsArray({ message: 'doit être une liste' })
  @ArrayMaxSize(SERVICE_KINDS.length)
  @ArrayUnique({ message: 'ne doit pas citer deux fois le même service' })
  @IsIn(SERVICE_KINDS, SERVICE)
  requiredFor?: ServiceKind[];

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsInt(MONTHS)
  @Min(1, MONTHS)
  @Max(MAX_VALIDITY_MONTHS, MONTHS)
  validityMonths?: number | null;
}

export class AcceptDocumentRequest {
  @ApiPropertyOptional({ example: '2026-08-31', description: 'last day of validity (YYYY-MM-DD, today or later); default: today plus the kind’s validity, or no expiry' })
  @IsOptional()
  @IsCalendarDate()
  validUntil?: string;
}

export class RejectDocumentRequest {
  @ApiProperty({ example: 'Le document est illisible : envoyez un scan complet de la page.', description: 'shown to the guardian' })
  @Transform(trim)
  @IsString({ message: 'doit être renseigné' })
  @Length(1, 500, { message: 'doit être renseigné (500 caractères au plus)' })
  reason: string;
}

export class ListDocumentsQuery {
  @ApiPropertyOptional({ enum: ['sent', 'accepted', 'rejected'], default: 'sent', description: 'sent = the review queue (oldest first)' })
  @IsOptional()
  @IsIn(['sent', 'accepted', 'rejected'], { message: 'doit valoir sent, accepted ou rejected' })
  status?: 'sent' | 'accepted' | 'rejected';

  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
