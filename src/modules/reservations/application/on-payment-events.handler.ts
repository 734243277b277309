import { Injectable, Logger } from '@nestjs/common';
import { DomainEvent, EventConsumer, OnDomainEvent } from '../../../platform/events';
import { onFailedPayment, onValidatedPayment, RELEASE_REASON_OF_OUTCOME } from '../domain/activity';
import { ActivityRegistrationRepository } from '../infrastructure/activity-registration.repository';
import { ActivityHolds } from './activity-holds';

/**
 * The outcome of a payment for term-activity registrations (events of the payments module): a
 * validated payment confirms the places (or takes them again, or declares the money due back), a
 * failed one releases them. Runs in the delivery's transaction, after the inbox row: a redelivery
 * is a no-op; each transition is also guarded by the registration's current status.
 */
@Injectable()
@EventConsumer('reservations')
export class PaymentOutcomeHandler {
  private readonly logger = new Logger('PaymentOutcomeHandler');

  constructor(
    private readonly registrations: ActivityRegistrationRepository,
    private readonly holds: ActivityHolds,
  ) {}

  @OnDomainEvent('payments.payment.validated.v1')
  async onPaymentValidated(event: DomainEvent<'payments.payment.validated.v1'>): Promise<void> {
    const { paymentId, familyId, amountCents, invoiceIds, registrationIds } = event.payload;
    const regs = await this.lock(event.id, familyId, registrationIds);
    const due = regs.reduce((sum, r) => sum + r.amountCents, 0);
    // A payment of registrations only must cover them: anything else is a fault upstream that staff
    // must look at (the delivery fails, is retried, then shows among the dead letters).
    if (!invoiceIds.length && amountCents < due) {
      throw new Error(`payment ${paymentId} of ${amountCents} cents does not cover its activity registrations (${due} cents due)`);
    }
    for (const r of regs) {
      switch (onValidatedPayment(r, paymentId)) {
        case 'confirm':
          await this.holds.confirm(r, paymentId);
          break;
        case 'retake':
          await this.holds.retake(r, paymentId);
          break;
        case 'already-paid':
          await this.holds.declinePayment(r, paymentId);
          break;
        case 'already-applied':
          break;
      }
    }
  }

  @OnDomainEvent('payments.payment.failed.v1')
  async onPaymentFailed(event: DomainEvent<'payments.payment.failed.v1'>): Promise<void> {
    const { paymentId, familyId, outcome, registrationIds } = event.payload;
    const regs = await this.lock(event.id, familyId, registrationIds);
    await this.holds.release(regs.filter((r) => onFailedPayment(r) === 'release'), RELEASE_REASON_OF_OUTCOME[outcome], paymentId);
  }

  /** The family's registrations named by the event, locked; ids of another family or unknown are left out (and logged). */
  private async lock(eventId: string, familyId: string, registrationIds: string[]) {
    const ids = [...new Set(registrationIds)];
    if (!ids.length) return [];
    const regs = await this.registrations.lockOfFamily(familyId, ids);
    if (regs.length < ids.length) this.logger.warn({ eventId, unknown: ids.filter((id) => !regs.some((r) => r.id === id)) }, 'payment event names registrations this family does not have: left out');
    return regs;
  }
}
