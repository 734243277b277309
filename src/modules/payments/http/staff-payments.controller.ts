import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, ProblemDetails, Roles, uuidParam } from '../../../platform/http';
import { PaymentOutcomeService } from '../application/payment-outcome.service';
import { PaymentViewsService } from '../application/payment-views.service';
import { DailyTotalsQuery, OfficeSettingsRequest, TransactionsQuery } from './dto/payments.requests';
import { DailyTotalsResponse, OfficeSettingsResponse, StaffTransactionDetailResponse, TransactionsPageResponse } from './dto/payments.responses';

/** Back-office: PayFiP settings per billing office, and the reconciliation of online payments. */
@ApiTags('back-office: payments')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('staff/payments')
export class StaffPaymentsController {
  constructor(
    private readonly views: PaymentViewsService,
    private readonly outcome: PaymentOutcomeService,
  ) {}

  @Get('offices/:officeId')
  @ApiOperation({ summary: 'An office’s PayFiP settings (numcli null: its invoices are not paid online)' })
  @ApiOkResponse({ type: OfficeSettingsResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  office(@Param('officeId', uuidParam) officeId: string) {
    return this.views.officeSettings(officeId);
  }

  @Put('offices/:officeId')
  @ApiOperation({ summary: 'Sets an office’s PayFiP customer number and mode: its invoices can then be paid online' })
  @ApiOkResponse({ type: OfficeSettingsResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  putOffice(@CurrentPrincipal() actor: Principal, @Param('officeId', uuidParam) officeId: string, @Body() body: OfficeSettingsRequest) {
    return this.views.putOfficeSettings(officeId, body.numcli, body.mode, actor.accountId);
  }

  @Get('transactions')
  @ApiOperation({
    summary: 'Online payment attempts, newest first, by state, day, office, family; `mismatch=true`: the platform’s answer differed from ours; `stale=true`: pending beyond their lock',
  })
  @ApiOkResponse({ type: TransactionsPageResponse })
  transactions(@Query() q: TransactionsQuery) {
    return this.views.search({ ...q, limit: q.limit ?? 50, offset: q.offset ?? 0 });
  }

  @Get('transactions/:transactionId')
  @ApiOperation({ summary: 'One attempt with everything the platform said and every check made' })
  @ApiOkResponse({ type: StaffTransactionDetailResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  transaction(@Param('transactionId', uuidParam) id: string) {
    return this.views.forStaff(id);
  }

  @Post('transactions/:transactionId/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Asks the platform again (recorded with the staff account); a pending one may end, an ended one does not change' })
  @ApiOkResponse({ type: StaffTransactionDetailResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async check(@CurrentPrincipal() actor: Principal, @Param('transactionId', uuidParam) id: string) {
    await this.views.forStaff(id);
    await this.outcome.check(id, 'staff', actor.accountId);
    return this.views.forStaff(id);
  }

  @Get('daily-totals')
  @ApiOperation({ summary: 'Validated online payments per day (as the platform dated them, Paris) and office: to match the treasury’s remittances' })
  @ApiOkResponse({ type: DailyTotalsResponse })
  dailyTotals(@Query() q: DailyTotalsQuery) {
    return this.views.dailyTotals(q);
  }
}
