import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, familyOf, Principal, Roles } from '../../../platform/http';
import { PlanningService } from '../application/planning.service';
import { PlanningQuery } from './dto/activities.requests';
import { PlanningResponse } from './dto/activities.responses';

/** Parent-facing: a child's planning across services. */
@ApiTags('reservations')
@ApiBearerAuth()
@Roles('guardian')
@Controller('reservations/planning')
export class PlanningController {
  constructor(private readonly planning: PlanningService) {}

  @Get()
  @ApiOperation({ summary: "A child's planning from `from` to `to` (at most 400 days): per day, the days booked in every service and the sessions of its confirmed activities" })
  @ApiOkResponse({ type: PlanningResponse })
  async planningOf(@CurrentPrincipal() principal: Principal, @Query() query: PlanningQuery): Promise<PlanningResponse> {
    const days = await this.planning.planning(familyOf(principal), query.childId, query.from, query.to);
    return { childId: query.childId, from: query.from, to: query.to, days };
  }
}
