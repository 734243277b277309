import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUTHORIZATION_ANSWERS, DIET_KINDS, PHONE_LABELS } from '../../domain/family-file';
import { SERVICE_KINDS } from '../../domain/service-kind';

export class AddressResponse {
  @ApiProperty() line1: string;
  @ApiProperty({ nullable: true, type: String }) line2: string | null;
  @ApiProperty({ example: '60400' }) postcode: string;
  @ApiProperty({ example: 'Noyon', description: 'official name' }) city: string;
  @ApiProperty({ example: '60471' }) inseeCode: string;
}

export class PhoneResponse {
  @ApiProperty({ enum: PHONE_LABELS }) label: string;
  @ApiProperty({ example: '+33344123456' }) number: string;
}

export class QuotientResponse {
  @ApiProperty({ example: 650 }) value: number;
  @ApiProperty({ example: '2026-09-01' }) validFrom: string;
}

export class QuotientHistoryResponse extends QuotientResponse {
  @ApiProperty() setBy: string;
  @ApiProperty() setAt: Date;
}

export class PendingChangeResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'family.email' }) field: string;
  @ApiProperty({ description: 'the value in force until staff approve' }) oldValue: unknown;
  @ApiProperty() newValue: unknown;
  @ApiProperty() requestedAt: Date;
}

export class FamilyFileResponse {
  @ApiProperty({ type: AddressResponse, nullable: true }) address: AddressResponse | null;
  @ApiProperty({ type: [PhoneResponse] }) phones: PhoneResponse[];
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ type: QuotientResponse, nullable: true, description: 'in force today; only staff set it' }) quotient: QuotientResponse | null;
  @ApiProperty({ type: [PendingChangeResponse], description: 'changes waiting for staff approval' }) pending: PendingChangeResponse[];
}

export class ContactResponse {
  @ApiProperty() id: string;
  @ApiProperty() lastName: string;
  @ApiProperty() firstName: string;
  @ApiProperty() relation: string;
  @ApiProperty({ type: AddressResponse, nullable: true }) address: AddressResponse | null;
  @ApiProperty({ type: [String] }) phones: string[];
  @ApiProperty() emergency: boolean;
  @ApiProperty() pickup: boolean;
}

export class AuthorizationResponse {
  @ApiProperty() code: string;
  @ApiProperty() label: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: AUTHORIZATION_ANSWERS, nullable: true }) answer: string | null;
}

export class DietResponse {
  @ApiProperty({ enum: DIET_KINDS }) kind: string;
  @ApiProperty({ nullable: true, type: String }) details: string | null;
}

export class DoctorResponse {
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) city: string | null;
}

export class CareplanResponse {
  @ApiProperty() hasPlan: boolean;
  @ApiProperty({ nullable: true, type: String }) details: string | null;
}

export class ChildFileResponse {
  @ApiProperty() id: string;
  @ApiProperty() lastName: string;
  @ApiProperty() firstName: string;
  @ApiProperty({ enum: ['F', 'M'], nullable: true }) sex: string | null;
  @ApiProperty() birthDate: string;
  @ApiProperty({ nullable: true, type: String }) school: string | null;
  @ApiProperty({ nullable: true, type: String }) className: string | null;
  @ApiProperty({ type: DietResponse, nullable: true }) diet: DietResponse | null;
  @ApiProperty({ nullable: true, type: String }) medicalHistory: string | null;
  @ApiProperty({ nullable: true, type: String }) observations: string | null;
  @ApiProperty({ type: DoctorResponse, nullable: true }) doctor: DoctorResponse | null;
  @ApiProperty({ type: CareplanResponse, nullable: true, description: 'null = not answered yet' }) careplan: CareplanResponse | null;
  @ApiProperty({ type: [ContactResponse] }) contacts: ContactResponse[];
  @ApiProperty({ type: [AuthorizationResponse] }) authorizations: AuthorizationResponse[];
  @ApiProperty({ type: [PendingChangeResponse] }) pending: PendingChangeResponse[];
}

export class SubmissionResponse {
  @ApiProperty() submissionId: string;
  @ApiProperty({ type: [String], example: ['family.address'], description: 'fields changed now' }) applied: string[];
  @ApiProperty({ type: [String], example: ['family.email'], description: 'fields waiting for staff approval' }) pending: string[];
  @ApiProperty({ description: 'French message to show' }) message: string;
}

export class MissingResponse {
  @ApiProperty({ example: 'field:child.sex' }) code: string;
  @ApiProperty() message: string;
}

export class CompletenessResponse {
  @ApiProperty({ enum: SERVICE_KINDS }) service: string;
  @ApiProperty() complete: boolean;
  @ApiProperty({ type: [MissingResponse] }) missing: MissingResponse[];
}

export class ChangeResponse {
  @ApiProperty() id: string;
  @ApiProperty() familyId: string;
  @ApiProperty({ nullable: true, type: String }) childId: string | null;
  @ApiProperty({ nullable: true, type: String }) childName: string | null;
  @ApiProperty({ nullable: true, type: String }) submissionId: string | null;
  @ApiProperty({ example: 'child.diet' }) field: string;
  @ApiProperty({ description: 'French label of the field' }) fieldLabel: string;
  @ApiProperty({ nullable: true, type: String, description: 'contact id, authorization code or quotient date' }) subject: string | null;
  @ApiProperty() oldValue: unknown;
  @ApiProperty() newValue: unknown;
  @ApiProperty({ enum: ['applied', 'pending', 'approved', 'rejected', 'superseded'] }) status: string;
  @ApiProperty() changedBy: string;
  @ApiProperty({ enum: ['guardian', 'staff', 'admin'] }) changedByRole: string;
  @ApiProperty() changedAt: Date;
  @ApiProperty({ nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class PlaceResponse {
  @ApiProperty({ example: '60400' }) postcode: string;
  @ApiProperty({ example: 'Noyon' }) city: string;
  @ApiProperty({ example: '60471' }) inseeCode: string;
}

export class ConsentResponse {
  @ApiProperty() version: number;
  @ApiProperty() text: string;
  @ApiProperty() publishedAt: Date;
}

export class FormOptionsResponse {
  @ApiProperty({ type: ConsentResponse, description: 'the text "J\'accepte" refers to' }) consent: ConsentResponse;
  @ApiProperty({ type: [String] }) relationSuggestions: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) dietKinds: Record<string, string>;
  @ApiProperty({ type: [String] }) phoneLabels: string[];
  @ApiProperty({ type: [String], description: 'fields whose changes wait for staff approval' }) validatedFields: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) fieldLabels: Record<string, string>;
}

export class AuthorizationTypeResponse {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() label: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: SERVICE_KINDS, isArray: true }) requiredFor: string[];
  @ApiProperty() active: boolean;
  @ApiProperty() position: number;
}

export class HealthAccessResponse {
  @ApiProperty() accountId: string;
  @ApiPropertyOptional({ nullable: true, type: String }) childId: string | null;
  @ApiProperty({ enum: ['child-file', 'history', 'export'] }) what: string;
  @ApiProperty() at: Date;
}
