import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDetails, Roles, uuidParam } from '../../../platform/http';
import { ActivityGroupsService } from '../application/activity-groups.service';
import { CreateActivityGroupRequest, GroupRegistrationsQuery, UpdateActivityGroupRequest } from './dto/activities.requests';
import { ActivityGroupResponse, GroupRegistrationResponse } from './dto/activities.responses';

const SESSIONS_DOC =
  '`sessions` takes chosen `dates` (each an opening day of the term), or `weekdays` (ISO, 3 = Wednesday) expanded over the term or ' +
  '`from`–`to`, leaving out public and school holidays, closures and the days the service does not open.';

/** Back-office: the groups of the terms of term activities, and who registered for them. */
@ApiTags('back-office: term activities')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('staff')
export class StaffActivitiesController {
  constructor(private readonly groups: ActivityGroupsService) {}

  @Post('booking-periods/:id/activity-groups')
  @ApiOperation({ summary: 'Adds a group to a term (a booking period of a term-activity service): ages, places, price, session times and days', description: SESSIONS_DOC })
  @ApiCreatedResponse({ type: ActivityGroupResponse })
  create(@Param('id', uuidParam) periodId: string, @Body() body: CreateActivityGroupRequest): Promise<ActivityGroupResponse> {
    const { sessions, ...settings } = body;
    return this.groups.create(periodId, settings, sessions);
  }

  @Get('booking-periods/:id/activity-groups')
  @ApiOperation({ summary: 'The groups of a term with their places taken and left' })
  @ApiOkResponse({ type: [ActivityGroupResponse] })
  list(@Param('id', uuidParam) periodId: string): Promise<ActivityGroupResponse[]> {
    return this.groups.ofPeriod(periodId);
  }

  @Get('activity-groups/:id')
  @ApiOkResponse({ type: ActivityGroupResponse })
  group(@Param('id', uuidParam) id: string): Promise<ActivityGroupResponse> {
    return this.groups.group(id);
  }

  @Patch('activity-groups/:id')
  @ApiOperation({ summary: 'Changes a group; absent fields are kept, `sessions` replaces the days. Registrations made keep their price.', description: SESSIONS_DOC })
  @ApiOkResponse({ type: ActivityGroupResponse })
  @ApiConflictResponse({ type: ProblemDetails, description: 'reservations.activity-places-taken: fewer places than those taken' })
  update(@Param('id', uuidParam) id: string, @Body() body: UpdateActivityGroupRequest): Promise<ActivityGroupResponse> {
    return this.groups.update(id, body);
  }

  @Get('activity-groups/:id/registrations')
  @ApiOperation({ summary: 'The registrations of a group (held, confirmed, released), each with its child' })
  @ApiOkResponse({ type: [GroupRegistrationResponse] })
  registrations(@Param('id', uuidParam) id: string, @Query() query: GroupRegistrationsQuery): Promise<GroupRegistrationResponse[]> {
    return this.groups.registrationsOf(id, query.status, query.limit ?? 200, query.offset ?? 0);
  }
}
