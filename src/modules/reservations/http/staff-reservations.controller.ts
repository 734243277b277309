import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Roles, uuidParam } from '../../../platform/http';
import { BookingService, ReservationView } from '../application/booking.service';
import { ReservationResponse } from './dto/booking.responses';

class StaffHistoryQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'doit être un identifiant (UUID)' }) familyId: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', { message: 'doit être un identifiant (UUID)' }) childId?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

class StaffReservationResponse extends ReservationResponse {
  @ApiProperty() familyId: string;
}

/** Back-office: a family's reservations, as its guardians see them (to answer a family's question). */
@ApiTags('back-office: reservations')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('staff/reservations')
export class StaffReservationsController {
  constructor(private readonly booking: BookingService) {}

  @Get()
  @ApiOperation({ summary: "A family's reservations (or one child's), newest first, with their state" })
  @ApiOkResponse({ type: [ReservationResponse] })
  history(@Query() query: StaffHistoryQuery): Promise<ReservationView[]> {
    return this.booking.history(query.familyId, { childId: query.childId, limit: query.limit ?? 50, offset: query.offset ?? 0 });
  }

  @Get(':reservationId')
  @ApiOperation({ summary: 'One reservation with its days, their state and staff’s reasons' })
  @ApiOkResponse({ type: StaffReservationResponse })
  reservation(@Param('reservationId', uuidParam) id: string): Promise<StaffReservationResponse> {
    return this.booking.reservation(null, id);
  }
}
