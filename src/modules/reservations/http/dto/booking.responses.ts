import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SlotResponse {
  @ApiProperty({ example: '08:30' }) start: string;
  @ApiProperty({ example: '17:00' }) end: string;
}

export class ReservationItemResponse {
  @ApiProperty({ example: '2026-09-07' }) date: string;
  @ApiProperty({ enum: ['book', 'cancel'] }) action: 'book' | 'cancel';
  @ApiProperty({
    enum: ['accepted', 'pending', 'refused', 'waitlisted', 'withdrawn', 'full'],
    description: 'accepted at once or by staff; pending: a request for staff; refused by staff; waitlisted; withdrawn by the guardian; full (recap only): no place left now',
  })
  status: string;
  @ApiProperty({ nullable: true, type: SlotResponse }) slot: SlotResponse | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'why staff refused' }) reason?: string | null;
}

export class ReservationResponse {
  @ApiProperty({ nullable: true, type: String, description: 'null in a recap (nothing recorded yet)' }) id: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'R2026-000123' }) number: string | null;
  @ApiProperty({ enum: ['accepted', 'requested', 'partly-accepted', 'refused', 'waitlisted', 'withdrawn'] }) state: string;
  @ApiProperty({ example: 'Demande en cours' }) stateLabel: string;
  @ApiProperty() childId: string;
  @ApiProperty() serviceId: string;
  @ApiProperty() serviceLabel: string;
  @ApiProperty() periodId: string;
  @ApiProperty() periodLabel: string;
  @ApiProperty({ nullable: true, type: Date }) createdAt: Date | null;
  @ApiProperty({ type: [ReservationItemResponse], description: 'empty in the history list: see GET /api/reservations/{reservationId}' }) items: ReservationItemResponse[];
  @ApiProperty({ description: 'days of a pattern left out: already booked, closed, or past their deadline' }) skipped: number;
  @ApiPropertyOptional() firstDay?: string;
  @ApiPropertyOptional() lastDay?: string;
  @ApiPropertyOptional() dayCount?: number;
}

export class CalendarDayResponse {
  @ApiProperty({ example: '2026-09-07' }) date: string;
  @ApiProperty({ enum: ['open', 'booked', 'requested', 'cancel-requested', 'waitlisted', 'refused', 'full', 'closed', 'not-enrolled'] }) status: string;
  @ApiProperty({ enum: ['immediate', 'request', 'too-late', 'not-open', 'window-closed'], description: 'what booking or cancelling the day now would be: accepted at once, a request to staff, or refused' })
  timing: string;
  @ApiProperty({ nullable: true, type: String, example: 'Vacances scolaires : Vacances de la Toussaint' }) reason: string | null;
  @ApiProperty({ nullable: true, type: SlotResponse }) slot: SlotResponse | null;
  @ApiProperty({ nullable: true, type: Number, description: 'places left (the busiest time step for hourly services)' }) placesLeft: number | null;
}

export class CalendarResponse {
  @ApiProperty() childId: string;
  @ApiProperty() serviceId: string;
  @ApiProperty() periodId: string;
  @ApiProperty({ example: '2026-09-01' }) from: string;
  @ApiProperty({ example: '2026-09-30' }) to: string;
  @ApiProperty({ example: 'J-2 à 18:00' }) deadlineLabel: string;
  @ApiProperty({ type: [String], example: ['2026-2027'], description: 'school years the child is enrolled in this service for' }) enrolledYears: string[];
  @ApiProperty({ type: [CalendarDayResponse] }) days: CalendarDayResponse[];
}
