import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, ProblemDetails, Roles, uuidParam } from '../../../platform/http';
import { BillingRunService } from '../application/billing-run.service';
import { InvoiceDetail, InvoicesService, InvoiceView } from '../application/invoices.service';
import { RunSummary } from '../infrastructure/invoice.repository';
import { SetupService } from '../application/setup.service';
import { CreateOfficeRequest, PriceRequest, RuleRequest, RulesQuery, RunRequest, RunsQuery, StaffInvoicesQuery, UpdateOfficeRequest } from './dto/billing.requests';
import { InvoiceDetailResponse, InvoiceResponse, OfficeResponse, PriceResponse, RuleResponse, RunResponse, RunSummaryResponse } from './dto/billing.responses';

/** Back-office: billing offices (régies), billing rules and prices of services, billing runs, invoices. */
@ApiTags('back-office: billing')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('staff/billing')
export class StaffBillingController {
  constructor(
    private readonly setup: SetupService,
    private readonly runs: BillingRunService,
    private readonly invoices: InvoicesService,
  ) {}

  @Post('offices')
  @ApiOperation({ summary: 'Creates a billing office (régie): its code (invoice numbers), the establishments it bills, due delay, reminders, issuer for the PDF' })
  @ApiCreatedResponse({ type: OfficeResponse })
  createOffice(@Body() body: CreateOfficeRequest): Promise<OfficeResponse> {
    return this.setup.createOffice({
      code: body.code,
      name: body.name,
      establishmentIds: body.establishmentIds,
      dueDays: body.dueDays ?? 30,
      reminderDays: body.reminderDays ?? [15, 45],
      paymentLockMinutes: body.paymentLockMinutes ?? 30,
      issuer: { legalName: body.issuer.legalName, address: body.issuer.address, siret: body.issuer.siret ?? null, email: body.issuer.email ?? null, phone: body.issuer.phone ?? null },
      paymentInstructions: body.paymentInstructions ?? null,
    });
  }

  @Get('offices')
  @ApiOkResponse({ type: [OfficeResponse] })
  offices(): Promise<OfficeResponse[]> {
    return this.setup.listOffices();
  }

  @Get('offices/:id')
  @ApiOkResponse({ type: OfficeResponse })
  office(@Param('id', uuidParam) id: string): Promise<OfficeResponse> {
    return this.setup.office(id);
  }

  @Patch('offices/:id')
  @ApiOperation({ summary: 'Changes an office; absent fields are kept (its code never changes)' })
  @ApiOkResponse({ type: OfficeResponse })
  updateOffice(@Param('id', uuidParam) id: string, @Body() body: UpdateOfficeRequest): Promise<OfficeResponse> {
    return this.setup.updateOffice(id, body);
  }

  @Put('services/:serviceId/rule')
  @ApiOperation({ summary: 'How an office bills a reservations service: unit of its prices, booked or attended days, surcharges' })
  @ApiOkResponse({ type: RuleResponse })
  setRule(@Param('serviceId', uuidParam) serviceId: string, @Body() body: RuleRequest): Promise<RuleResponse> {
    return this.setup.setRule(serviceId, {
      officeId: body.officeId,
      label: body.label,
      unit: body.unit,
      basis: body.basis,
      unbookedPresenceSurchargeCents: body.unbookedPresenceSurchargeCents ?? 0,
      unexcusedAbsenceSurchargeCents: body.unexcusedAbsenceSurchargeCents ?? 0,
    });
  }

  @Get('rules')
  @ApiOkResponse({ type: [RuleResponse] })
  rules(@Query() query: RulesQuery): Promise<RuleResponse[]> {
    return this.setup.rules(query.officeId);
  }

  @Post('services/:serviceId/prices')
  @ApiOperation({ summary: 'Adds a price of a service for a family-quotient bracket and validity dates (no overlap with another price)' })
  @ApiCreatedResponse({ type: [PriceResponse] })
  addPrice(@CurrentPrincipal() actor: Principal, @Param('serviceId', uuidParam) serviceId: string, @Body() body: PriceRequest): Promise<PriceResponse[]> {
    return this.setup.addPrice(serviceId, { quotientMin: body.quotientMin ?? 0, quotientMax: body.quotientMax ?? null, amountCents: body.amountCents, validFrom: body.validFrom, validTo: body.validTo ?? null }, actor.accountId);
  }

  @Get('services/:serviceId/prices')
  @ApiOkResponse({ type: [PriceResponse] })
  prices(@Param('serviceId', uuidParam) serviceId: string): Promise<PriceResponse[]> {
    return this.setup.prices(serviceId);
  }

  @Delete('services/:serviceId/prices/:priceId')
  @HttpCode(204)
  @ApiNoContentResponse()
  async removePrice(@Param('serviceId', uuidParam) serviceId: string, @Param('priceId', uuidParam) priceId: string): Promise<void> {
    await this.setup.removePrice(serviceId, priceId);
  }

  @Post('runs')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Runs the billing of an office over a period: one invoice per family, one line per child, service and unit price',
    description:
      'What each unit owes (a booked or attended day priced with the family quotient in force that day, surcharges) minus what was already billed for it: ' +
      'running again bills only what changed. `dryRun: true` gives the totals and records nothing. Units without a price refuse the run (422), naming them.',
  })
  @ApiOkResponse({ type: RunResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails })
  run(@CurrentPrincipal() actor: Principal, @Body() body: RunRequest): Promise<RunResponse> {
    return this.runs.run(actor.accountId, { ...body, dryRun: body.dryRun ?? false });
  }

  @Get('runs')
  @ApiOperation({ summary: 'Billing runs that issued invoices, newest first (their invoices: GET invoices?runId=)' })
  @ApiOkResponse({ type: [RunSummaryResponse] })
  runList(@Query() query: RunsQuery): Promise<RunSummary[]> {
    return this.invoices.runs({ officeId: query.officeId, limit: query.limit ?? 50, offset: query.offset ?? 0 });
  }

  @Get('invoices')
  @ApiOperation({ summary: 'Invoices, newest first: of an office, of a family, of a run, open, overdue, paid or cancelled' })
  @ApiOkResponse({ type: [InvoiceResponse] })
  list(@Query() query: StaffInvoicesQuery): Promise<InvoiceView[]> {
    return this.invoices.list({ ...query, limit: query.limit ?? 50, offset: query.offset ?? 0 });
  }

  @Get('invoices/:id')
  @ApiOkResponse({ type: InvoiceDetailResponse })
  invoice(@Param('id', uuidParam) id: string): Promise<InvoiceDetail> {
    return this.invoices.detail(id);
  }
}
