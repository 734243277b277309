import { ApiProperty } from '@nestjs/swagger';
import { SlotResponse } from './booking.responses';

export class RequestChildResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, example: 'Léo' }) firstName: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Dupont' }) lastName: string | null;
}

export class PendingRequestResponse {
  @ApiProperty({ format: 'uuid', description: 'what a decision names' }) itemId: string;
  @ApiProperty({ format: 'uuid' }) reservationId: string;
  @ApiProperty({ example: 'R2026-000123' }) reservationNumber: string;
  @ApiProperty({ description: 'when the guardian validated the batch' }) requestedAt: Date;
  @ApiProperty({ example: '2026-11-03' }) day: string;
  @ApiProperty({ nullable: true, type: SlotResponse }) slot: SlotResponse | null;
  @ApiProperty({ enum: ['book', 'cancel'] }) action: 'book' | 'cancel';
  @ApiProperty({ example: 'Demande de réservation' }) actionLabel: string;
  @ApiProperty({ type: RequestChildResponse }) child: RequestChildResponse;
  @ApiProperty({ format: 'uuid' }) familyId: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ example: 'Restauration scolaire' }) serviceLabel: string;
  @ApiProperty({ format: 'uuid' }) establishmentId: string;
  @ApiProperty({ example: 'École Jules Ferry' }) establishmentName: string;
  @ApiProperty({ example: 'Novembre-décembre' }) periodLabel: string;
}

export class DecidedItemResponse {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ format: 'uuid' }) reservationId: string;
  @ApiProperty() day: string;
  @ApiProperty({ enum: ['book', 'cancel'] }) action: 'book' | 'cancel';
  @ApiProperty({ enum: ['accepted', 'refused'] }) status: 'accepted' | 'refused';
  @ApiProperty({ enum: ['confirmed', 'refused', 'cancelled'], description: 'the booking of the day, after the decision' }) bookingStatus: string;
}

export class DecisionResponse {
  @ApiProperty({ enum: ['accept', 'refuse'] }) decision: 'accept' | 'refuse';
  @ApiProperty({ type: [DecidedItemResponse] }) items: DecidedItemResponse[];
  @ApiProperty({ description: 'children of the waiting list who got a place given back by this decision' }) promotedFromWaitlist: number;
}

export class DietFlagsResponse {
  @ApiProperty({ enum: ['none', 'no-pork', 'no-meat', 'allergy', 'other'] }) kind: string;
  @ApiProperty({ example: 'Sans porc' }) label: string;
  @ApiProperty({ description: 'the child file holds details (read them there: the read is recorded)' }) hasDetails: boolean;
}

export class AttendanceRowResponse {
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty({ format: 'uuid' }) familyId: string;
  @ApiProperty({ nullable: true, type: String }) firstName: string | null;
  @ApiProperty({ nullable: true, type: String }) lastName: string | null;
  @ApiProperty({ nullable: true, type: String }) school: string | null;
  @ApiProperty({ nullable: true, type: String }) className: string | null;
  @ApiProperty({ nullable: true, enum: ['confirmed', 'cancel-requested', 'requested'], description: 'null: recorded without a booking' }) bookingStatus: string | null;
  @ApiProperty({ example: 'Attendu', description: 'Attendu, Annulation demandée, En attente, Non réservé' }) statusLabel: string;
  @ApiProperty({ nullable: true, type: SlotResponse, description: 'hourly services' }) slot: SlotResponse | null;
  @ApiProperty({ nullable: true, type: DietFlagsResponse, description: 'null: not answered on the child file' }) diet: DietFlagsResponse | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'PAI: yes / no; null: not answered' }) careplan: boolean | null;
  @ApiProperty({ nullable: true, enum: ['present', 'absent', 'excused'], description: 'already recorded' }) attendance: string | null;
}

export class AttendanceCountsResponse {
  @ApiProperty({ description: 'children expected (confirmed, or a cancellation not yet granted)' }) expected: number;
  @ApiProperty({ description: 'expected children with a specific diet' }) withDiet: number;
  @ApiProperty({ description: 'expected children with a PAI' }) withCareplan: number;
  @ApiProperty({ description: 'booking requests not yet decided' }) pending: number;
  @ApiProperty() present: number;
  @ApiProperty() absent: number;
  @ApiProperty() excused: number;
  @ApiProperty({ description: 'recorded without being expected nor waiting' }) unbooked: number;
}

export class AttendanceSheetResponse {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty() serviceLabel: string;
  @ApiProperty({ enum: ['day', 'half-day', 'hourly-slot', 'session'] }) unit: string;
  @ApiProperty({ format: 'uuid' }) establishmentId: string;
  @ApiProperty() establishmentName: string;
  @ApiProperty({ example: '2026-11-03' }) date: string;
  @ApiProperty({ type: AttendanceCountsResponse }) counts: AttendanceCountsResponse;
  @ApiProperty({ type: [AttendanceRowResponse] }) expected: AttendanceRowResponse[];
  @ApiProperty({ type: [AttendanceRowResponse], description: 'booking requests not yet decided ("en attente")' }) pending: AttendanceRowResponse[];
  @ApiProperty({ type: [AttendanceRowResponse], description: 'recorded though neither expected nor waiting' }) unbooked: AttendanceRowResponse[];
}

export class MarkedEntryResponse {
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty({ enum: ['present', 'absent', 'excused'] }) status: string;
  @ApiProperty({ description: 'the child was expected; false: an unbooked presence (billing may surcharge it)' }) booked: boolean;
}

export class MarkAttendanceResponse {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty() date: string;
  @ApiProperty({ type: [MarkedEntryResponse] }) entries: MarkedEntryResponse[];
}
