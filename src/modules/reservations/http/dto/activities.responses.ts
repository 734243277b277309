import { ApiProperty } from '@nestjs/swagger';
import { RELEASE_REASONS, REGISTRATION_STATUSES } from '../../domain/activity';

export class ActivityGroupResponse {
  @ApiProperty() id: string;
  @ApiProperty() serviceId: string;
  @ApiProperty({ description: 'the term (booking period)' }) periodId: string;
  @ApiProperty({ example: '7/11 ans Escalade' }) label: string;
  @ApiProperty({ example: 7 }) minAge: number;
  @ApiProperty({ example: 11 }) maxAge: number;
  @ApiProperty({ example: 12 }) places: number;
  @ApiProperty({ description: 'places counted as held or confirmed (holds past their time included until released)' }) taken: number;
  @ApiProperty({ description: 'places left now (holds past their time do not count)' }) placesLeft: number;
  @ApiProperty({ description: 'places of confirmed registrations' }) confirmed: number;
  @ApiProperty({ description: 'places held while guardians pay' }) held: number;
  @ApiProperty({ description: 'places whose hold ran out, released soon' }) expired: number;
  @ApiProperty({ example: 4500 }) priceCents: number;
  @ApiProperty({ example: '14:00' }) startsAt: string;
  @ApiProperty({ example: '16:00' }) endsAt: string;
  @ApiProperty({ type: [String], example: ['2026-09-09', '2026-09-16'] }) sessions: string[];
}

export class GroupRegistrationResponse {
  @ApiProperty() registrationId: string;
  @ApiProperty({ example: 'I2026-000045' }) number: string;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: string;
  @ApiProperty({ example: 'Confirmée' }) statusLabel: string;
  @ApiProperty({ enum: RELEASE_REASONS, nullable: true, type: String }) releaseReason: string | null;
  @ApiProperty() familyId: string;
  @ApiProperty() childId: string;
  @ApiProperty({ nullable: true, type: String }) childLastName: string | null;
  @ApiProperty({ nullable: true, type: String }) childFirstName: string | null;
  @ApiProperty({ nullable: true, type: String }) childBirthDate: string | null;
  @ApiProperty() priceCents: number;
  @ApiProperty({ description: 'false once the registration is released' }) active: boolean;
  @ApiProperty() holdUntil: Date;
  @ApiProperty({ nullable: true, type: String }) paymentId: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) confirmedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) releasedAt: Date | null;
}

export class MissingResponse {
  @ApiProperty({ example: 'field:child.sex' }) code: string;
  @ApiProperty() message: string;
}

export class OfferedGroupResponse {
  @ApiProperty() groupId: string;
  @ApiProperty({ example: '7/11 ans Escalade' }) label: string;
  @ApiProperty() minAge: number;
  @ApiProperty() maxAge: number;
  @ApiProperty({ example: '7 à 11 ans' }) ageLabel: string;
  @ApiProperty({ description: "the child's age on the first session" }) childAge: number;
  @ApiProperty({ example: 4500 }) priceCents: number;
  @ApiProperty() places: number;
  @ApiProperty() placesLeft: number;
  @ApiProperty({ example: '14:00' }) startsAt: string;
  @ApiProperty({ example: '16:00' }) endsAt: string;
  @ApiProperty({ type: [String] }) sessions: string[];
  @ApiProperty({ description: 'the child can be registered for it now' }) registrable: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'Complet.' }) reason: string | null;
}

export class ChildRegistrationResponse {
  @ApiProperty() registrationId: string;
  @ApiProperty() number: string;
  @ApiProperty({ enum: ['held', 'confirmed'] }) status: string;
  @ApiProperty() groupId: string;
  @ApiProperty() groupLabel: string;
}

export class OfferedChildResponse {
  @ApiProperty() childId: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() birthDate: string;
  @ApiProperty({ description: "the child's file holds what term activities need" }) fileComplete: boolean;
  @ApiProperty({ type: [MissingResponse] }) missing: MissingResponse[];
  @ApiProperty({ nullable: true, type: ChildRegistrationResponse, description: "the child's registration in this term (held or confirmed)" }) registration: ChildRegistrationResponse | null;
  @ApiProperty({ type: [OfferedGroupResponse], description: "only the groups that fit the child's age" }) groups: OfferedGroupResponse[];
}

