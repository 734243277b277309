import { Body, Controller, Get, Header, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FamilyDataExport } from '../../../platform/data-export/family-data-export';
import { CurrentPrincipal, Principal, Roles, uuidParam } from '../../../platform/http';
import { CompletenessService } from '../application/completeness.service';
import { FamiliesService } from '../application/families.service';
import { FamilyFilesService, SubmissionResult } from '../application/family-files.service';
import { DIET_LABELS, FIELD_LABELS, PHONE_LABELS, RELATION_SUGGESTIONS } from '../domain/family-file';
import { ServiceKind } from '../domain/service-kind';
import { ChildFileRequest, CompletenessQuery, FamilyFileRequest, GuardianNewChildRequest, HistoryQuery } from './dto/family-file.requests';
import { ChangeResponse, ChildFileResponse, CompletenessResponse, FormOptionsResponse, SubmissionResponse } from './dto/family-file.responses';
import { FamilyWithFileResponse, toResponse } from './dto/family.responses';
import { toChangeResponse } from './dto/change.mapping';
import { actorOf, familyOf } from './principal';

/** Parent-facing: a guardian reaches only the family of their own account (no family id in the path); a child of another family is "not found". */
@ApiTags('family')
@ApiBearerAuth()
@Roles('guardian')
@Controller('family')
export class FamilyController {
  constructor(
    private readonly families: FamiliesService,
    private readonly files: FamilyFilesService,
    private readonly completeness: CompletenessService,
    private readonly exports: FamilyDataExport,
  ) {}

  @Get('export')
  @Header('content-disposition', 'attachment; filename="guichet-donnees-famille.json"')
  @ApiOperation({
    summary: 'Everything Guichet holds about the family, as one JSON file (right of access and portability)',
    description: 'One section per module that holds family data (identity: accounts; family: files, history, documents; later reservations, billing, payments).',
  })
  @ApiOkResponse({ schema: { type: 'object', properties: { format: { type: 'string' }, exportedAt: { type: 'string' }, familyId: { type: 'string' }, sections: { type: 'object' } } } })
  async export(@CurrentPrincipal() principal: Principal): Promise<{ format: string; exportedAt: string; familyId: string; sections: Record<string, unknown> }> {
    const familyId = familyOf(principal);
    return { format: 'guichet-family-export/1', exportedAt: new Date().toISOString(), familyId, sections: await this.exports.collect(familyId) };
  }

  @Get()
  @ApiOperation({ summary: "The signed-in guardian's family: guardians, children and the family file (address, phones, e-mail, quotient, changes awaiting validation)" })
  @ApiOkResponse({ type: FamilyWithFileResponse })
  async mine(@CurrentPrincipal() principal: Principal): Promise<FamilyWithFileResponse> {
    const familyId = familyOf(principal);
    const family = await this.families.find(familyId);
    return { ...toResponse(family!), file: await this.files.familyFile(familyId) };
  }

  @Get('form-options')
  @ApiOperation({ summary: "What the forms need: the text \"J'accepte\" refers to and its version, relation suggestions, diet kinds, phone labels, fields validated by staff" })
  @ApiOkResponse({ type: FormOptionsResponse })
  async formOptions(): Promise<FormOptionsResponse> {
    return {
      consent: await this.files.consent(),
      relationSuggestions: RELATION_SUGGESTIONS,
      dietKinds: DIET_LABELS,
      phoneLabels: [...PHONE_LABELS],
      validatedFields: await this.files.validatedFields(),
      fieldLabels: FIELD_LABELS,
    };
  }

  @Patch('file')
  @ApiOperation({
    summary: 'Submits the family form ("J\'accepte"): address, phones, e-mail',
    description: 'Absent fields are left as they are. Fields validated by staff wait for their approval; the value on file stays in force until then.',
  })
  @ApiOkResponse({ type: SubmissionResponse })
  async submitFamilyFile(@CurrentPrincipal() principal: Principal, @Body() body: FamilyFileRequest): Promise<SubmissionResponse> {
    const { consent, ...input } = body;
    return submissionMessage(await this.files.submitFamilyFile(familyOf(principal), input, consent, actorOf(principal)));
  }

  @Post('children')
  @ApiOperation({ summary: 'Adds a child to the family ("J\'accepte")' })
  @ApiCreatedResponse({ type: ChildFileResponse })
  async addChild(@CurrentPrincipal() principal: Principal, @Body() body: GuardianNewChildRequest): Promise<ChildFileResponse> {
    const { consent, ...child } = body;
    const familyId = familyOf(principal);
    const childId = await this.files.addChild(familyId, child, consent, actorOf(principal));
    return this.files.childFile(familyId, childId);
  }

  @Get('children/:childId')
  @ApiOperation({ summary: 'A child file, every block: identity, school, diet, medical, PAI, doctor, contacts, pick-up persons, authorizations' })
  @ApiOkResponse({ type: ChildFileResponse })
  child(@CurrentPrincipal() principal: Principal, @Param('childId', uuidParam) childId: string): Promise<ChildFileResponse> {
    return this.files.childFile(familyOf(principal), childId);
  }

  @Patch('children/:childId')
  @ApiOperation({
    summary: 'Submits a child form ("J\'accepte")',
    description: 'Absent blocks are left as they are; `contacts` is the whole list (left out = removed); `authorizations` maps a type code to yes | no | not-applicable.',
  })
  @ApiOkResponse({ type: SubmissionResponse })
  async submitChildFile(@CurrentPrincipal() principal: Principal, @Param('childId', uuidParam) childId: string, @Body() body: ChildFileRequest): Promise<SubmissionResponse> {
    const { consent, ...input } = body;
    return submissionMessage(await this.files.submitChildFile(familyOf(principal), childId, input, consent, actorOf(principal)));
  }

  @Get('children/:childId/completeness')
  @ApiOperation({ summary: 'What the file still lacks before the child can use a kind of service' })
  @ApiOkResponse({ type: CompletenessResponse })
  childCompleteness(@CurrentPrincipal() principal: Principal, @Param('childId', uuidParam) childId: string, @Query() query: CompletenessQuery): Promise<CompletenessResponse> {
    return this.completeness.check(familyOf(principal), childId, query.service as ServiceKind);
  }

  @Get('history')
  @ApiOperation({ summary: "The history of the family's files: who changed what, when (newest first)" })
  @ApiOkResponse({ type: [ChangeResponse] })
  async history(@CurrentPrincipal() principal: Principal, @Query() query: HistoryQuery): Promise<ChangeResponse[]> {
    return (await this.files.history(familyOf(principal), undefined, query.limit, query.offset)).map(toChangeResponse);
  }
}

function submissionMessage(result: SubmissionResult): SubmissionResponse {
  const message = result.pending.length
    ? 'Vos modifications sont enregistrées. Certaines doivent être validées par les services : les informations actuelles restent en vigueur jusque-là.'
    : result.applied.length
      ? 'Vos modifications sont enregistrées.'
      : 'Aucune modification.';
  return { ...result, message };
}
