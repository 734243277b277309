import { Injectable } from '@nestjs/common';
import { todayInParis } from '../../../platform/dates';
import { DomainEvent, EventConsumer, OnDomainEvent } from '../../../platform/events';
import { LedgerRepository } from '../infrastructure/ledger.repository';
import { ActivityInvoicesService } from './activity-invoices.service';
import { PaymentsService } from './payments.service';

/**
 * The money billing hears of from the other modules, each applied in the delivery's transaction
 * (inbox: a redelivered event is a no-op; an online payment is also recorded once per payment of the
 * payments module, whatever the event that carries it):
 * - an online payment validated: recorded and allocated to its invoices, the rest a family credit;
 * - a term-activity registration confirmed: its invoice, paid by its payment;
 * - a registration released because its payment came too late, or a second payment of a registration
 *   already paid: that payment's money is due back — it stays a family credit, shown to staff "to
 *   refund", never used on invoices.
 */
@Injectable()
@EventConsumer('billing')
export class MoneyEventsHandler {
  constructor(
    private readonly payments: PaymentsService,
    private readonly activityInvoices: ActivityInvoicesService,
    private readonly ledger: LedgerRepository,
  ) {}

  @OnDomainEvent('payments.payment.validated.v1')
  async onPaymentValidated(event: DomainEvent<'payments.payment.validated.v1'>): Promise<void> {
    // received the day the platform validated it
    await this.payments.recordOnline(event.payload, todayInParis(new Date(event.occurredAt)));
  }

  @OnDomainEvent('reservations.activity-place.confirmed.v1')
  async onActivityPlaceConfirmed(event: DomainEvent<'reservations.activity-place.confirmed.v1'>): Promise<void> {
    // issued the day it is recorded (a delivery replayed later is issued then: numbers follow dates)
    await this.activityInvoices.onConfirmed(event.payload, todayInParis());
  }

  @OnDomainEvent('reservations.activity-place.released.v1')
  async onActivityPlaceReleased(event: DomainEvent<'reservations.activity-place.released.v1'>): Promise<void> {
    const p = event.payload;
    if (p.reason !== 'payment-too-late' || !p.paymentId) return;
    await this.ledger.recordOutcome({ sourcePaymentId: p.paymentId, registrationId: p.registrationId, familyId: p.familyId, outcome: 'due-back', reason: 'payment-too-late', amountCents: p.amountCents });
  }

  @OnDomainEvent('reservations.activity-payment.declined.v1')
  async onActivityPaymentDeclined(event: DomainEvent<'reservations.activity-payment.declined.v1'>): Promise<void> {
    const p = event.payload;
    await this.ledger.recordOutcome({ sourcePaymentId: p.paymentId, registrationId: p.registrationId, familyId: p.familyId, outcome: 'due-back', reason: 'already-paid', amountCents: p.amountCents });
  }
}
