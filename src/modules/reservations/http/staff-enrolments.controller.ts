import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles, uuidParam } from '../../../platform/http';
import { EnrolmentService } from '../application/enrolment.service';
import { EnrolmentsQuery, EnrolRequest } from './dto/catalogue.requests';
import { EnrolmentResponse } from './dto/catalogue.responses';

/** Back-office: enrolments of children in services. */
@ApiTags('back-office: reservations')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('staff/enrolments')
export class StaffEnrolmentsController {
  constructor(private readonly enrolments: EnrolmentService) {}

  @Post()
  @ApiOperation({ summary: 'Enrols a child in a service for a school year (same checks of the family file as for guardians)' })
  @ApiCreatedResponse({ type: EnrolmentResponse })
  enrol(@CurrentPrincipal() actor: Principal, @Body() body: EnrolRequest): Promise<EnrolmentResponse> {
    return this.enrolments.enrol(actor, undefined, body.childId, body.serviceId, body.schoolYear);
  }

  @Get()
  @ApiOperation({ summary: 'Children enrolled in a service for a school year' })
  @ApiOkResponse({ type: [EnrolmentResponse] })
  list(@Query() query: EnrolmentsQuery): Promise<EnrolmentResponse[]> {
    return this.enrolments.ofService(query.serviceId, query.schoolYear, query.limit ?? 200, query.offset ?? 0);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends an enrolment; refused while the child has days booked from today on' })
  @ApiNoContentResponse()
  async remove(@Param('id', uuidParam) id: string): Promise<void> {
    await this.enrolments.remove(id);
  }
}
