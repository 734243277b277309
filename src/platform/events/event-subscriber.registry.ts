import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { DomainEvent } from './domain-event';
import { EVENT_CONSUMER, ON_DOMAIN_EVENT } from './on-domain-event.decorator';

export interface Subscriber {
  /** `<Class>.<method>`: stable id, part of job ids and inbox rows */
  name: string;
  queue: string;
  type: string;
  invoke(event: DomainEvent): Promise<unknown>;
}

const SAFE_NAME = /^[A-Za-z0-9_.-]+$/;

/** Discovers @OnDomainEvent handlers at boot and fails fast on duplicates or bad names. */
@Injectable()
export class EventSubscriberRegistry implements OnModuleInit {
  private readonly byType = new Map<string, Subscriber[]>();
  private readonly byName = new Map<string, Subscriber>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || !wrapper.metatype || !wrapper.isDependencyTreeStatic()) continue;
      const queue = this.reflector.get<string | undefined>(EVENT_CONSUMER, wrapper.metatype);
      if (!queue) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const type = this.reflector.get<string | undefined>(ON_DOMAIN_EVENT, prototype[method]);
        if (!type) continue;
        this.add({
          name: `${wrapper.metatype.name}.${method}`,
          queue,
          type,
          invoke: (event) => (instance[method] as (e: DomainEvent) => Promise<unknown>).call(instance, event),
        });
      }
    }
  }

  add(subscriber: Subscriber): void {
    if (!SAFE_NAME.test(subscriber.name) || !SAFE_NAME.test(subscriber.queue)) {
      throw new Error(`Event handler "${subscriber.name}" on queue "${subscriber.queue}": names may hold only letters, digits, '.', '_' and '-'`);
    }
    if (this.byName.has(subscriber.name)) throw new Error(`Duplicate event handler ${subscriber.name}`);
    this.byName.set(subscriber.name, subscriber);
    this.byType.set(subscriber.type, [...(this.byType.get(subscriber.type) ?? []), subscriber]);
  }

  subscribersOf(type: string): Subscriber[] {
    return this.byType.get(type) ?? [];
  }

  handler(name: string): Subscriber | undefined {
    return this.byName.get(name);
  }

  queues(): string[] {
    return [...new Set([...this.byName.values()].map((s) => s.queue))].sort();
  }

  all(): Subscriber[] {
    return [...this.byName.values()];
  }
}
