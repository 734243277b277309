import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, familyOf, Principal, ProblemDetails, Roles, uuidParam } from '../../../platform/http';
import { ActivitiesService } from '../application/activities.service';
import { PageQuery, RegisterActivitiesRequest } from './dto/activities.requests';
import { ActivityRegistrationResponse, TermResponse } from './dto/activities.responses';

/** Parent-facing: term activities with immediate payment (seed 003). The family comes from the session. */
@ApiTags('reservations: term activities')
@ApiBearerAuth()
@Roles('guardian')
@Controller('reservations/activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Get()
  @ApiOperation({ summary: 'The terms not yet over, with, for each child, the groups that fit its age (age on the first session), places left, price and sessions' })
  @ApiOkResponse({ type: [TermResponse] })
  offer(@CurrentPrincipal() principal: Principal): Promise<TermResponse[]> {
    return this.activities.offer(familyOf(principal));
  }

  @Post('registrations')
  @ApiOperation({
    summary: 'Registers children for groups and holds the places while the guardian pays',
    description:
      'One basket of (child, group) pairs, for one or several children and terms, all or nothing. The places are held until `holdUntil` ' +
      '(ACTIVITY_HOLD_MINUTES); the payment confirms them, a failed, abandoned or late payment releases them. One group per child and term.',
  })
  @ApiCreatedResponse({ type: ActivityRegistrationResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'a child of another family, or an unknown group' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails, description: 'age, registration window, incomplete file: errors[] names each pair' })
  @ApiConflictResponse({ type: ProblemDetails, description: 'reservations.activity-full ("complet", naming the groups) or reservations.activity-already-registered; nothing recorded' })
  register(@CurrentPrincipal() principal: Principal, @Body() body: RegisterActivitiesRequest): Promise<ActivityRegistrationResponse> {
    return this.activities.register({ accountId: principal.accountId, role: principal.role, familyId: familyOf(principal) }, body.places);
  }

  @Get('registrations')
  @ApiOperation({ summary: "The family's activity registrations, newest first, with their state" })
  @ApiOkResponse({ type: [ActivityRegistrationResponse] })
  registrations(@CurrentPrincipal() principal: Principal, @Query() query: PageQuery): Promise<ActivityRegistrationResponse[]> {
    return this.activities.registrations(familyOf(principal), query.limit ?? 50, query.offset ?? 0);
  }

  @Get('registrations/:registrationId')
  @ApiOperation({ summary: 'One activity registration with its places' })
  @ApiOkResponse({ type: ActivityRegistrationResponse })
  registration(@CurrentPrincipal() principal: Principal, @Param('registrationId', uuidParam) id: string): Promise<ActivityRegistrationResponse> {
    return this.activities.registrationOrFail(familyOf(principal), id);
  }
}
