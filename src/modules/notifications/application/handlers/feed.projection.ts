import { Injectable } from '@nestjs/common';
import { todayInParis } from '../../../../platform/dates';
import { DomainEvent, EventConsumer, OnDomainEvent } from '../../../../platform/events';
import { FamilyDirectory } from '../../../family';
import { ActivityRegistrations, ReservationRequests } from '../../../reservations';
import { applyInvoiceChange, applyRegistrationChange, InvoiceChange, InvoiceFacts, RegistrationFacts } from '../../domain/feed';
import { FeedRepository } from '../../infrastructure/feed.repository';
import { documentRejectedItem, invoiceItem, registrationItem, requestDecisionItem } from '../templates/feed.templates';

type RequestDecided = DomainEvent<'reservations.request.accepted.v1'> | DomainEvent<'reservations.request.refused.v1'>;
type PlaceEvent = DomainEvent<'reservations.activity-place.confirmed.v1'> | DomainEvent<'reservations.activity-place.released.v1'>;

const sameFacts = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The guardians' event feed (`notifications.feed_item`), fed by the other modules' events. Each
 * delivery runs in its own transaction with the inbox row (a redelivery is a no-op); items are
 * unique per key (an event applied again past the inbox adds nothing), and the items that several
 * events update (invoices, registrations) are locked and merged with order-independent rules
 * (`domain/feed.ts`). The billing event types are declared by billing (`billing/domain/billing.events.ts`).
 * Handler ids (`FeedProjection.<method>`) are recorded in the inbox: do not rename.
 */
@Injectable()
@EventConsumer('notifications')
export class FeedProjection {
  constructor(
    private readonly feed: FeedRepository,
    private readonly requests: ReservationRequests,
    private readonly registrations: ActivityRegistrations,
    private readonly families: FamilyDirectory,
  ) {}

  @OnDomainEvent('billing.invoice.issued.v1')
  async onInvoiceIssued(event: DomainEvent<'billing.invoice.issued.v1'>): Promise<void> {
    const { invoiceId, familyId, number, totalCents, remainingCents, dueOn } = event.payload;
    await this.applyToInvoices(familyId, [{ invoiceId, change: { type: 'issued', number, totalCents, remainingCents, dueOn } }]);
  }

  @OnDomainEvent('billing.payment.allocated.v1')
  async onPaymentAllocated(event: DomainEvent<'billing.payment.allocated.v1'>): Promise<void> {
    const { familyId, allocations } = event.payload;
    await this.applyToInvoices(
      familyId,
      allocations.map((a) => ({ invoiceId: a.invoiceId, change: { type: 'allocated', number: a.number, remainingCents: a.remainingCents } })),
    );
  }

  @OnDomainEvent('billing.invoice.cancelled.v1')
  async onInvoiceCancelled(event: DomainEvent<'billing.invoice.cancelled.v1'>): Promise<void> {
    const { invoiceId, familyId, number } = event.payload;
    await this.applyToInvoices(familyId, [{ invoiceId, change: { type: 'cancelled', number } }]);
  }

  @OnDomainEvent('reservations.request.accepted.v1')
  async onRequestAccepted(event: DomainEvent<'reservations.request.accepted.v1'>): Promise<void> {
    await this.addRequestDecision(event, 'accepted');
  }

  @OnDomainEvent('reservations.request.refused.v1')
  async onRequestRefused(event: DomainEvent<'reservations.request.refused.v1'>): Promise<void> {
    await this.addRequestDecision(event, 'refused');
  }

  /** A rejected document: the kind's label and the child's first name are read now; the reason, when the feed is shown. */
  @OnDomainEvent('family.document.reviewed.v1')
  async onDocumentReviewed(event: DomainEvent<'family.document.reviewed.v1'>): Promise<void> {
    const { documentId, familyId, childId, kindCode, outcome } = event.payload;
    if (outcome !== 'rejected') return;
    const proofs = await this.families.proofs(familyId, todayInParis());
    const proof = proofs.find((p) => p.documents.some((d) => d.documentId === documentId));
    const facts = { documentId, kindCode, childId, kindLabel: proof?.kindLabel ?? null, childFirstName: proof?.childFirstName ?? null };
    await this.feed.addOnce({ key: `document:${documentId}`, familyId, kind: 'document-rejected', subjectId: documentId }, documentRejectedItem(facts), facts);
  }

