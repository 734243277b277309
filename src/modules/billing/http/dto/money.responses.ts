import { ApiProperty } from '@nestjs/swagger';

export class PaymentAllocationResponse {
  @ApiProperty() invoiceId: string;
  @ApiProperty({ example: 'REST-2026-000123' }) number: string;
  @ApiProperty({ example: 'Restauration scolaire — Novembre 2026' }) label: string;
  @ApiProperty({ example: 2500 }) amountCents: number;
}

export class PaymentResponse {
  @ApiProperty() id: string;
  @ApiProperty() familyId: string;
  @ApiProperty({ nullable: true, type: String }) officeId: string | null;
  @ApiProperty({ example: '2026-11-14' }) receivedOn: string;
  @ApiProperty({ example: 4500 }) amountCents: number;
  @ApiProperty({ enum: ['online', 'cash', 'cheque', 'transfer', 'cesu', 'card', 'other'] }) method: string;
  @ApiProperty({ example: 'Chèque' }) methodLabel: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ type: [PaymentAllocationResponse], description: 'the invoices it paid' }) allocations: PaymentAllocationResponse[];
  @ApiProperty() allocatedCents: number;
  @ApiProperty() refundedCents: number;
  @ApiProperty({ description: 'what is left of it: family credit' }) creditCents: number;
  @ApiProperty({ enum: ['available', 'awaiting-registration', 'to-refund'], nullable: true, type: String }) creditStatus: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Disponible : déduit des prochaines factures' }) creditStatusLabel: string | null;
}

export class BalanceInvoiceResponse {
  @ApiProperty() id: string;
  @ApiProperty() number: string;
  @ApiProperty() label: string;
  @ApiProperty() issuedOn: string;
  @ApiProperty() dueOn: string;
  @ApiProperty() totalCents: number;
  @ApiProperty({ description: '"Restant dû" at that date' }) remainingCents: number;
  @ApiProperty() overdue: boolean;
}

export class BalanceCreditResponse {
  @ApiProperty({ enum: ['payment', 'credit-note'] }) kind: string;
  @ApiProperty() id: string;
  @ApiProperty({ example: 'Paiement : Chèque n° 1234567' }) label: string;
  @ApiProperty() date: string;
  @ApiProperty() amountCents: number;
  @ApiProperty({ description: 'not used on invoices nor refunded at that date' }) unusedCents: number;
  @ApiProperty({ enum: ['available', 'awaiting-registration', 'to-refund'] }) status: string;
  @ApiProperty({ example: 'À rembourser' }) statusLabel: string;
}

export class MovementResponse {
  @ApiProperty() date: string;
  @ApiProperty({ enum: ['invoice', 'credit-note', 'payment', 'refund'] }) kind: string;
  @ApiProperty({ example: 'Facture' }) kindLabel: string;
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ example: 'Facture REST-2026-000123 — Restauration scolaire — Novembre 2026' }) label: string;
  @ApiProperty() amountCents: number;
  @ApiProperty({ description: '+ the family owes more, − less' }) signedCents: number;
  @ApiProperty({ description: 'the balance after it' }) balanceCents: number;
}

export class BalanceResponse {
  @ApiProperty() familyId: string;
  @ApiProperty() at: string;
  @ApiProperty() invoicedCents: number;
  @ApiProperty() creditNotesCents: number;
  @ApiProperty() paidCents: number;
  @ApiProperty() refundedCents: number;
  @ApiProperty({ description: 'invoices − credit notes − payments + refunds: positive, the family owes; negative, it has a credit; = dueCents − creditCents' }) balanceCents: number;
  @ApiProperty({ description: 'what the open invoices still owe' }) dueCents: number;
  @ApiProperty({ description: 'payments and credit notes not used yet' }) creditCents: number;
  @ApiProperty({ description: 'of the credit, what is due back to the family' }) creditToRefundCents: number;
  @ApiProperty({ type: [BalanceInvoiceResponse] }) openInvoices: BalanceInvoiceResponse[];
  @ApiProperty({ type: [BalanceCreditResponse] }) credits: BalanceCreditResponse[];
  @ApiProperty({ type: [MovementResponse] }) movements: MovementResponse[];
}

export class CreditNoteResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'AV-REST-2026-000004' }) number: string;
  @ApiProperty() officeId: string;
  @ApiProperty() familyId: string;
  @ApiProperty() invoiceId: string;
  @ApiProperty() invoiceNumber: string;
  @ApiProperty() amountCents: number;
  @ApiProperty({ description: 'settled on its invoice' }) allocatedCents: number;
  @ApiProperty({ description: 'became family credit' }) creditCents: number;
  @ApiProperty({ description: 'of that credit, not used yet' }) unusedCents: number;
  @ApiProperty() reason: string;
  @ApiProperty({ description: 'it cancelled the invoice' }) cancels: boolean;
  @ApiProperty() issuedOn: string;
}

export class CancellationResponse {
  @ApiProperty({ type: CreditNoteResponse }) creditNote: CreditNoteResponse;
  @ApiProperty({ description: 'amounts of units sent back to be billed again by the next run' }) unitsReversed: number;
}

export class RefundResponse {
  @ApiProperty() id: string;
  @ApiProperty() familyId: string;
  @ApiProperty({ nullable: true, type: String }) paymentId: string | null;
  @ApiProperty({ nullable: true, type: String }) creditNoteId: string | null;
  @ApiProperty() amountCents: number;
  @ApiProperty({ enum: ['transfer', 'cheque', 'cash', 'card', 'other'] }) method: string;
  @ApiProperty({ example: 'Virement' }) methodLabel: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty() refundedOn: string;
  @ApiProperty() reason: string;
}

export class RefundDueRegistrationResponse {
  @ApiProperty() registrationId: string;
  @ApiProperty({ enum: ['payment-too-late', 'already-paid'] }) reason: string;
  @ApiProperty() amountCents: number;
}

export class RefundDueResponse {
  @ApiProperty() paymentId: string;
  @ApiProperty() familyId: string;
  @ApiProperty({ nullable: true, type: String }) officeId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the payments module’s payment' }) sourcePaymentId: string | null;
  @ApiProperty() receivedOn: string;
  @ApiProperty() amountCents: number;
  @ApiProperty({ description: 'what is left to refund' }) unusedCents: number;
  @ApiProperty({ type: [RefundDueRegistrationResponse] }) registrations: RefundDueRegistrationResponse[];
  @ApiProperty() label: string;
}
