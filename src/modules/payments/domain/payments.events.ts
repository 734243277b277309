/**
 * Events raised by payments. Issue 8 builds the module that raises them; reservations already
 * consumes them (a paid term-activity registration is confirmed, a failed one released), so their
 * shape is fixed here, by their producer.
 */
declare module '../../../platform/events/domain-event' {
  interface DomainEventCatalog {
    /** The platform confirmed the payment (result P or V). */
    'payments.payment.validated.v1': {
      paymentId: string;
      familyId: string;
      amountCents: number;
      invoiceIds: string[];
      /** term-activity registrations paid by it (reservations confirms their places) */
      registrationIds: string[];
      /** added by issue 8: the payment ticket (TP-2026-000123) */
      ticketNumber?: string;
      /** the card authorisation number (numauto); null for a direct debit or when the platform gave none */
      authorizationNumber?: string | null;
      /** when the platform recorded the payment (dattrans + heurtrans), ISO */
      paidAt?: string;
      /** the billing office the money was paid to */
      officeId?: string;
      /** the guardian who paid: the ticket is e-mailed to this address */
      payerAccountId?: string;
      payerEmail?: string;
      payerName?: string;
      /** what each invoice was paid, in the order of invoiceIds */
      invoices?: { invoiceId: string; number: string; amountCents: number }[];
      /** I2026-000045, when it paid a registration */
      registrationNumber?: string | null;
    };
    /** The payment ended without money: refused (R, Z), abandoned (A after the lock window) or expired. */
    'payments.payment.failed.v1': {
      paymentId: string;
      familyId: string;
      outcome: 'refused' | 'abandoned' | 'expired';
      invoiceIds: string[];
      registrationIds: string[];
    };
  }
}

export {};
