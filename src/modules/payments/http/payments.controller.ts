import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, familyOf, Principal, ProblemDetails, Roles, uuidParam } from '../../../platform/http';
import { PaymentOutcomeService } from '../application/payment-outcome.service';
import { PaymentPreview, PaymentStartService, StartedPayment } from '../application/payment-start.service';
import { PaymentView, PaymentViewsService } from '../application/payment-views.service';
import { PaymentRequest } from './dto/payments.requests';
import { PaymentPreviewResponse, PaymentViewResponse, StartedPaymentResponse } from './dto/payments.responses';

/** Parent-facing: pay invoices or a registration online, follow the outcome, "Mes paiements". The family comes from the session. */
@ApiTags('payments')
@ApiBearerAuth()
@Roles('guardian')
@Controller('payments')
export class PaymentsController {
  constructor(
    private readonly starts: PaymentStartService,
    private readonly outcome: PaymentOutcomeService,
    private readonly views: PaymentViewsService,
  ) {}

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'The recap before paying: invoice numbers, labels, amounts and the total debited (nothing is recorded)' })
  @ApiOkResponse({ type: PaymentPreviewResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'a payment is pending for one of them: "Un paiement est en cours…"' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails })
  preview(@CurrentPrincipal() principal: Principal, @Body() body: PaymentRequest): Promise<PaymentPreview> {
    return this.starts.preview(principal, body);
  }

  @Post()
  @ApiOperation({
    summary: 'Starts a payment and gives the address of the platform’s payment page',
    description:
      'One invoice with a chosen amount (at most its remaining due), several invoices of one office each paid in full, or a held term-activity registration. ' +
      'Refused (422) without a confirmed e-mail address; 409 while a payment is pending for one of them (with `pendingTransactionId` and `retryAfter`).',
  })
  @ApiCreatedResponse({ type: StartedPaymentResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails })
  @ApiServiceUnavailableResponse({ type: ProblemDetails })
  start(@CurrentPrincipal() principal: Principal, @Body() body: PaymentRequest): Promise<StartedPayment> {
    return this.starts.start(principal, body);
  }

  @Get()
  @ApiOperation({ summary: '"Mes paiements": the family’s payments of the last 12 months, newest first, with their state' })
  @ApiOkResponse({ type: [PaymentViewResponse] })
  history(@CurrentPrincipal() principal: Principal): Promise<PaymentView[]> {
    return this.views.history(familyOf(principal));
  }

  @Get(':transactionId')
  @ApiOperation({ summary: 'One payment (the outcome page): its state and, once accepted, the payment ticket' })
  @ApiOkResponse({ type: PaymentViewResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  one(@CurrentPrincipal() principal: Principal, @Param('transactionId', uuidParam) id: string): Promise<PaymentView> {
    return this.views.forFamily(familyOf(principal), id);
  }

  @Post(':transactionId/check')
  @HttpCode(200)
  @ApiOperation({ summary: '"Vérifier le statut": asks the payment platform about a pending payment, then answers as GET' })
  @ApiOkResponse({ type: PaymentViewResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async check(@CurrentPrincipal() principal: Principal, @Param('transactionId', uuidParam) id: string): Promise<PaymentView> {
    const familyId = familyOf(principal);
    const mine = await this.views.forFamily(familyId, id);
    if (mine.state === 'pending') await this.outcome.check(id, 'guardian', principal.accountId);
    return this.views.forFamily(familyId, id);
  }
}
