import { BeforeApplicationShutdown, DynamicModule, Global, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DeadLetterController } from './dead-letter.controller';
import { DeadLetterStore } from './dead-letter.store';
import { EventConsumers } from './event-consumers';
import { EventPublisher } from './event-publisher';
import { EventSubscriberRegistry } from './event-subscriber.registry';
import { OutboxRelay } from './outbox-relay';

export interface EventsModuleOptions {
  /** run the outbox relay and the consumers in this process (roles `worker` and `all`) */
  worker: boolean;
}
const OPTIONS = Symbol('EVENTS_OPTIONS');

/**
 * The event backbone: outbox (EventPublisher), relay to BullMQ, idempotent consumers,
 * dead letters and their back-office endpoints.
 */
@Global()
@Module({})
export class EventsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(OPTIONS) private readonly options: EventsModuleOptions,
    private readonly relay: OutboxRelay,
    private readonly consumers: EventConsumers,
  ) {}

  static forRoot(options: EventsModuleOptions): DynamicModule {
    return {
      module: EventsModule,
      imports: [DiscoveryModule],
      controllers: [DeadLetterController],
      providers: [{ provide: OPTIONS, useValue: options }, EventPublisher, EventSubscriberRegistry, OutboxRelay, EventConsumers, DeadLetterStore],
      exports: [EventPublisher, EventSubscriberRegistry, OutboxRelay, EventConsumers],
    };
  }

  onApplicationBootstrap(): void {
    if (!this.options.worker) return;
    this.consumers.start();
    this.relay.start();
  }

  /** Before the queue and database connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.consumers.stop();
  }
}
