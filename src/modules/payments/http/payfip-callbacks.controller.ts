import { Body, Controller, Get, Header, HttpCode, Post, Query, Redirect } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../platform/http';
import { PaymentOutcomeService } from '../application/payment-outcome.service';

/** The paths PayFiP posts forms to (application/x-www-form-urlencoded is accepted there only). */
export const PAYFIP_FORM_PATHS = ['/api/payments/payfip/notification', '/api/payments/payfip/return'];

const fieldsOf = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/**
 * What the payment platform calls: its server-to-server notification and the browser's return.
 * Public (PayFiP has no session, the browser comes back from another site) and trusted for nothing:
 * both only name an operation, which is then asked about (`recupererDetailPaiementSecurise`).
 */
@ApiTags('payments: PayFiP')
@Public()
@Controller('payments/payfip')
export class PayfipCallbacksController {
  constructor(private readonly outcome: PaymentOutcomeService) {}

  @Post('notification')
  @HttpCode(200)
  @Header('content-type', 'text/plain; charset=utf-8')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'PayFiP’s notification (form field `idOp`): a mere trigger; answered 200 at once, the platform is then asked. An unknown operation changes nothing.' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ schema: { type: 'object', properties: { idOp: { type: 'string' } } } })
  @ApiOkResponse({ description: 'always' })
  notification(@Body() body: unknown): string {
    this.outcome.notified(fieldsOf(body));
    return 'OK';
  }

  @Get('return')
  @Redirect(undefined, 303)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'The browser back from PayFiP (`idOp` in the query): asks the platform, then 303 to the outcome page `${PUBLIC_URL}/paiements/{transactionId}`' })
  @ApiQuery({ name: 'idOp', required: false })
  @ApiResponse({ status: 303, description: 'to the outcome page' })
  async returnGet(@Query() query: unknown): Promise<{ url: string; statusCode: number }> {
    return { url: await this.outcome.returned(fieldsOf(query)), statusCode: 303 };
  }

  @Post('return')
  @Redirect(undefined, 303)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'The browser back from PayFiP (form field `idOp`, auto-submitted): asks the platform, then 303 to the outcome page' })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ schema: { type: 'object', properties: { idOp: { type: 'string' } } } })
  @ApiResponse({ status: 303, description: 'to the outcome page' })
  async returnPost(@Body() body: unknown, @Query() query: unknown): Promise<{ url: string; statusCode: number }> {
    const fields = { ...fieldsOf(query), ...fieldsOf(body) };
    return { url: await this.outcome.returned(fields), statusCode: 303 };
  }
}
