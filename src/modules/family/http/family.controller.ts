import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApplicationError, CurrentPrincipal, Principal, Roles } from '../../../platform/http';
import { FamiliesService } from '../application/families.service';
import { FamilyResponse, toResponse } from './dto/family.responses';

/** Parent-facing: a guardian reaches only the family of their own account (no family id in the path). */
@ApiTags('family')
@ApiBearerAuth()
@Roles('guardian')
@Controller('family')
export class FamilyController {
  constructor(private readonly families: FamiliesService) {}

  @Get()
  @ApiOperation({ summary: "The signed-in guardian's family: guardians and children" })
  @ApiOkResponse({ type: FamilyResponse })
  async mine(@CurrentPrincipal() principal: Principal): Promise<FamilyResponse> {
    const family = principal.familyId ? await this.families.find(principal.familyId) : undefined;
    if (!family) throw new ApplicationError('not_found', 'family.not-found', 'Aucune famille n’est rattachée à votre compte.');
    return toResponse(family);
  }
}
