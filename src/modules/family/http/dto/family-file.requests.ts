import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { AUTHORIZATION_ANSWERS, DIET_KINDS, PHONE_LABELS, VALIDATABLE_FIELDS } from '../../domain/family-file';
import { SERVICE_KINDS } from '../../domain/service-kind';

/**
 * Shapes only: the rules (postcode and town from the official list, phone numbers, names, dates,
 * limits) are in domain/family-file.ts. An absent field is left as it is; `null` empties it.
 */
export class ConsentRequest {
  @ApiProperty({ description: '"J\'accepte" ticked' }) @IsBoolean() accepted: boolean;
  @ApiProperty({ description: 'version of the text accepted (GET /api/family/form-options)', example: 1 }) @IsInt() @Min(1) version: number;
}

export class AddressRequest {
  @ApiProperty({ example: '12 rue de Paris' }) @IsString() @MaxLength(300) line1: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Bâtiment B' }) @IsOptional() @IsString() @MaxLength(300) line2?: string | null;
  @ApiProperty({ example: '60400' }) @IsString() @MaxLength(10) postcode: string;
  @ApiProperty({ example: 'Noyon' }) @IsString() @MaxLength(200) city: string;
}

export class PhoneRequest {
  @ApiProperty({ enum: PHONE_LABELS }) @IsString() @MaxLength(20) label: string;
  @ApiProperty({ example: '03 44 12 34 56' }) @IsString() @MaxLength(40) number: string;
}

export class FamilyFileRequest {
  @ApiPropertyOptional({ type: AddressRequest, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressRequest)
  address?: AddressRequest | null;

  @ApiPropertyOptional({ type: [PhoneRequest], description: 'at most 5' })
  @IsOptional()
  @IsArray({ message: 'doit être une liste' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PhoneRequest)
  phones?: PhoneRequest[];

  @ApiPropertyOptional({ nullable: true, type: String, example: 'famille.dupont@exemple.fr' }) @IsOptional() @IsString() @MaxLength(320) email?: string | null;

  @ApiProperty({ type: ConsentRequest }) @ValidateNested() @Type(() => ConsentRequest) @IsNotEmpty({ message: 'Cochez « J’accepte » pour valider le formulaire.' }) consent: ConsentRequest;
}

export class DietRequest {
  @ApiProperty({ enum: DIET_KINDS }) @IsString() @MaxLength(20) kind: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(5000) details?: string | null;
}

export class DoctorRequest {
  @ApiProperty({ example: 'Dr Martin' }) @IsString() @MaxLength(300) name: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(40) phone?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(300) city?: string | null;
}

export class CareplanRequest {
  @ApiProperty({ description: 'the child has an individual care plan (PAI)' }) @IsBoolean() hasPlan: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(5000) details?: string | null;
}

export class ContactRequest {
  @ApiPropertyOptional({ description: 'an existing contact of this child; absent = a new one' }) @IsOptional() @IsUUID('all', { message: 'doit être un identifiant (UUID)' }) id?: string;
  @ApiProperty() @IsString() @MaxLength(200) lastName: string;
  @ApiProperty() @IsString() @MaxLength(200) firstName: string;
  @ApiProperty({ example: 'Grand-mère', description: 'free text; suggestions in GET /api/family/form-options' }) @IsString() @MaxLength(100) relation: string;
  @ApiPropertyOptional({ type: AddressRequest, nullable: true }) @IsOptional() @ValidateNested() @Type(() => AddressRequest) address?: AddressRequest | null;
  @ApiProperty({ type: [String], description: '1 or 2 numbers (landline or mobile)' }) @IsArray({ message: 'doit être une liste' }) @ArrayMaxSize(5) @IsString({ each: true }) @MaxLength(40, { each: true }) phones: string[];
  @ApiProperty({ description: 'to call in an emergency' }) @IsBoolean() emergency: boolean;
  @ApiProperty({ description: 'allowed to pick the child up' }) @IsBoolean() pickup: boolean;
}

export class ChildFileRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) lastName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) firstName?: string;
  @ApiPropertyOptional({ enum: ['F', 'M'], nullable: true }) @IsOptional() @IsString() @MaxLength(5) sex?: string | null;
  @ApiPropertyOptional({ example: '2016-03-14' }) @IsOptional() @IsString() @MaxLength(20) birthDate?: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'École Jean Jaurès' }) @IsOptional() @IsString() @MaxLength(500) school?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'CE2' }) @IsOptional() @IsString() @MaxLength(100) className?: string | null;
  @ApiPropertyOptional({ type: DietRequest, nullable: true }) @IsOptional() @ValidateNested() @Type(() => DietRequest) diet?: DietRequest | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(5000) medicalHistory?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'glasses, dental appliance, sleep…' }) @IsOptional() @IsString() @MaxLength(5000) observations?: string | null;
  @ApiPropertyOptional({ type: DoctorRequest, nullable: true }) @IsOptional() @ValidateNested() @Type(() => DoctorRequest) doctor?: DoctorRequest | null;
  @ApiPropertyOptional({ type: CareplanRequest, nullable: true }) @IsOptional() @ValidateNested() @Type(() => CareplanRequest) careplan?: CareplanRequest | null;

  @ApiPropertyOptional({ type: [ContactRequest], description: 'the whole list (at most 10): contacts left out are removed' })
  @IsOptional()
  @IsArray({ message: 'doit être une liste' })
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ContactRequest)
  contacts?: ContactRequest[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string', enum: [...AUTHORIZATION_ANSWERS] }, example: { photos: 'yes', outings: 'not-applicable' } })
  @IsOptional()
  @IsObject({ message: 'doit être un objet { code: réponse }' })
  authorizations?: Record<string, string>;

  @ApiProperty({ type: ConsentRequest }) @ValidateNested() @Type(() => ConsentRequest) @IsNotEmpty({ message: 'Cochez « J’accepte » pour valider le formulaire.' }) consent: ConsentRequest;
}