export class TermResponse {
  @ApiProperty() periodId: string;
  @ApiProperty({ example: 'EMS 2026-2027 1er trimestre' }) label: string;
  @ApiProperty() serviceId: string;
  @ApiProperty() serviceLabel: string;
  @ApiProperty() establishmentId: string;
  @ApiProperty() establishmentName: string;
  @ApiProperty() startsOn: string;
  @ApiProperty() endsOn: string;
  @ApiProperty() opensAt: Date;
  @ApiProperty({ nullable: true, type: Date }) closesAt: Date | null;
  @ApiProperty({ description: 'registration window open now' }) open: boolean;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ type: [OfferedChildResponse] }) children: OfferedChildResponse[];
}

export class RegistrationPlaceResponse {
  @ApiProperty() childId: string;
  @ApiProperty() childFirstName: string;
  @ApiProperty() groupId: string;
  @ApiProperty() groupLabel: string;
  @ApiProperty() periodId: string;
  @ApiProperty() periodLabel: string;
  @ApiProperty() serviceId: string;
  @ApiProperty() serviceLabel: string;
  @ApiProperty({ example: 'EMS 2026-2027 1er trimestre – 7/11 ans Escalade – Léo' }) label: string;
  @ApiProperty() priceCents: number;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ nullable: true, type: String }) firstSession: string | null;
  @ApiProperty({ nullable: true, type: String }) lastSession: string | null;
  @ApiProperty() sessionCount: number;
}

export class ActivityRegistrationResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'I2026-000045' }) number: string;
  @ApiProperty({ enum: REGISTRATION_STATUSES, description: 'held while the guardian pays; confirmed by the payment; released (payment failed, abandoned, not in time)' }) status: string;
  @ApiProperty({ example: 'En attente de paiement' }) statusLabel: string;
  @ApiProperty({ enum: RELEASE_REASONS, nullable: true, type: String }) releaseReason: string | null;
  @ApiProperty({ example: 9000, description: 'total, in cents' }) amountCents: number;
  @ApiProperty({ description: 'the places are held until then' }) holdUntil: Date;
  @ApiProperty({ nullable: true, type: String }) paymentId: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) confirmedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) releasedAt: Date | null;
  @ApiProperty({ description: 'what is paid for: the places, " ; " between them' }) label: string;
  @ApiProperty({ type: [RegistrationPlaceResponse] }) places: RegistrationPlaceResponse[];
}

export class PlanningEntryResponse {
  @ApiProperty({ enum: ['booking', 'activity'] }) kind: string;
  @ApiProperty() serviceId: string;
  @ApiProperty() serviceLabel: string;
  @ApiProperty({ required: false, enum: ['confirmed', 'requested', 'cancel-requested', 'waitlisted'], description: 'booking: its state' }) status?: string;
  @ApiProperty({ nullable: true, type: String, example: '14:00', description: 'an hourly slot or the session time; null for a day' }) startsAt: string | null;
  @ApiProperty({ nullable: true, type: String, example: '16:00' }) endsAt: string | null;
  @ApiProperty({ required: false, description: 'activity' }) registrationId?: string;
  @ApiProperty({ required: false, description: 'activity' }) groupId?: string;
  @ApiProperty({ required: false, example: '7/11 ans Escalade' }) groupLabel?: string;
  @ApiProperty({ required: false, example: 'EMS 2026-2027 1er trimestre' }) periodLabel?: string;
}

export class PlanningDayResponse {
  @ApiProperty({ example: '2026-09-09' }) date: string;
  @ApiProperty({ type: [PlanningEntryResponse] }) entries: PlanningEntryResponse[];
}

export class PlanningResponse {
  @ApiProperty() childId: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [PlanningDayResponse], description: 'the days with something on them, in order' }) days: PlanningDayResponse[];
}
