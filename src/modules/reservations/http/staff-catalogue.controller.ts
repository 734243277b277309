import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApplicationError, CurrentPrincipal, Principal, ProblemDetails, Roles, uuidParam } from '../../../platform/http';
import { CatalogueService } from '../application/catalogue.service';
import {
  CreateClosureRequest,
  CreateEstablishmentRequest,
  CreatePeriodRequest,
  CreateServiceRequest,
  FromQuery,
  ImportQuery,
  PeriodsQuery,
  SchoolHolidaysQuery,
  ServicesQuery,
  UpdateEstablishmentRequest,
  UpdatePeriodRequest,
  UpdateServiceRequest,
} from './dto/catalogue.requests';
import {
  ClosureResponse,
  EstablishmentResponse,
  PeriodResponse,
  SchoolCalendarImportResponse,
  SchoolHolidayResponse,
  ServiceResponse,
  toPeriodResponse,
} from './dto/catalogue.responses';

/** Back-office: what families can book — establishments, services, booking periods and deadlines, closures, school holidays. */
@ApiTags('back-office: reservations catalogue')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('staff')
export class StaffCatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Post('establishments')
  @ApiOperation({ summary: 'Creates an establishment (school, nursery, leisure centre) with its time zone and school-holiday zone' })
  @ApiCreatedResponse({ type: EstablishmentResponse })
  createEstablishment(@Body() body: CreateEstablishmentRequest): Promise<EstablishmentResponse> {
    return this.catalogue.createEstablishment({ name: body.name, kind: body.kind, address: body.address ?? null, timeZone: body.timeZone ?? 'Europe/Paris', holidayZone: body.holidayZone, alsaceMoselle: body.alsaceMoselle ?? false });
  }

  @Get('establishments')
  @ApiOperation({ summary: 'All establishments, active or not' })
  @ApiOkResponse({ type: [EstablishmentResponse] })
  establishments(): Promise<EstablishmentResponse[]> {
    return this.catalogue.establishments(false);
  }

  @Get('establishments/:id')
  @ApiOkResponse({ type: EstablishmentResponse })
  establishment(@Param('id', uuidParam) id: string): Promise<EstablishmentResponse> {
    return this.catalogue.establishment(id);
  }

  @Patch('establishments/:id')
  @ApiOperation({ summary: 'Changes an establishment; absent fields are kept' })
  @ApiOkResponse({ type: EstablishmentResponse })
  updateEstablishment(@Param('id', uuidParam) id: string, @Body() body: UpdateEstablishmentRequest): Promise<EstablishmentResponse> {
    return this.catalogue.updateEstablishment(id, body);
  }

  @Post('establishments/:id/services')
  @ApiOperation({ summary: 'Adds a service: kind, unit, capacity, opening weekdays and hours, school calendar, waiting list' })
  @ApiCreatedResponse({ type: ServiceResponse })
  createService(@Param('id', uuidParam) id: string, @Body() body: CreateServiceRequest): Promise<ServiceResponse> {
    return this.catalogue.createService(id, {
      kind: body.kind,
      label: body.label,
      unit: body.unit,
      capacity: body.capacity ?? null,
      weekdays: body.weekdays,
      opensAt: body.opensAt ?? null,
      closesAt: body.closesAt ?? null,
      slotMinutes: body.slotMinutes ?? null,
      followsSchoolCalendar: body.followsSchoolCalendar ?? true,
      waitlist: body.waitlist ?? false,
      active: true,
    });
  }

  @Get('services')
  @ApiOkResponse({ type: [ServiceResponse] })
  services(@Query() query: ServicesQuery): Promise<ServiceResponse[]> {
    return this.catalogue.services(query.establishmentId, false);
  }

  @Patch('services/:id')
  @ApiOperation({ summary: 'Changes a service (its kind and unit never change); absent fields are kept' })
  @ApiOkResponse({ type: ServiceResponse })
  updateService(@Param('id', uuidParam) id: string, @Body() body: UpdateServiceRequest): Promise<ServiceResponse> {
    return this.catalogue.updateService(id, body);
  }

  @Post('services/:id/periods')
  @ApiOperation({
    summary: 'Opens a booking period for a service, with its deadline rule',
    description:
      'Deadline ("délai de prévenance") and cut-off are read on the establishment\'s clock: {"daysBefore":2,"at":"18:00"} = "J-2 à 18:00", ' +
      '{"hoursBefore":72} = "72 heures avant" the day starts. Before the deadline a booking or a cancellation is accepted at once; ' +
      'after it and until the cut-off (default: the day starts) it is a request that staff accept or refuse; past the cut-off it is refused.',
  })
  @ApiCreatedResponse({ type: PeriodResponse })
  async createPeriod(@CurrentPrincipal() actor: Principal, @Param('id', uuidParam) id: string, @Body() body: CreatePeriodRequest): Promise<PeriodResponse> {
    return toPeriodResponse(await this.catalogue.createPeriod(id, body, actor.accountId));
  }

  @Get('booking-periods')
  @ApiOkResponse({ type: [PeriodResponse] })
  async periods(@Query() query: PeriodsQuery): Promise<PeriodResponse[]> {
    return (await this.catalogue.periods(query)).map(toPeriodResponse);
  }

  @Patch('booking-periods/:id')
  @ApiOperation({ summary: 'Changes a booking period; absent fields are kept, `cutoff: null` goes back to "until the day starts"' })
  @ApiOkResponse({ type: PeriodResponse })
  async updatePeriod(@Param('id', uuidParam) id: string, @Body() body: UpdatePeriodRequest): Promise<PeriodResponse> {
    return toPeriodResponse(await this.catalogue.updatePeriod(id, body));
  }

  @Post('establishments/:id/closures')
  @ApiOperation({ summary: 'Closes the establishment (or one service) on a day or a span of days: nobody can book them' })
  @ApiCreatedResponse({ type: [ClosureResponse] })
  addClosure(@CurrentPrincipal() actor: Principal, @Param('id', uuidParam) id: string, @Body() body: CreateClosureRequest): Promise<ClosureResponse[]> {
    return this.catalogue.addClosure({ establishmentId: id, serviceId: body.serviceId ?? null, startsOn: body.startsOn, endsOn: body.endsOn ?? body.startsOn, label: body.label }, actor.accountId);
  }

  @Get('establishments/:id/closures')
  @ApiOkResponse({ type: [ClosureResponse] })
  closures(@Param('id', uuidParam) id: string, @Query() query: FromQuery): Promise<ClosureResponse[]> {
    return this.catalogue.closures(id, query.from);
  }

  @Delete('establishments/:id/closures/:closureId')
  @HttpCode(204)
  @ApiNoContentResponse()
  async removeClosure(@Param('id', uuidParam) id: string, @Param('closureId', uuidParam) closureId: string): Promise<void> {
    await this.catalogue.removeClosure(id, closureId);
  }

  @Post('school-holidays/import')
  @HttpCode(200)
  @ApiOperation({
    summary: "Imports the ministry's school calendar (CSV of data.education.gouv.fr, dataset fr-en-calendrier-scolaire)",
    description:
      'Columns `Description;Population;Date de début;Date de fin;Zones;annee_scolaire` (others ignored; `;` or `,`). The zones and school years ' +
      'of the file replace those on record; lines for teachers only are left out. All or nothing: a 422 lists the faulty lines. `dryRun=true` checks only.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'Description;Population;Date de début;Date de fin;Zones;annee_scolaire\nVacances de Noël;-;2026-12-18T23:00:00+00:00;2027-01-03T23:00:00+00:00;Zone B;2026-2027' } })
  @ApiOkResponse({ type: SchoolCalendarImportResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails })
  importSchoolHolidays(@Body() body: unknown, @Query() query: ImportQuery): Promise<SchoolCalendarImportResponse> {
    if (typeof body !== 'string') throw new ApplicationError('invalid', 'reservations.import-not-csv', 'Envoyez le fichier CSV tel quel, avec l’en-tête Content-Type: text/csv.');
    return this.catalogue.importSchoolHolidays(body, query.dryRun ?? false);
  }

  @Get('school-holidays')
  @ApiOkResponse({ type: [SchoolHolidayResponse] })
  schoolHolidays(@Query() query: SchoolHolidaysQuery): Promise<SchoolHolidayResponse[]> {
    return this.catalogue.schoolHolidays(query.zone, query.from);
  }
}
