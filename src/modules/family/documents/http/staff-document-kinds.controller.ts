import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, ProblemDetails, Roles, uuidParam } from '../../../../platform/http';
import { DocumentKindsService } from '../application/document-kinds.service';
import { CreateDocumentKindRequest, UpdateDocumentKindRequest } from './dto/documents.requests';
import { DocumentKindResponse, toKindResponse } from './dto/documents.responses';

/** Back-office: the kinds of proof asked of families (proof of address, tax notice, vaccination record…). */
@ApiTags('back-office: supporting documents')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('staff/document-kinds')
export class StaffDocumentKindsController {
  constructor(private readonly kinds: DocumentKindsService) {}

  @Get()
  @ApiOperation({ summary: 'Every kind of proof, active ones first' })
  @ApiOkResponse({ type: [DocumentKindResponse] })
  async list(): Promise<DocumentKindResponse[]> {
    return (await this.kinds.list()).map(toKindResponse);
  }

  @Post()
  @ApiOperation({ summary: 'Defines a kind of proof: code, label, family or child level, the services that need it, how long it stays valid' })
  @ApiCreatedResponse({ type: DocumentKindResponse })
  @ApiConflictResponse({ type: ProblemDetails, description: 'code already used' })
  async create(@CurrentPrincipal() actor: Principal, @Body() body: CreateDocumentKindRequest): Promise<DocumentKindResponse> {
    const kind = await this.kinds.create(
      { code: body.code, label: body.label, description: body.description ?? null, level: body.level, requiredFor: body.requiredFor ?? [], validityMonths: body.validityMonths ?? null },
      actor.accountId,
    );
    return toKindResponse(kind);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Changes a kind of proof (not its code; its level only while no file was sent for it)' })
  @ApiOkResponse({ type: DocumentKindResponse })
  @ApiConflictResponse({ type: ProblemDetails, description: 'level change after files were sent' })
  async update(@Param('id', uuidParam) id: string, @Body() body: UpdateDocumentKindRequest): Promise<DocumentKindResponse> {
    return toKindResponse(await this.kinds.update(id, { label: body.label, description: body.description, level: body.level, requiredFor: body.requiredFor, validityMonths: body.validityMonths }));
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'No longer asks for this kind of proof (files already sent are kept)' })
  @ApiOkResponse({ type: DocumentKindResponse })
  async deactivate(@Param('id', uuidParam) id: string): Promise<DocumentKindResponse> {
    return toKindResponse(await this.kinds.setActive(id, false));
  }

  @Post(':id/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Asks for this kind of proof again' })
  @ApiOkResponse({ type: DocumentKindResponse })
  async activate(@Param('id', uuidParam) id: string): Promise<DocumentKindResponse> {
    return toKindResponse(await this.kinds.setActive(id, true));
  }
}
