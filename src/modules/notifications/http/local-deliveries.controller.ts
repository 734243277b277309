import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { ApplicationError, ProblemDetails, Roles } from '../../../platform/http';
import { LocalDeliveriesRepository, RecordedSms, SinkMail } from '../infrastructure/local-deliveries.repository';

class LocalDeliveriesQuery {
  @ApiPropertyOptional({ description: 'only those sent to this address or number' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  to?: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 20;
}

class SinkMailResponse implements SinkMail {
  @ApiProperty() id: string;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ nullable: true, type: String }) envelopeFrom: string | null;
  @ApiProperty({ type: [String] }) envelopeTo: string[];
  @ApiProperty({ nullable: true, type: String }) messageId: string | null;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
  @ApiProperty({ nullable: true, type: String }) text: string | null;
  @ApiProperty({ nullable: true, type: String }) html: string | null;
}

class RecordedSmsResponse implements RecordedSms {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'uuid' }) messageId: string;
  @ApiProperty({ example: '+33612345678' }) recipient: string;
  @ApiProperty() body: string;
  @ApiProperty() recordedAt: string;
}

/**
 * Back-office, outside production only: what the local stand-ins received (the SMTP sink's mails,
 * the SMS recorded by SMS_GATEWAY=record), so that a developer can follow a reset link or read
 * an activation code. They hold such secrets: staff and admins only, and 404 in production.
 */
@ApiTags('back-office: local deliveries (not in production)')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('admin/notifications')
export class LocalDeliveriesController {
  constructor(
    private readonly deliveries: LocalDeliveriesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('sink/mails')
  @ApiOperation({ summary: 'Mails received by the local SMTP sink, newest first (not in production)' })
  @ApiOkResponse({ type: [SinkMailResponse] })
  @ApiNotFoundResponse({ type: ProblemDetails })
  mails(@Query() query: LocalDeliveriesQuery): Promise<SinkMail[]> {
    this.refuseInProduction();
    return this.deliveries.mails(query.to, query.limit);
  }

  @Get('recorded-sms')
  @ApiOperation({ summary: 'SMS recorded by the `record` gateway, newest first (not in production)' })
  @ApiOkResponse({ type: [RecordedSmsResponse] })
  @ApiNotFoundResponse({ type: ProblemDetails })
  sms(@Query() query: LocalDeliveriesQuery): Promise<RecordedSms[]> {
    this.refuseInProduction();
    return this.deliveries.sms(query.to, query.limit);
  }

  private refuseInProduction(): void {
    if (this.config.nodeEnv === 'production') {
      throw new ApplicationError('not_found', 'notifications.local-deliveries-unavailable', "Cette page n'existe pas en production.");
    }
  }
}
