import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { todayInParis } from '../../../platform/dates';
import { ApplicationError, CurrentPrincipal, familyOf, Principal, ProblemDetails, Roles, uuidParam } from '../../../platform/http';
import { Actor, BookingService } from '../application/booking.service';
import { CatalogueService } from '../application/catalogue.service';
import { EnrolmentService } from '../application/enrolment.service';
import { isoWeekBounds, monthBounds } from '../domain/calendar';
import { ruleLabel } from '../domain/deadline';
import { BatchRequest, CalendarQuery, HistoryQuery } from './dto/booking.requests';
import { CalendarResponse, ReservationResponse } from './dto/booking.responses';
import { EnrolRequest, SchoolYearQuery } from './dto/catalogue.requests';
import { CatalogueResponse, ChildEnrolmentsResponse, EnrolmentResponse, toCatalogueService } from './dto/catalogue.responses';

const BATCH_DOC =
  '`book` and `cancel` take chosen `dates`, or a pattern: every opening day of the period (or of `from`–`to`, e.g. the week shown) whose ' +
  'weekday is in `weekdays`. Days named by date that cannot be changed make the whole batch fail (422, one error per day); a pattern ' +
  'skips them. Before the deadline a change is accepted at once; after it, it is a request to staff. Hourly services take `slot` ' +
  '(the same slot on every day of `book`: copy and paste) or `slots` (one per day). A full day refuses the batch (409 "complet") unless ' +
  '`waitlist` is true and the service has a waiting list.';

/** Parent-facing: the catalogue, enrolments, calendars, recap and validation of a batch, history. The family comes from the session. */
@ApiTags('reservations')
@ApiBearerAuth()
@Roles('guardian')
@Controller('reservations')
export class ReservationsController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly enrolments: EnrolmentService,
    private readonly booking: BookingService,
  ) {}

  @Get('catalogue')
  @ApiOperation({ summary: 'Establishments, their services and the booking periods not yet over' })
  @ApiOkResponse({ type: [CatalogueResponse] })
  async catalogueForGuardians(): Promise<CatalogueResponse[]> {
    return (await this.catalogue.catalogueForGuardians()).map((e) => ({ ...e, services: e.services.map(toCatalogueService) }));
  }

  @Get('children')
  @ApiOperation({ summary: "The family's children with the services each is enrolled in (a child not enrolled in a service is shown greyed for it)" })
  @ApiOkResponse({ type: [ChildEnrolmentsResponse] })
  children(@CurrentPrincipal() principal: Principal, @Query() query: SchoolYearQuery): Promise<ChildEnrolmentsResponse[]> {
    return this.enrolments.forFamily(familyOf(principal), query.schoolYear);
  }

  @Post('enrolments')
  @ApiOperation({ summary: 'Enrols a child in a service for a school year; refused with what is missing when the family file is incomplete for it' })
  @ApiCreatedResponse({ type: EnrolmentResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails, description: 'reservations.file-incomplete: errors[] lists what the file lacks' })
  enrol(@CurrentPrincipal() principal: Principal, @Body() body: EnrolRequest): Promise<EnrolmentResponse> {
    return this.enrolments.enrol(principal, familyOf(principal), body.childId, body.serviceId, body.schoolYear);
  }

  @Get('calendar')
  @ApiOperation({ summary: "A child's calendar for a service and period, by month (`month`), week (`week`) or span (`from`, `to`): each day's state and what a click would do" })
  @ApiOkResponse({ type: CalendarResponse })
  async calendar(@CurrentPrincipal() principal: Principal, @Query() query: CalendarQuery): Promise<CalendarResponse> {
    const { from, to } = query.month ? monthBounds(query.month) : query.week ? isoWeekBounds(query.week) : spanOf(query);
    const { days, enrolledYears } = await this.booking.calendar(familyOf(principal), { ...query, from, to });
    const period = await this.catalogue.period(query.periodId);
    return { childId: query.childId, serviceId: query.serviceId, periodId: query.periodId, from, to, deadlineLabel: ruleLabel(period.deadline), enrolledYears, days };
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'The recap of a batch: what validating it now would do, day by day (nothing is recorded)', description: BATCH_DOC })
  @ApiOkResponse({ type: ReservationResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails })
  preview(@CurrentPrincipal() principal: Principal, @Body() body: BatchRequest): Promise<ReservationResponse> {
    return this.booking.preview(actorOf(principal), body);
  }

  @Post()
  @ApiOperation({ summary: 'Validates a batch of bookings and cancellations: one reservation, with its number and state', description: BATCH_DOC })
  @ApiCreatedResponse({ type: ReservationResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'reservations.full: "complet", with the full days; nothing recorded' })
  submit(@CurrentPrincipal() principal: Principal, @Body() body: BatchRequest): Promise<ReservationResponse> {
    return this.booking.submit(actorOf(principal), body);
  }

  @Get()
  @ApiOperation({ summary: 'History of the reservations of the family (or of one child), newest first, with their state' })
  @ApiOkResponse({ type: [ReservationResponse] })
  history(@CurrentPrincipal() principal: Principal, @Query() query: HistoryQuery): Promise<ReservationResponse[]> {
    return this.booking.history(familyOf(principal), { childId: query.childId, limit: query.limit ?? 50, offset: query.offset ?? 0 });
  }

  @Get(':reservationId')
  @ApiOperation({ summary: 'One reservation with its days, their state and, for refused days, the reason' })
  @ApiOkResponse({ type: ReservationResponse })
  async reservation(@CurrentPrincipal() principal: Principal, @Param('reservationId', uuidParam) id: string): Promise<ReservationResponse> {
    const { familyId: _, ...view } = await this.booking.reservation(familyOf(principal), id);
    return view;
  }
}

function actorOf(principal: Principal): Actor {
  return { accountId: principal.accountId, role: principal.role, familyId: familyOf(principal) };
}

function spanOf(query: CalendarQuery): { from: string; to: string } {
  if (query.from && query.to) return { from: query.from, to: query.to };
  if (query.from || query.to) throw new ApplicationError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', [{ field: query.from ? 'to' : 'from', message: 'indiquez le début et la fin' }]);
  return monthBounds(todayInParis().slice(0, 7));
}
