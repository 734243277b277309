import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal, ProblemDetails, Roles, uuidParam } from '../../../../platform/http';
import { DocumentsService } from '../application/documents.service';
import { SupportingDocuments } from '../application/supporting-documents';
import { todayInParis } from '../../../../platform/dates';
import { DocumentsError } from '../domain/documents.errors';
import { DOCUMENT_TYPES } from '../domain/file-signature';
import { AcceptDocumentRequest, ListDocumentsQuery, RejectDocumentRequest } from './dto/documents.requests';
import { DocumentResponse, FamilyDocumentsResponse, QueuedDocumentResponse, toDocumentResponse, toQueuedResponse } from './dto/documents.responses';
import { download } from './http-helpers';

/** Back-office: the review queue, any family's proofs, downloads (recorded), accept or reject. */
@ApiTags('back-office: supporting documents')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('staff')
export class StaffDocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly supporting: SupportingDocuments,
  ) {}

  @Get('documents')
  @ApiOperation({ summary: 'The documents in a state, with their family and child: `sent` (default) is the review queue, oldest first' })
  @ApiOkResponse({ type: [QueuedDocumentResponse] })
  async list(@Query() query: ListDocumentsQuery): Promise<QueuedDocumentResponse[]> {
    const today = todayInParis();
    return (await this.documents.list(query.status ?? 'sent', query.limit ?? 50, query.offset ?? 0)).map((d) => toQueuedResponse(d, today));
  }

  @Get('families/:familyId/documents')
  @ApiOperation({ summary: "A family's proofs, as its guardians see them" })
  @ApiOkResponse({ type: FamilyDocumentsResponse })
  async ofFamily(@Param('familyId', uuidParam) familyId: string): Promise<FamilyDocumentsResponse> {
    if (!(await this.documents.familyExists(familyId))) throw new DocumentsError('not_found', 'family-not-found', 'Famille introuvable.');
    return this.supporting.forFamily(familyId, todayInParis());
  }

  @Get('documents/:documentId/file')
  @ApiOperation({ summary: 'Downloads a file (each staff download is recorded)' })
  @ApiProduces(...DOCUMENT_TYPES)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async file(@CurrentPrincipal() actor: Principal, @Param('documentId', uuidParam) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const { document, content } = await this.documents.fileForStaff(id, actor.accountId);
    return download(reply, document, content);
  }

  @Post('documents/:documentId/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accepts a sent document, until `validUntil` (default: today plus the kind’s validity, or no expiry)' })
  @ApiOkResponse({ type: DocumentResponse })
  @ApiConflictResponse({ type: ProblemDetails, description: 'already reviewed' })
  async accept(@CurrentPrincipal() actor: Principal, @Param('documentId', uuidParam) id: string, @Body() body: AcceptDocumentRequest): Promise<DocumentResponse> {
    return toDocumentResponse(await this.documents.accept(id, actor.accountId, body.validUntil), todayInParis());
  }

  @Post('documents/:documentId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rejects a sent document; the guardian reads the reason' })
  @ApiOkResponse({ type: DocumentResponse })
  @ApiConflictResponse({ type: ProblemDetails, description: 'already reviewed' })
  async reject(@CurrentPrincipal() actor: Principal, @Param('documentId', uuidParam) id: string, @Body() body: RejectDocumentRequest): Promise<DocumentResponse> {
    return toDocumentResponse(await this.documents.reject(id, actor.accountId, body.reason), todayInParis());
  }
}
