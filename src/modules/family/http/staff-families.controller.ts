import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApplicationError, CurrentPrincipal, Principal, ProblemDetails, Roles, uuidParam } from '../../../platform/http';
import { FamiliesService, ImportReport } from '../application/families.service';
import { CreateFamilyRequest, ImportFamiliesQuery, SearchFamiliesQuery } from './dto/family.requests';
import { FamilyResponse, FamilySummaryResponse, ImportReportResponse, toResponse } from './dto/family.responses';

@ApiTags('back-office: families')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('staff/families')
export class StaffFamiliesController {
  constructor(private readonly families: FamiliesService) {}

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
  @ApiOperation({ summary: 'A family with its guardians and children' })
  @ApiOkResponse({ type: FamilyResponse })
  async get(@Param('id', uuidParam) id: string): Promise<FamilyResponse> {
    const family = await this.families.find(id);
    if (!family) throw new ApplicationError('not_found', 'family.not-found', 'Famille introuvable.');
    return toResponse(family);
  }
}
