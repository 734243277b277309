import { ApiProperty } from '@nestjs/swagger';

export class ReminderResponse {
  @ApiProperty({ example: 1 }) rank: number;
  @ApiProperty() sentAt: string;
}

export class UnpaidInvoiceResponse {
  @ApiProperty() invoiceId: string;
  @ApiProperty({ example: 'REST-2026-000123' }) number: string;
  @ApiProperty() familyId: string;
  @ApiProperty({ example: 'Marie Dupont et Paul Dupont' }) familyName: string;
  @ApiProperty({ nullable: true, type: String }) familyReference: string | null;
  @ApiProperty() label: string;
  @ApiProperty() issuedOn: string;
  @ApiProperty() dueOn: string;
  @ApiProperty() totalCents: number;
  @ApiProperty({ description: 'paid or credited' }) paidCents: number;
  @ApiProperty({ description: '"Restant dû"' }) remainingCents: number;
  @ApiProperty({ description: '0 before the due date' }) daysOverdue: number;
  @ApiProperty({ type: [ReminderResponse], description: 'reminders raised, by rank' }) reminders: ReminderResponse[];
}

export class UnpaidListResponse {
  @ApiProperty() officeId: string;
  @ApiProperty() today: string;
  @ApiProperty({ description: 'invoices matching, beyond this page' }) count: number;
  @ApiProperty({ description: 'what they still owe, in all' }) remainingCents: number;
  @ApiProperty({ type: [UnpaidInvoiceResponse] }) invoices: UnpaidInvoiceResponse[];
}

export class ReconciliationResponse {
  @ApiProperty() officeId: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ description: 'invoices issued in the period (cancelled ones too: their credit note counts below)' }) invoicesCents: number;
  @ApiProperty({ description: 'credit notes made in the period' }) creditNotesCents: number;
  @ApiProperty({ description: 'payments received in the period' }) paymentsCents: number;
  @ApiProperty({ description: 'money given back to families in the period (out of their credit)' }) refundsCents: number;
  @ApiProperty({ description: 'invoices − credit notes − payments + refunds' }) netCents: number;
  @ApiProperty({ description: 'sum of the families’ balances the day before the period (what they owe, less their credit)' }) openingBalancesCents: number;
  @ApiProperty({ description: 'sum of the families’ balances on the last day of the period' }) closingBalancesCents: number;
  @ApiProperty({ description: 'closing − opening' }) balancesChangeCents: number;
  @ApiProperty({ description: 'families whose balance is not zero at the end of the period' }) families: number;
  @ApiProperty({ description: 'invoices whose amount settled is not the sum of their allocations (should be 0)' }) settledMismatches: number;
  @ApiProperty({ description: 'payments or credit notes allocated or refunded beyond their amount (should be 0)' }) overAllocated: number;
  @ApiProperty({ description: 'netCents = balancesChangeCents and nothing allocated wrongly' }) reconciled: boolean;
}
