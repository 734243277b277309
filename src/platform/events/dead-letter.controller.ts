import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { ApplicationError } from '../http/application-error';
import { Roles } from '../http/auth';
import { ProblemDetails } from '../http/problem-details';
import { QueueFactory } from '../queue/queue.factory';
import { DeadLetter, DeadLetterStore } from './dead-letter.store';
import { EventJobData } from './domain-event';
import { jobIdOf, OutboxRelay, toDomainEvent } from './outbox-relay';

class ListDeadLettersQuery {
  @ApiPropertyOptional({ enum: ['dead', 'replayed'], description: 'default: all' })
  @IsOptional()
  @IsIn(['dead', 'replayed'])
  status?: 'dead' | 'replayed';

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 50;

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

class DeadLetterIdParam {
  @Matches(/^[1-9]\d{0,17}$/, { message: 'id doit être un identifiant numérique' })
  id: string;
}

class DeadLetterResponse implements DeadLetter {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 'billing.invoice.issued.v1' }) eventType: string;
  @ApiProperty({ example: 'InvoiceMailer.onInvoiceIssued' }) handler: string;
  @ApiProperty({ example: 'notifications' }) queue: string;
  @ApiProperty() attempts: number;
  @ApiProperty() lastError: string;
  @ApiProperty({ enum: ['dead', 'replayed'] }) status: 'dead' | 'replayed';
  @ApiProperty() failedAt: string;
  @ApiProperty({ nullable: true, type: String }) replayedAt: string | null;
  @ApiProperty() replayCount: number;
}

class ReplayResponse {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'BullMQ job id of the new delivery' }) jobId: string;
}

/** Back-office: deliveries that failed every attempt, and their replay. */
@ApiTags('back-office: events')
@ApiBearerAuth()
@Roles('staff', 'admin')
@Controller('admin/events/dead-letters')
export class DeadLetterController {
  constructor(
    private readonly store: DeadLetterStore,
    private readonly dataSource: DataSource,
    private readonly queues: QueueFactory,
    private readonly relay: OutboxRelay,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List dead-lettered event deliveries, newest first' })
  @ApiOkResponse({ type: [DeadLetterResponse] })
  list(@Query() query: ListDeadLettersQuery): Promise<DeadLetter[]> {
    return this.store.list(query.status, query.limit, query.offset);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Deliver a dead-lettered event to its handler again (applied at most once)' })
  @ApiAcceptedResponse({ type: ReplayResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async replay(@Param() { id }: DeadLetterIdParam): Promise<ReplayResponse> {
    const letter = await this.store.get(id);
    if (!letter) throw new ApplicationError('not_found', 'events.dead-letter-not-found', 'Cet événement en échec est introuvable.');
    if (letter.status !== 'dead') throw new ApplicationError('conflict', 'events.already-replayed', 'Cet événement a déjà été rejoué.');
    const rows = await this.dataSource.query(
      `SELECT id, type, version, aggregate_id, payload, occurred_at FROM platform.outbox_event WHERE id = $1`,
      [letter.eventId],
    );
    if (rows.length === 0) {
      throw new ApplicationError('conflict', 'events.event-purged', "L'événement n'est plus conservé (délai de rétention dépassé) : il ne peut pas être rejoué.");
    }
    const jobId = jobIdOf(letter.eventId, letter.handler, letter.replayCount + 1);
    const data: EventJobData = { event: toDomainEvent(rows[0]), handler: letter.handler };
    await this.queues.queue(letter.queue).add(letter.eventType, data, { ...this.relay.jobOptions(), jobId });
    await this.store.markReplayed(id);
    return { id, jobId };
  }
}