  @OnDomainEvent('reservations.activity-place.confirmed.v1')
  async onActivityPlaceConfirmed(event: DomainEvent<'reservations.activity-place.confirmed.v1'>): Promise<void> {
    const { paymentId, amountCents } = event.payload;
    await this.applyToRegistration(event, { status: 'confirmed', reason: null, at: event.occurredAt, amountCents, paid: paymentId !== null, number: null, label: null });
  }

  @OnDomainEvent('reservations.activity-place.released.v1')
  async onActivityPlaceReleased(event: DomainEvent<'reservations.activity-place.released.v1'>): Promise<void> {
    const { reason, amountCents } = event.payload;
    await this.applyToRegistration(event, { status: 'released', reason, at: event.occurredAt, amountCents, paid: false, number: null, label: null });
  }

  /** Merges each change into its invoice's item (created if this is the first event about it). */
  private async applyToInvoices(familyId: string, changes: { invoiceId: string; change: InvoiceChange }[]): Promise<void> {
    const key = (invoiceId: string) => `invoice:${invoiceId}`;
    const locked = await this.feed.lockOrCreate(changes.map((c) => ({ key: key(c.invoiceId), familyId, kind: 'invoice', subjectId: c.invoiceId })));
    const merged = new Map<string, { id: string; before: InvoiceFacts | undefined; facts: InvoiceFacts }>();
    for (const { invoiceId, change } of changes) {
      const row = locked.get(key(invoiceId))!;
      const seen = merged.get(invoiceId);
      const before = row.isNew ? undefined : (row.facts as unknown as InvoiceFacts);
      merged.set(invoiceId, { id: row.id, before, facts: applyInvoiceChange(seen ? seen.facts : before, change) });
    }
    await this.feed.save(
      [...merged].filter(([, m]) => !m.before || !sameFacts(m.before, m.facts)).map(([invoiceId, m]) => ({ id: m.id, item: invoiceItem(invoiceId, m.facts), facts: { ...m.facts } })),
    );
  }

  private async applyToRegistration(event: PlaceEvent, change: RegistrationFacts): Promise<void> {
    const { registrationId, familyId } = event.payload;
    const locked = await this.feed.lockOrCreate([{ key: `registration:${registrationId}`, familyId, kind: 'activity-registration', subjectId: registrationId }]);
    const row = locked.get(`registration:${registrationId}`)!;
    const before = row.isNew ? undefined : (row.facts as unknown as RegistrationFacts);
    const after = applyRegistrationChange(before, change);
    if (before && sameFacts(before, after)) return;
    // The registration's number and label ("EMS … – 7/11 ans Escalade – Léo"), through reservations' public face.
    const registration = before?.number ? undefined : await this.registrations.forPayment(familyId, registrationId);
    const facts: RegistrationFacts = { ...after, number: before?.number ?? registration?.number ?? null, label: before?.label ?? registration?.label ?? null };
    await this.feed.save([{ id: row.id, item: registrationItem(facts), facts: { ...facts } }]);
  }

  private async addRequestDecision(event: RequestDecided, outcome: 'accepted' | 'refused'): Promise<void> {
    const { familyId, childId, reservationId, action, itemIds } = event.payload;
    // Sequential: the delivery's transaction has one connection.
    const outcomes = await this.requests.outcomes(itemIds);
    if (!outcomes.length) return;
    const child = (await this.families.childNames([childId])).get(childId);
    const reasons = outcome === 'refused' ? [...new Set(outcomes.map((o) => o.reason).filter((r): r is string => Boolean(r)))] : [];
    const item = requestDecisionItem({
      outcome,
      action,
      reservationNumber: outcomes[0].reservationNumber,
      childFirstName: child?.firstName ?? null,
      serviceLabel: outcomes[0].serviceLabel,
      establishmentName: outcomes[0].establishmentName,
      days: outcomes.map((o) => ({ date: o.day, slot: o.slot })),
      reason: reasons.length ? reasons.join('\n') : null,
    });
    await this.feed.addOnce(
      { key: `reservation-request:${event.id}`, familyId, kind: 'reservation-request', subjectId: reservationId },
      item,
      { outcome, action, days: outcomes.map((o) => o.day) },
    );
  }
}
