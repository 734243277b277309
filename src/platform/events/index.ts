export * from './domain-event';
export { EventPublisher, NewEvent } from './event-publisher';
export { EventConsumer, OnDomainEvent } from './on-domain-event.decorator';
export { EventSubscriberRegistry, Subscriber } from './event-subscriber.registry';
export { EventConsumers, DeliveryOutcome } from './event-consumers';
export { OutboxRelay, jobIdOf } from './outbox-relay';
export { EventsModule } from './events.module';
