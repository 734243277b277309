/**
 * The typed catalogue of domain events.
 *
 * Each module declares the events it produces in its own `domain/<context>.events.ts` by
 * augmenting this interface (event type → payload), and documents them in docs/events.md:
 *
 *   declare module '../../../platform/events/domain-event' {
 *     interface DomainEventCatalog { 'billing.invoice.issued.v1': { invoiceId: string; familyId: string } }
 *   }
 *
 * Names are `<context>.<noun>.<past-verb>.v<n>`; payloads are ids and minimal facts, never health
 * data. A type is never renamed: a new shape is a new version.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEventCatalog {}

export type EventType = Extract<keyof DomainEventCatalog, string>;

export interface DomainEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  version: number;
  /** ISO 8601 */
  occurredAt: string;
  aggregateId: string;
  payload: DomainEventCatalog[T];
}

const EVENT_TYPE = /^[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*\.[a-z]+(?:-[a-z]+)*\.v(\d+)$/;

/** `billing.invoice.issued.v1` → 1; throws on a malformed type. */
export function versionOf(type: string): number {
  const match = EVENT_TYPE.exec(type);
  if (!match) throw new Error(`Event type "${type}" must look like <context>.<noun>.<past-verb>.v<n>`);
  return Number(match[1]);
}

/** Job payload: one job per (event, subscribing handler). */
export interface EventJobData {
  event: DomainEvent;
  handler: string;
}
