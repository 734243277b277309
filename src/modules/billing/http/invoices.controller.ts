import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, familyOf, Principal, Roles, uuidParam } from '../../../platform/http';
import { InvoiceDetail, InvoicesService, InvoiceView } from '../application/invoices.service';
import { InvoicesQuery } from './dto/billing.requests';
import { InvoiceDetailResponse, InvoiceResponse } from './dto/billing.responses';

/** Parent-facing: the family's invoices, paid and unpaid (the family comes from the session). */
@ApiTags('billing')
@ApiBearerAuth()
@Roles('guardian')
@Controller('billing/invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Get()
  @ApiOperation({ summary: 'The family’s invoices, newest first, with what remains due, their state and whether they can be paid online' })
  @ApiOkResponse({ type: [InvoiceResponse] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: InvoicesQuery): Promise<InvoiceView[]> {
    return this.invoices.list({ familyId: familyOf(principal), state: query.state, limit: query.limit ?? 50, offset: query.offset ?? 0 });
  }

  @Get(':invoiceId')
  @ApiOperation({ summary: 'One invoice with its lines (child, service, quantity, unit price, amount)' })
  @ApiOkResponse({ type: InvoiceDetailResponse })
  invoice(@CurrentPrincipal() principal: Principal, @Param('invoiceId', uuidParam) id: string): Promise<InvoiceDetail> {
    return this.invoices.detail(id, familyOf(principal));
  }
}
