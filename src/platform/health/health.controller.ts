import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../http/auth';
import { QueueBackendKind, QueueFactory } from '../queue/queue.factory';

class ComponentHealth {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
}
class QueueHealth extends ComponentHealth {
  @ApiProperty({ enum: ['redis', 'postgres'] }) backend: QueueBackendKind;
}
class HealthResponse {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty() database: ComponentHealth;
  @ApiProperty() queue: QueueHealth;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueFactory,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: HealthResponse, description: 'database and queue are up' })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: 'one of them is down' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const [database, queue] = await Promise.all([this.databaseUp(), this.queues.ping()]);
    const body: HealthResponse = {
      status: database && queue ? 'ok' : 'error',
      database: { status: database ? 'up' : 'down' },
      queue: { status: queue ? 'up' : 'down', backend: this.queues.backend },
    };
    reply.status(body.status === 'ok' ? 200 : 503);
    return body;
  }

  private async databaseUp(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
