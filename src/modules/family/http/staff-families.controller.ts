import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApplicationError, CurrentPrincipal, Principal, ProblemDetails, Roles, uuidParam } from '../../../platform/http';
import { CompletenessService } from '../application/completeness.service';
import { FamiliesService, ImportReport } from '../application/families.service';
import { FamilyFilesService } from '../application/family-files.service';
import { ServiceKind } from '../domain/service-kind';
import { toChangeResponse } from './dto/change.mapping';
import { CompletenessQuery, HistoryQuery, NewChildRequest, SetQuotientRequest } from './dto/family-file.requests';
import { ChangeResponse, ChildFileResponse, CompletenessResponse, HealthAccessResponse, QuotientHistoryResponse } from './dto/family-file.responses';
import { CreateFamilyRequest, GuardianRequest, ImportFamiliesQuery, SearchFamiliesQuery } from './dto/family.requests';
import { FamilyResponse, FamilySummaryResponse, FamilyWithFileResponse, ImportReportResponse, toResponse } from './dto/family.responses';
import { actorOf } from './principal';

@ApiTags('back-office: families')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('staff/families')
export class StaffFamiliesController {
  constructor(
    private readonly families: FamiliesService,
    private readonly files: FamilyFilesService,
    private readonly completeness: CompletenessService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Creates a family with its guardians (name, e-mail, mobile) and children (name, birth date)' })
  @ApiCreatedResponse({ type: FamilyResponse })
  async create(@CurrentPrincipal() actor: Principal, @Body() body: CreateFamilyRequest): Promise<FamilyResponse> {
    return toResponse(await this.families.create(body, actor.accountId));
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Imports families from a CSV file (text/csv): all of them, or none',
    description:
      'One line per person: `reference_famille;qualite;nom;prenom;courriel;mobile;date_naissance` (`qualite` = responsable | enfant; ' +
      '`;` or `,`; dates JJ/MM/AAAA or AAAA-MM-JJ). If any line breaks a rule, the answer is 422 with every rejected line ' +
      '(`errors[].line`, `errors[].field` = the column, `errors[].message`) and nothing is imported. `dryRun=true` checks only.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'reference_famille;qualite;nom;prenom;courriel;mobile;date_naissance\nF-0001;responsable;Dupont;Marie;marie.dupont@exemple.fr;0612345678;\nF-0001;enfant;Dupont;Léo;;;14/03/2016' } })
  @ApiOkResponse({ type: ImportReportResponse })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails })
  async import(@CurrentPrincipal() actor: Principal, @Body() body: unknown, @Query() query: ImportFamiliesQuery): Promise<ImportReport> {
    if (typeof body !== 'string') throw new ApplicationError('invalid', 'family.import-not-csv', 'Envoyez le fichier CSV tel quel, avec l’en-tête Content-Type: text/csv.');
    return this.families.importCsv(body, actor.accountId, query.dryRun ?? false);
  }

  @Get()
  @ApiOperation({ summary: 'Finds families by reference, guardian name or e-mail, or child name' })
  @ApiOkResponse({ type: [FamilySummaryResponse] })
  search(@Query() query: SearchFamiliesQuery): Promise<FamilySummaryResponse[]> {
    return this.families.search(query.q?.trim() ?? '', query.limit ?? 50, query.offset ?? 0);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A family with its guardians, children and family file (address, phones, e-mail, quotient, pending changes)' })
  @ApiOkResponse({ type: FamilyWithFileResponse })
  async get(@Param('id', uuidParam) id: string): Promise<FamilyWithFileResponse> {
    const family = await this.families.find(id);
    if (!family) throw new ApplicationError('not_found', 'family.not-found', 'Famille introuvable.');
    return { ...toResponse(family), file: await this.files.familyFile(id) };
  }

  @Post(':id/guardians')
  @ApiOperation({ summary: 'Adds the second guardian of a family (name, e-mail, mobile): they activate their own account and see the same children' })
  @ApiCreatedResponse({ type: FamilyResponse })
  async addGuardian(@Param('id', uuidParam) id: string, @Body() body: GuardianRequest): Promise<FamilyResponse> {
    return toResponse(await this.families.addGuardian(id, body));
  }

  @Post(':id/children')
  @ApiOperation({ summary: 'Adds a child to a family' })
  @ApiCreatedResponse({ type: ChildFileResponse })
  async addChild(@CurrentPrincipal() actor: Principal, @Param('id', uuidParam) id: string, @Body() body: NewChildRequest): Promise<ChildFileResponse> {
    const childId = await this.files.addChild(id, body, null, actorOf(actor));
    return this.files.childFile(id, childId, actor.accountId);
  }

  @Get(':id/children/:childId')
  @ApiOperation({ summary: 'A child file, health block included: the read is recorded (GET …/health-accesses)' })
  @ApiOkResponse({ type: ChildFileResponse })
  child(@CurrentPrincipal() actor: Principal, @Param('id', uuidParam) id: string, @Param('childId', uuidParam) childId: string): Promise<ChildFileResponse> {
    return this.files.childFile(id, childId, actor.accountId);
  }

  @Get(':id/children/:childId/completeness')
  @ApiOperation({ summary: 'What the file still lacks before the child can use a kind of service' })
  @ApiOkResponse({ type: CompletenessResponse })
  childCompleteness(@Param('id', uuidParam) id: string, @Param('childId', uuidParam) childId: string, @Query() query: CompletenessQuery): Promise<CompletenessResponse> {
    return this.completeness.check(id, childId, query.service as ServiceKind);
  }

  @Get(':id/history')
  @ApiOperation({ summary: "Every change to the family's files (who, what, when, old and new value), newest first; a read showing health data is recorded" })
  @ApiOkResponse({ type: [ChangeResponse] })
  async history(@CurrentPrincipal() actor: Principal, @Param('id', uuidParam) id: string, @Query() query: HistoryQuery): Promise<ChangeResponse[]> {
    return (await this.files.history(id, actor.accountId, query.limit, query.offset)).map(toChangeResponse);
  }

  @Get(':id/health-accesses')
  @ApiOperation({ summary: "The staff reads of this family's health data (who, what, when), newest first" })
  @ApiOkResponse({ type: [HealthAccessResponse] })
  healthAccesses(@Param('id', uuidParam) id: string): Promise<HealthAccessResponse[]> {
    return this.files.healthAccesses(id);
  }

  @Get(':id/quotients')
  @ApiOperation({ summary: 'The family quotients and the dates from which they apply, newest first' })
  @ApiOkResponse({ type: [QuotientHistoryResponse] })
  quotients(@Param('id', uuidParam) id: string): Promise<QuotientHistoryResponse[]> {
    return this.files.quotients(id);
  }

  @Post(':id/quotients')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sets the family quotient in force from a date (replaces the one set for that same date)' })
  @ApiOkResponse({ type: [QuotientHistoryResponse] })
  setQuotient(@CurrentPrincipal() actor: Principal, @Param('id', uuidParam) id: string, @Body() body: SetQuotientRequest): Promise<QuotientHistoryResponse[]> {
    return this.files.setQuotient(id, body.value, body.validFrom, actorOf(actor));
  }
}
