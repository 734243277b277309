import { SetMetadata } from '@nestjs/common';
import { EventType } from './domain-event';

export const EVENT_CONSUMER = 'guichet:event-consumer';
export const ON_DOMAIN_EVENT = 'guichet:on-domain-event';

/**
 * Marks a provider whose methods handle domain events, and names the consuming module: its
 * queue. One queue per consuming module (`identity`, `family`, `reservations`, `billing`,
 * `payments`, `notifications`).
 */
export const EventConsumer = (queue: string): ClassDecorator => SetMetadata(EVENT_CONSUMER, queue);

/**
 * Marks a method that applies one event type. It runs in a transaction that also records the
 * event id in the inbox, so a redelivered event is a no-op. Write only through `txHost.tx`
 * (the delivery's connection): borrowing a second pooled connection while holding one can
 * exhaust the pool under load.
 * The handler's id is `<Class>.<method>`: renaming one makes already-applied events look new.
 */
export const OnDomainEvent = (type: EventType): MethodDecorator => SetMetadata(ON_DOMAIN_EVENT, type);
