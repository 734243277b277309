import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { todayInParis } from '../../../platform/dates';
import { CurrentPrincipal, familyOf, Principal, Roles } from '../../../platform/http';
import { BalanceService, BalanceView, PaymentView } from '../application/balance.service';
import { BalanceQuery, PaymentsQuery } from './dto/money.requests';
import { BalanceResponse, PaymentResponse } from './dto/money.responses';

/** Parent-facing: the family's balance and its payments ("Mes factures & paiements"); the family comes from the session. */
@ApiTags('billing')
@ApiBearerAuth()
@Roles('guardian')
@Controller('billing')
export class MoneyController {
  constructor(private readonly balances: BalanceService) {}

  @Get('balance')
  @ApiOperation({ summary: 'What the family owes or has in credit (today, or at the end of a past day), its open invoices, its credit and its movements' })
  @ApiOkResponse({ type: BalanceResponse })
  balance(@CurrentPrincipal() principal: Principal, @Query() query: BalanceQuery): Promise<BalanceView> {
    return this.balances.balance(familyOf(principal), query.at ?? todayInParis(), false);
  }

  @Get('payments')
  @ApiOperation({ summary: 'The family’s payments ("paiements effectués"), newest first, with the invoices each paid' })
  @ApiOkResponse({ type: [PaymentResponse] })
  payments(@CurrentPrincipal() principal: Principal, @Query() query: PaymentsQuery): Promise<PaymentView[]> {
    return this.balances.payments(familyOf(principal), query.limit ?? 50, query.offset ?? 0);
  }
}
