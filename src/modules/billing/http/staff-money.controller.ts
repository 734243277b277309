import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { todayInParis } from '../../../platform/dates';
import { CurrentPrincipal, Principal, ProblemDetails, Roles, uuidParam } from '../../../platform/http';
import { BalanceService, BalanceView, CreditNoteView, PaymentView, RefundDueView, RefundView } from '../application/balance.service';
import { CreditNotesService } from '../application/credit-notes.service';
import { PaymentsService } from '../application/payments.service';
import { RefundsService } from '../application/refunds.service';
import { BalanceQuery, CancelInvoiceRequest, CreditNoteRequest, ManualPaymentRequest, PaymentsQuery, RefundRequest, RefundsDueQuery } from './dto/money.requests';
import { BalanceResponse, CancellationResponse, CreditNoteResponse, PaymentResponse, RefundDueResponse, RefundResponse } from './dto/money.responses';

/** Back-office: payments received, credit notes and cancellations, a family's balance at a date, refunds. */
@ApiTags('back-office: billing')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('staff/billing')
export class StaffMoneyController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly creditNotes: CreditNotesService,
    private readonly refunds: RefundsService,
    private readonly balances: BalanceService,
  ) {}

  @Post('payments')
  @ApiOperation({
    summary: 'Records a payment received (cash, cheque, transfer, CESU, card…) and allocates it',
    description:
      'To the invoices given, in that order, or else to the family’s open invoices, oldest first; never beyond what each still owes. ' +
      'What is left is a family credit, used on its next invoices.',
  })
  @ApiCreatedResponse({ type: PaymentResponse })
  async recordPayment(@CurrentPrincipal() actor: Principal, @Body() body: ManualPaymentRequest): Promise<PaymentView> {
    const id = await this.payments.recordManual(actor.accountId, {
      familyId: body.familyId,
      amountCents: body.amountCents,
      method: body.method,
      reference: body.reference ?? null,
      receivedOn: body.receivedOn,
      officeId: body.officeId ?? null,
      invoiceIds: body.invoiceIds ?? null,
    });
    return this.balances.payment(id);
  }

  @Get('payments/:id')
  @ApiOkResponse({ type: PaymentResponse })
  payment(@Param('id', uuidParam) id: string): Promise<PaymentView> {
    return this.balances.payment(id);
  }

  @Get('families/:familyId/payments')
  @ApiOperation({ summary: 'The family’s payments, newest first, with the invoices each paid and what is left of it' })
  @ApiOkResponse({ type: [PaymentResponse] })
  familyPayments(@Param('familyId', uuidParam) familyId: string, @Query() query: PaymentsQuery): Promise<PaymentView[]> {
    return this.balances.payments(familyId, query.limit ?? 50, query.offset ?? 0);
  }

  @Get('families/:familyId/balance')
  @ApiOperation({
    summary: 'The family’s balance at the end of a day: invoices − credit notes − payments + refunds, its open invoices, its credit, its movements',
    description: 'The balance always equals what the open invoices still owe minus the credit.',
  })
  @ApiOkResponse({ type: BalanceResponse })
  balance(@Param('familyId', uuidParam) familyId: string, @Query() query: BalanceQuery): Promise<BalanceView> {
    return this.balances.balance(familyId, query.at ?? todayInParis(), true);
  }

  @Post('invoices/:id/credit-notes')
  @ApiOperation({
    summary: 'A credit note correcting an invoice, with its reason',
    description: 'At most the invoice’s total minus its earlier credit notes; it settles what the invoice still owes first, the rest becomes a family credit.',
  })
  @ApiCreatedResponse({ type: CreditNoteResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'the invoice is cancelled' })
  async creditNote(@CurrentPrincipal() actor: Principal, @Param('id', uuidParam) id: string, @Body() body: CreditNoteRequest): Promise<CreditNoteView> {
    const { creditNoteId } = await this.creditNotes.correct(actor.accountId, id, body.amountCents, body.reason);
    return this.balances.creditNote(creditNoteId);
  }

  @Post('invoices/:id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancels an invoice: it keeps its number and gets a credit note of what it was not yet credited',
    description: 'What was paid on it becomes a family credit; the units it billed go back to be billed again by the next run.',
  })
  @ApiOkResponse({ type: CancellationResponse })
  @ApiConflictResponse({ type: ProblemDetails, description: 'already cancelled, or already credited in full' })
  async cancel(@CurrentPrincipal() actor: Principal, @Param('id', uuidParam) id: string, @Body() body: CancelInvoiceRequest): Promise<{ creditNote: CreditNoteView; unitsReversed: number }> {
    const { creditNoteId, unitsReversed } = await this.creditNotes.cancel(actor.accountId, id, body.reason);
    return { creditNote: await this.balances.creditNote(creditNoteId), unitsReversed };
  }

  @Get('credit-notes/:id')
  @ApiOkResponse({ type: CreditNoteResponse })
  creditNoteById(@Param('id', uuidParam) id: string): Promise<CreditNoteView> {
    return this.balances.creditNote(id);
  }

  @Get('refunds-due')
  @ApiOperation({ summary: 'Online payments due back to families (registration places gone, or paid twice) that still hold money, oldest first' })
  @ApiOkResponse({ type: [RefundDueResponse] })
  refundsDue(@Query() query: RefundsDueQuery): Promise<RefundDueView[]> {
    return this.balances.refundsDue(query.familyId ?? null, query.limit ?? 50, query.offset ?? 0);
  }

  @Post('refunds')
  @ApiOperation({ summary: 'Records money given back to a family out of a payment or a credit note not used (at most what is left of it)' })
  @ApiCreatedResponse({ type: RefundResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails })
  async refund(@CurrentPrincipal() actor: Principal, @Body() body: RefundRequest): Promise<RefundView> {
    const id = await this.refunds.record(actor.accountId, {
      paymentId: body.paymentId ?? null,
      creditNoteId: body.creditNoteId ?? null,
      amountCents: body.amountCents,
      method: body.method,
      reference: body.reference ?? null,
      refundedOn: body.refundedOn,
      reason: body.reason,
    });
    return this.balances.refund(id);
  }
}
