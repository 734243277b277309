import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, familyOf, Principal, ProblemDetails, Roles, uuidParam } from '../../../platform/http';
import { InvoicePdf, InvoicePdfService } from '../application/invoice-pdf.service';

/** Sends an invoice's PDF as a download. */
export function sendPdf(reply: FastifyReply, { number, pdf }: InvoicePdf): Buffer {
  reply.header('content-type', 'application/pdf');
  reply.header('content-disposition', `attachment; filename="facture-${number}.pdf"`);
  // a family's name and address: not for shared caches
  reply.header('cache-control', 'private, no-store');
  return pdf;
}

/** Parent-facing: an invoice of the family as a PDF to download and print. */
@ApiTags('billing')
@ApiBearerAuth()
@Roles('guardian')
@Controller('billing/invoices')
export class InvoiceDocumentsController {
  constructor(private readonly pdfs: InvoicePdfService) {}

  @Get(':invoiceId/pdf')
  @ApiOperation({
    summary: 'The invoice as a PDF (French): issuer, family, lines, total, paid, remaining due, how to pay, legal mentions',
    description: 'Drawn on the first download and kept; drawn again when what it shows changed (a payment, a credit note, an address).',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async pdf(@CurrentPrincipal() principal: Principal, @Param('invoiceId', uuidParam) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return sendPdf(reply, await this.pdfs.pdf(id, familyOf(principal)));
  }
}
