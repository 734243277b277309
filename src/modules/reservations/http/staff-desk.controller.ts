import { Body, Controller, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal, ProblemDetails, Roles } from '../../../platform/http';
import { AttendanceService } from '../application/attendance.service';
import { RequestDeskService } from '../application/request-desk.service';
import { attendanceCsv, attendanceFileName } from '../domain/attendance';
import { AttendanceQuery, DecideRequestsRequest, MarkAttendanceRequest, PendingRequestsQuery } from './dto/staff-desk.requests';
import { AttendanceSheetResponse, DecisionResponse, MarkAttendanceResponse, PendingRequestResponse } from './dto/staff-desk.responses';

/** Back-office: the requests made after the deadline (accept or refuse), attendance lists and marking presence. */
@ApiTags('back-office: reservations desk')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('staff/reservations')
export class StaffDeskController {
  constructor(
    private readonly requests: RequestDeskService,
    private readonly attendance: AttendanceService,
  ) {}

  @Get('requests')
  @ApiOperation({ summary: 'Pending requests (bookings and cancellations made after the deadline), oldest first, with the reservation number, the child, the service' })
  @ApiOkResponse({ type: [PendingRequestResponse] })
  pending(@Query() query: PendingRequestsQuery): Promise<PendingRequestResponse[]> {
    return this.requests.pending({ ...query, limit: query.limit ?? 100, offset: query.offset ?? 0 });
  }

  @Post('requests/decisions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accepts or refuses pending requests in bulk: all of them, or none',
    description:
      'Accepting a booking confirms it; refusing it gives its place back (to the waiting list first). Accepting a cancellation cancels the ' +
      'day and gives its place back; refusing it keeps the day booked. A refusal needs a reason, which the guardian reads (reservation, ' +
      'calendar, e-mail). An item no longer pending (withdrawn by the guardian, already decided) makes the whole decision fail (409, naming it).',
  })
  @ApiOkResponse({ type: DecisionResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'reservations.request-not-found: errors[] names the unknown items' })
  @ApiConflictResponse({ type: ProblemDetails, description: 'reservations.request-not-pending: errors[] names the items no longer pending; nothing recorded' })
  decide(@CurrentPrincipal() actor: Principal, @Body() body: DecideRequestsRequest): Promise<DecisionResponse> {
    return this.requests.decide(actor, body);
  }

  @Get('attendance')
  @ApiOperation({
    summary: 'Attendance list of a service on a day: who is expected, with school, class, diet and PAI flags, and what was recorded',
    description:
      'Counts at the top; requests not yet decided apart ("en attente"). Flags only (a diet’s kind and whether the child file has details, ' +
      'PAI yes/no): the details stay in the child file. Each call is a staff read of health data, recorded for every child listed. ' +
      '`format=csv`: the same for Excel (UTF-8 with BOM, `;`), as an attachment.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AttendanceSheetResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async sheet(@CurrentPrincipal() actor: Principal, @Query() query: AttendanceQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<AttendanceSheetResponse | Buffer> {
    const sheet = await this.attendance.sheet(actor.accountId, query.serviceId, query.date);
    if (query.format !== 'csv') return sheet;
    const name = attendanceFileName(sheet.serviceLabel, sheet.date);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${name}"`);
    reply.header('cache-control', 'no-store');
    return Buffer.from(`\uFEFF${attendanceCsv(sheet)}`, 'utf8');
  }

  @Put('attendance')
  @ApiOperation({
    summary: 'Records who was present, absent or excused on a day (today or past); marking a child again replaces its status',
    description: 'A child enrolled but not booked may be marked (`booked: false`: billing may surcharge it); a child neither enrolled nor booked is refused (422).',
  })
  @ApiOkResponse({ type: MarkAttendanceResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails, description: 'a future day (errors[].field = date), or children that cannot be marked (entries[n].childId); nothing recorded' })
  mark(@CurrentPrincipal() actor: Principal, @Body() body: MarkAttendanceRequest): Promise<MarkAttendanceResponse> {
    return this.attendance.mark(actor.accountId, body);
  }
}
