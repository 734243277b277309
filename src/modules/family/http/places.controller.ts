import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { searchPlaces } from '../domain/places';
import { PlacesQuery } from './dto/family-file.requests';
import { PlaceResponse } from './dto/family-file.responses';

/** Address forms: postcode / town autocomplete from the official French list (any signed-in user). */
@ApiTags('family')
@ApiBearerAuth()
@Controller('places')
export class PlacesController {
  @Get()
  @ApiOperation({ summary: 'Towns whose postcode starts with the digits typed, or whose name starts with the letters typed (20 at most)' })
  @ApiOkResponse({ type: [PlaceResponse] })
  search(@Query() query: PlacesQuery): PlaceResponse[] {
    return searchPlaces(query.q);
  }
}
