import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { DomainEvent, EventConsumer, OnDomainEvent } from '../../../../platform/events';
import { MessageRepository } from '../../infrastructure/message.repository';
import { paymentTicketEmail } from '../templates/payments.templates';

/**
 * A validated online payment: its ticket is e-mailed to the guardian who paid (the address the
 * payment was made with, carried by the event). One message per event (the message key is event,
 * kind and recipient). Handler ids (`PaymentMessagesHandler.<method>`) are recorded in the inbox: do not rename.
 */
@Injectable()
@EventConsumer('notifications')
export class PaymentMessagesHandler {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly messages: MessageRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @OnDomainEvent('payments.payment.validated.v1')
  async onPaymentValidated(event: DomainEvent<'payments.payment.validated.v1'>): Promise<void> {
    const p = event.payload;
    if (!p.payerEmail || !p.ticketNumber) {
      this.logger.warn({ paymentId: p.paymentId }, 'validated payment without payer or ticket: no ticket e-mailed');
      return;
    }
    const displayName = p.payerName ?? '';
    const content = paymentTicketEmail({
      displayName,
      ticketNumber: p.ticketNumber,
      paidAt: p.paidAt ?? event.occurredAt,
      amountCents: p.amountCents,
      authorizationNumber: p.authorizationNumber ?? null,
      invoices: (p.invoices ?? []).map((i) => ({ number: i.number, amountCents: i.amountCents })),
      registrationNumber: p.registrationNumber ?? null,
      paymentUrl: `${this.config.publicUrl.replace(/\/+$/, '')}/paiements/${p.paymentId}`,
    });
    await this.messages.add({ eventId: event.id, kind: 'payment-ticket', channel: 'email', recipient: p.payerEmail, recipientName: displayName || undefined, ...content });
  }
}
