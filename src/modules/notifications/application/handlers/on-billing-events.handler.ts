import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { DomainEvent, EventConsumer, OnDomainEvent } from '../../../../platform/events';
import { FamilyDirectory } from '../../../family';
import { MessageRepository } from '../../infrastructure/message.repository';
import { invoiceIssuedEmail, invoiceReminderEmail } from '../templates/billing.templates';

/**
 * Billing issued an invoice, or an unpaid invoice is due a reminder: each guardian of the family who
 * has an account gets an e-mail (one message per guardian, added pending in the delivery's
 * transaction; the MessageSender sends it). The event carries the number, the amounts and the due
 * date; the guardians are read through the family's public face. One reminder event per rank, so a
 * guardian gets each reminder once (the message key is event, kind and recipient).
 * Handler ids (`BillingMessagesHandler.<method>`) are recorded in the inbox: do not rename.
 */
@Injectable()
@EventConsumer('notifications')
export class BillingMessagesHandler {
  constructor(
    private readonly messages: MessageRepository,
    private readonly families: FamilyDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @OnDomainEvent('billing.invoice.issued.v1')
  async onInvoiceIssued(event: DomainEvent<'billing.invoice.issued.v1'>): Promise<void> {
    const { invoiceId, familyId, number, totalCents, remainingCents, dueOn } = event.payload;
    const invoiceUrl = this.invoiceUrl(invoiceId);
    for (const g of await this.families.guardiansWithAccount(familyId)) {
      const displayName = `${g.firstName} ${g.lastName}`;
      const content = invoiceIssuedEmail({ displayName, number, totalCents, remainingCents, dueOn, invoiceUrl });
      await this.messages.add({ eventId: event.id, kind: 'invoice-issued', channel: 'email', recipient: g.email, recipientName: displayName, ...content });
    }
  }

  @OnDomainEvent('billing.invoice.reminder-due.v1')
  async onReminderDue(event: DomainEvent<'billing.invoice.reminder-due.v1'>): Promise<void> {
    const { invoiceId, familyId, number, remainingCents, dueOn, rank } = event.payload;
    const invoiceUrl = this.invoiceUrl(invoiceId);
    for (const g of await this.families.guardiansWithAccount(familyId)) {
      const displayName = `${g.firstName} ${g.lastName}`;
      const content = invoiceReminderEmail({ displayName, number, remainingCents, dueOn, rank, invoiceUrl });
      await this.messages.add({ eventId: event.id, kind: 'invoice-reminder', channel: 'email', recipient: g.email, recipientName: displayName, ...content });
    }
  }

  private invoiceUrl(invoiceId: string): string {
    return `${this.config.publicUrl}/factures/${invoiceId}`;
  }
}
