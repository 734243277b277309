import { Controller, Get, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, FieldError, Principal, ProblemDetails, RequestValidationError, Roles, uuidParam } from '../../../../platform/http';
import { DocumentsService } from '../application/documents.service';
import { SupportingDocuments } from '../application/supporting-documents';
import { todayInParis } from '../../../../platform/dates';
import { DOCUMENT_TYPES } from '../domain/file-signature';
import { DocumentResponse, FamilyDocumentsResponse, toDocumentResponse } from './dto/documents.responses';
import { familyOf } from '../../http/principal';
import { download } from './http-helpers';
import { closingOnRefusal, MAX_FILE_MEGABYTES, readUploadedForm } from './multipart-upload';

/** Parent-facing: the supporting documents of the signed-in guardian's family (no family id in paths). */
@ApiTags('family: supporting documents')
@ApiBearerAuth()
@Roles('guardian')
@Controller('family/documents')
export class FamilyDocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly supporting: SupportingDocuments,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every proof asked of the family and of each child: missing, sent, accepted (until), rejected (why) or expired, with the files sent' })
  @ApiOkResponse({ type: FamilyDocumentsResponse })
  mine(@CurrentPrincipal() principal: Principal): Promise<FamilyDocumentsResponse> {
    return this.supporting.forFamily(familyOf(principal), todayInParis());
  }

  @Post()
  @ApiOperation({
    summary: 'Sends a file for a kind of proof (multipart/form-data: kindId, childId for a child-level kind, then file)',
    description: `PDF, JPEG or PNG, at most ${MAX_FILE_MEGABYTES} MB; the type is read from the file's first bytes, never from its name or declared type. One file per request.`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kindId', 'file'],
      properties: {
        kindId: { type: 'string', format: 'uuid' },
        childId: { type: 'string', format: 'uuid', description: 'required for a child-level kind; a child of your family' },
        file: { type: 'string', format: 'binary', description: DOCUMENT_TYPES.join(', ') },
      },
    },
  })
  @ApiCreatedResponse({ type: DocumentResponse })
  @ApiPayloadTooLargeResponse({ type: ProblemDetails })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails })
  async submit(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<DocumentResponse> {
    return closingOnRefusal(request, reply, async () => {
      const familyId = familyOf(principal);
      const { fields, file } = await readUploadedForm(request, ['kindId', 'childId'], 'file');
      const errors: FieldError[] = [];
      if (!fields.kindId) errors.push({ field: 'kindId', message: 'doit être renseigné (le type de pièce)' });
      else if (!isUUID(fields.kindId)) errors.push({ field: 'kindId', message: 'doit être un identifiant (UUID)' });
      if (fields.childId && !isUUID(fields.childId)) errors.push({ field: 'childId', message: 'doit être un identifiant (UUID)' });
      if (!file) errors.push({ field: 'file', message: `Joignez le fichier (PDF, JPEG ou PNG, ${MAX_FILE_MEGABYTES} Mo au plus).` });
      if (errors.length) throw new RequestValidationError(errors);
      const document = await this.documents.submit({
        familyId,
        accountId: principal.accountId,
        kindId: fields.kindId,
        childId: fields.childId || null,
        fileName: file!.fileName,
        content: file!.content,
      });
      return toDocumentResponse(document, todayInParis());
    });
  }

  @Get(':documentId/file')
  @ApiOperation({ summary: 'Downloads a file the family sent (another family’s answers 404)' })
  @ApiProduces(...DOCUMENT_TYPES)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async file(@CurrentPrincipal() principal: Principal, @Param('documentId', uuidParam) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const { document, content } = await this.documents.fileForFamily(id, familyOf(principal));
    return download(reply, document, content);
  }
}
