/**
 * Events raised by billing (catalogue in docs/events.md). Ids, numbers and amounts in cents; never
 * a child's name nor staff's free text (a credit note's reason is read with the module's public face).
 */
declare module '../../../platform/events/domain-event' {
  interface DomainEventCatalog {
    /** An invoice was issued (a billing run, or a paid term-activity registration). */
    'billing.invoice.issued.v1': { invoiceId: string; familyId: string; officeId: string; number: string; totalCents: number; remainingCents: number; dueOn: string };
    /** Staff cancelled an invoice: it keeps its number and gets a credit note of its whole amount. */
    'billing.invoice.cancelled.v1': { invoiceId: string; familyId: string; officeId: string; number: string; creditNoteId: string };
    /** An amount (a payment or a credit note) was allocated to invoices; remaining due of each after it. */
    'billing.payment.allocated.v1': {
      familyId: string;
      paymentId: string | null;
      creditNoteId: string | null;
      allocations: { invoiceId: string; number: string; amountCents: number; remainingCents: number }[];
    };
    /** A family credit appeared: an overpayment, or a credit note beyond what its invoice still owed. */
    'billing.credit.created.v1': { familyId: string; amountCents: number; paymentId: string | null; creditNoteId: string | null };
    /** An invoice is overdue and a reminder is due (rank 1, 2… after the office's delays). */
    'billing.invoice.reminder-due.v1': { invoiceId: string; familyId: string; officeId: string; number: string; remainingCents: number; dueOn: string; rank: number };
  }
}

export {};
