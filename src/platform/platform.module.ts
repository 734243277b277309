import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from './config.module';
import { FamilyDataExport } from './data-export/family-data-export';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { HealthController } from './health/health.controller';
import { RateLimiter } from './http/rate-limiter';
import { QueueModule } from './queue/queue.module';

/** Shared technical kernel: configuration, database, queue, events, health. No business rules. (Logs: see logging/.) */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig): DynamicModule {
    const worker = config.role !== 'api';
    return {
      module: PlatformModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, QueueModule, EventsModule.forRoot({ worker })],
      controllers: config.role === 'worker' ? [] : [HealthController],
      providers: [RateLimiter, FamilyDataExport],
      exports: [RateLimiter, FamilyDataExport],
      global: true,
    };
  }
}
