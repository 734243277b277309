import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles, uuidParam } from '../../../platform/http';
import { FamilyFilesService } from '../application/family-files.service';
import { toChangeResponse } from './dto/change.mapping';
import {
  ConsentTextRequest,
  HistoryQuery,
  NewAuthorizationTypeRequest,
  RejectChangeRequest,
  UpdateAuthorizationTypeRequest,
  ValidatedFieldsRequest,
} from './dto/family-file.requests';
import { AuthorizationTypeResponse, ChangeResponse, ConsentResponse } from './dto/family-file.responses';
import { actorOf } from './principal';

/** Back-office: changes waiting for validation, the fields staff validate, the "J'accepte" text, the authorization types. */
@ApiTags('back-office: family files')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('staff')
export class StaffFamilySettingsController {
  constructor(private readonly files: FamilyFilesService) {}

  @Get('family-changes')
  @ApiOperation({ summary: 'Changes waiting for staff validation, oldest first' })
  @ApiOkResponse({ type: [ChangeResponse] })
  async pending(@Query() query: HistoryQuery): Promise<ChangeResponse[]> {
    return (await this.files.pendingChanges(query.limit ?? 200, query.offset ?? 0)).map(toChangeResponse);
  }

  @Post('family-changes/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approves a change: the new value comes into force' })
  @ApiOkResponse({ type: ChangeResponse })
  async approve(@CurrentPrincipal() actor: Principal, @Param('id', uuidParam) id: string): Promise<ChangeResponse> {
    return toChangeResponse(await this.files.decide(id, 'approved', null, actorOf(actor)));
  }

  @Post('family-changes/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rejects a change, with a reason: the value on file stays' })
  @ApiOkResponse({ type: ChangeResponse })
  async reject(@CurrentPrincipal() actor: Principal, @Param('id', uuidParam) id: string, @Body() body: RejectChangeRequest): Promise<ChangeResponse> {
    return toChangeResponse(await this.files.decide(id, 'rejected', body.reason, actorOf(actor)));
  }

  @Get('family-settings/validated-fields')
  @ApiOperation({ summary: "The fields whose changes by a guardian wait for staff approval" })
  @ApiOkResponse({ type: [String] })
  validatedFields(): Promise<string[]> {
    return this.files.validatedFields();
  }

  @Put('family-settings/validated-fields')
  @ApiOperation({ summary: 'Sets the fields whose changes by a guardian wait for staff approval' })
  @ApiOkResponse({ type: [String] })
  setValidatedFields(@CurrentPrincipal() actor: Principal, @Body() body: ValidatedFieldsRequest): Promise<string[]> {
    return this.files.setValidatedFields(body.fields, actorOf(actor));
  }

  @Get('family-settings/consent')
  @ApiOperation({ summary: 'The text guardians accept ("J\'accepte") when they submit a form, and its version' })
  @ApiOkResponse({ type: ConsentResponse })
  consent(): Promise<ConsentResponse> {
    return this.files.consent();
  }

  @Post('family-settings/consent')
  @ApiOperation({ summary: 'Publishes a new version of the text: from now on guardians accept this one' })
  @ApiCreatedResponse({ type: ConsentResponse })
  publishConsent(@CurrentPrincipal() actor: Principal, @Body() body: ConsentTextRequest): Promise<ConsentResponse> {
    return this.files.publishConsent(body.text, actorOf(actor));
  }

  @Get('authorization-types')
  @ApiOperation({ summary: 'The authorizations asked on child files (photos, outings…), active or not' })
  @ApiOkResponse({ type: [AuthorizationTypeResponse] })
  authorizationTypes(): Promise<AuthorizationTypeResponse[]> {
    return this.files.authorizationTypes(false);
  }

  @Post('authorization-types')
  @ApiOperation({ summary: 'Adds an authorization to ask on child files' })
  @ApiCreatedResponse({ type: AuthorizationTypeResponse })
  createAuthorizationType(@Body() body: NewAuthorizationTypeRequest): Promise<AuthorizationTypeResponse> {
    return this.files.createAuthorizationType(body);
  }

  @Put('authorization-types/:id')
  @ApiOperation({ summary: 'Changes an authorization (label, description, services requiring an answer, active)' })
  @ApiOkResponse({ type: AuthorizationTypeResponse })
  updateAuthorizationType(@Param('id', uuidParam) id: string, @Body() body: UpdateAuthorizationTypeRequest): Promise<AuthorizationTypeResponse> {
    return this.files.updateAuthorizationType(id, body);
  }
}