export class NewChildRequest {
  @ApiProperty({ example: 'Dupont' }) @IsString() @MaxLength(200) lastName: string;
  @ApiProperty({ example: 'Jade' }) @IsString() @MaxLength(200) firstName: string;
  @ApiProperty({ example: '2023-02-11' }) @IsString() @MaxLength(20) birthDate: string;
  @ApiPropertyOptional({ enum: ['F', 'M'], nullable: true }) @IsOptional() @IsString() @MaxLength(5) sex?: string | null;
}

export class GuardianNewChildRequest extends NewChildRequest {
  @ApiProperty({ type: ConsentRequest }) @ValidateNested() @Type(() => ConsentRequest) @IsNotEmpty({ message: 'Cochez « J’accepte » pour valider le formulaire.' }) consent: ConsentRequest;
}

export class CompletenessQuery {
  @ApiProperty({ enum: SERVICE_KINDS }) @IsIn([...SERVICE_KINDS], { message: `doit être l'un de : ${SERVICE_KINDS.join(', ')}` }) service: string;
}

export class PlacesQuery {
  @ApiProperty({ description: 'first digits of a postcode or first letters of a town', example: '604' }) @IsString() @MaxLength(60) q: string;
}

export class HistoryQuery {
  @ApiPropertyOptional({ default: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class SetQuotientRequest {
  @ApiProperty({ example: 650, description: 'family quotient in euros (whole number)' }) @IsInt({ message: 'doit être un nombre entier' }) @Min(0) @Max(100000) value: number;
  @ApiProperty({ example: '2026-09-01', description: 'in force from this date' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'doit être une date AAAA-MM-JJ' }) validFrom: string;
}

export class RejectChangeRequest {
  @ApiProperty({ example: 'Justificatif manquant' }) @IsString() @MaxLength(500) @IsNotEmpty({ message: 'Le motif du refus est obligatoire.' }) reason: string;
}

export class ValidatedFieldsRequest {
  @ApiProperty({ enum: VALIDATABLE_FIELDS, isArray: true }) @IsArray() @ArrayMaxSize(20) @IsIn([...VALIDATABLE_FIELDS], { each: true, message: `chaque champ doit être l'un de : ${VALIDATABLE_FIELDS.join(', ')}` }) fields: string[];
}

export class ConsentTextRequest {
  @ApiProperty() @IsString() @MaxLength(5000) @IsNotEmpty({ message: 'Le texte est obligatoire.' }) text: string;
}

export class AuthorizationTypeRequest {
  @ApiProperty({ example: 'Droit à l’image' }) @IsString() @MaxLength(200) @IsNotEmpty({ message: 'Le libellé est obligatoire.' }) label: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(2000) description?: string | null;
  @ApiPropertyOptional({ enum: SERVICE_KINDS, isArray: true, description: 'service kinds for which an answer is required' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SERVICE_KINDS.length)
  @IsIn([...SERVICE_KINDS], { each: true, message: `chaque service doit être l'un de : ${SERVICE_KINDS.join(', ')}` })
  requiredFor?: string[];
}

export class NewAuthorizationTypeRequest extends AuthorizationTypeRequest {
  @ApiProperty({ example: 'photos' }) @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: 'lettres minuscules, chiffres et tirets (40 au plus)' }) code: string;
}

export class UpdateAuthorizationTypeRequest extends AuthorizationTypeRequest {
  @ApiProperty() @IsBoolean() active: boolean;
}
