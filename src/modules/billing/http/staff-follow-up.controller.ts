import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ProblemDetails, Roles, uuidParam } from '../../../platform/http';
import { ExportKind, ExportsService } from '../application/exports.service';
import { InvoicePdfService } from '../application/invoice-pdf.service';
import { UnpaidList, UnpaidService } from '../application/unpaid.service';
import { ExportQuery, UnpaidQuery } from './dto/follow-up.requests';
import { ReconciliationResponse, UnpaidListResponse } from './dto/follow-up.responses';
import { sendPdf } from './invoice-documents.controller';

const CSV = { schema: { type: 'string', format: 'binary' }, description: 'CSV for a spreadsheet: UTF-8 with BOM, `;`, French headers and decimals, a totals line' };

/** Back-office: invoice PDFs, the unpaid follow-up, the accounting exports and their reconciliation. */
@ApiTags('back-office: billing')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('staff/billing')
export class StaffFollowUpController {
  constructor(
    private readonly pdfs: InvoicePdfService,
    private readonly unpaidInvoices: UnpaidService,
    private readonly exports: ExportsService,
  ) {}

  @Get('invoices/:id/pdf')
  @ApiOperation({ summary: 'An invoice as a PDF, as the family gets it' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async pdf(@Param('id', uuidParam) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return sendPdf(reply, await this.pdfs.pdf(id));
  }

  @Get('unpaid')
  @ApiOperation({ summary: 'An office’s unpaid invoices, oldest due first: what remains due, days overdue, reminders sent' })
  @ApiOkResponse({ type: UnpaidListResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  unpaid(@Query() query: UnpaidQuery): Promise<UnpaidList> {
    return this.unpaidInvoices.list({ officeId: query.officeId, overdueOnly: query.overdueOnly ?? false, limit: query.limit ?? 200, offset: query.offset ?? 0 });
  }

  @Get('exports/invoices')
  @ApiOperation({ summary: 'Invoices issued in the period (CSV): amounts, settled, remaining due, state' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  invoicesCsv(@Query() query: ExportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return this.csv('invoices', query, reply);
  }

  @Get('exports/payments')
  @ApiOperation({ summary: 'Payments received in the period (CSV): method, reference, allocated to invoices, left as the family’s credit' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  paymentsCsv(@Query() query: ExportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return this.csv('payments', query, reply);
  }

  @Get('exports/credit-notes')
  @ApiOperation({ summary: 'Credit notes made in the period (CSV): the invoice, the amount, whether it cancels it, the reason' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  creditNotesCsv(@Query() query: ExportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return this.csv('credit-notes', query, reply);
  }

  @Get('exports/unpaid')
  @ApiOperation({ summary: 'For the public accountant: invoices of the period still unpaid (CSV), with the debtors’ address, days overdue, reminders' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  unpaidCsv(@Query() query: ExportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return this.csv('unpaid', query, reply);
  }

  @Get('exports/reconciliation')
  @ApiOperation({
    summary: 'Reconciles the period: invoices − credit notes − payments against the change of the sum of the families’ balances',
    description: 'Balances are computed the other way round (what invoices still owe, less what payments and credit notes hold unallocated); `reconciled` is true when both agree.',
  })
  @ApiOkResponse({ type: ReconciliationResponse })
  reconciliation(@Query() query: ExportQuery): Promise<ReconciliationResponse> {
    return this.exports.reconciliation(query);
  }

  private async csv(kind: ExportKind, query: ExportQuery, reply: FastifyReply): Promise<Buffer> {
    const file = await this.exports.csv(kind, query);
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${file.filename}"`);
    reply.header('cache-control', 'no-store');
    return file.content;
  }
}
