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
