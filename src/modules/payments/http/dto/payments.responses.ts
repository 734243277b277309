import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TRANSACTION_STATES } from '../../domain/transaction';

export class PaidInvoiceResponse {
  @ApiProperty() invoiceId: string;
  @ApiProperty({ example: 'REST-2026-000123' }) number: string;
  @ApiProperty({ example: 'Restauration scolaire — Novembre 2026' }) label: string;
  @ApiProperty({ example: 1250 }) amountCents: number;
}

export class PreviewInvoiceResponse extends PaidInvoiceResponse {
  @ApiProperty({ description: '"Restant dû" before this payment' }) remainingCents: number;
}

export class PaidRegistrationResponse {
  @ApiProperty() registrationId: string;
  @ApiProperty({ example: 'I2026-000045' }) number: string;
}

export class PreviewRegistrationResponse extends PaidRegistrationResponse {
  @ApiProperty() label: string;
  @ApiProperty() amountCents: number;
}

export class PaymentPreviewResponse {
  @ApiProperty() officeId: string;
  @ApiProperty() officeName: string;
  @ApiProperty({ type: [PreviewInvoiceResponse] }) invoices: PreviewInvoiceResponse[];
  @ApiProperty({ type: PreviewRegistrationResponse, nullable: true }) registration: PreviewRegistrationResponse | null;
  @ApiProperty({ example: 2500, description: 'the amount debited' }) totalCents: number;
  @ApiProperty({ description: 'the payer’s e-mail address' }) email: string;
  @ApiProperty({ description: 'false: the payment will be refused until the address is confirmed' }) emailConfirmed: boolean;
}

export class StartedPaymentResponse {
  @ApiProperty() transactionId: string;
  @ApiProperty({ example: 'https://www.payfip.gouv.fr/tpa/paiementws.web?idop=…', description: 'send the browser there' }) redirectUrl: string;
}

export class PaymentTicketResponse {
  @ApiProperty({ example: 'TP-2026-000123' }) number: string;
  @ApiProperty() paidAt: Date;
  @ApiProperty() amountCents: number;
  @ApiProperty({ type: [PaidInvoiceResponse] }) invoices: PaidInvoiceResponse[];
  @ApiProperty({ type: PaidRegistrationResponse, nullable: true }) registration: PaidRegistrationResponse | null;
  @ApiProperty({ nullable: true, type: String, description: 'the card authorisation number' }) authorizationNumber: string | null;
}

export class PaymentViewResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: TRANSACTION_STATES }) state: string;
  @ApiProperty({ example: 'Paiement accepté' }) stateLabel: string;
  @ApiProperty({ nullable: true, type: String, description: 'while pending: R, Z, A (not final yet) or P5' }) provisional: string | null;
  @ApiProperty({ nullable: true, type: String }) provisionalLabel: string | null;
  @ApiProperty() amountCents: number;
  @ApiProperty() label: string;
  @ApiProperty({ type: [PaidInvoiceResponse] }) invoices: PaidInvoiceResponse[];
  @ApiProperty({ type: PaidRegistrationResponse, nullable: true }) registration: PaidRegistrationResponse | null;
  @ApiProperty() startedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) endedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'while pending: what it pays cannot be paid again before then' }) lockedUntil: Date | null;
  @ApiProperty({ type: PaymentTicketResponse, nullable: true }) ticket: PaymentTicketResponse | null;
}

export class CheckLogResponse {
  @ApiProperty() checkedAt: Date;
  @ApiProperty({ enum: ['start', 'notification', 'return', 'poll', 'guardian', 'staff'] }) via: string;
  @ApiProperty({ nullable: true, type: String }) accountId: string | null;
  @ApiProperty({ example: 'P', description: 'what the platform answered (P, V, R, Z, A, P5, P1, unavailable…)' }) answer: string;
  @ApiProperty() stateBefore: string;
  @ApiProperty() stateAfter: string;
  @ApiPropertyOptional({ type: Object, nullable: true }) details: Record<string, unknown> | null;
}

export class StaffTransactionResponse extends PaymentViewResponse {
  @ApiProperty({ description: 'refdet' }) reference: string;
  @ApiProperty({ nullable: true, type: String, description: 'idOp' }) operationId: string | null;
  @ApiProperty() familyId: string;
  @ApiProperty() accountId: string;
  @ApiProperty() payerEmail: string;
  @ApiProperty() officeId: string;
  @ApiProperty() numcli: string;
  @ApiProperty({ enum: ['T', 'X', 'W'] }) mode: string;
  @ApiProperty({ nullable: true, type: String }) resultCode: string | null;
  @ApiProperty({ nullable: true, type: String }) authorizationNumber: string | null;
  @ApiProperty({ nullable: true, type: Date }) transactionAt: Date | null;
  @ApiProperty({ nullable: true, type: Object }) providerData: Record<string, string> | null;
  @ApiProperty({ nullable: true, type: Date }) lastCheckedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) errorReason: string | null;
  @ApiProperty() mismatch: boolean;
}

export class StaffTransactionDetailResponse extends StaffTransactionResponse {
  @ApiProperty({ type: [CheckLogResponse] }) checks: CheckLogResponse[];
}

export class TransactionsPageResponse {
  @ApiProperty() count: number;
  @ApiProperty({ type: [StaffTransactionResponse] }) items: StaffTransactionResponse[];
}

export class DailyTotalResponse {
  @ApiProperty({ example: '2026-11-14' }) day: string;
  @ApiProperty() officeId: string;
  @ApiProperty() count: number;
  @ApiProperty() amountCents: number;
}

export class DailyTotalsResponse {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [DailyTotalResponse] }) days: DailyTotalResponse[];
  @ApiProperty() count: number;
  @ApiProperty() totalCents: number;
}

export class OfficeSettingsResponse {
  @ApiProperty() officeId: string;
  @ApiProperty() officeName: string;
  @ApiProperty({ nullable: true, type: String }) numcli: string | null;
  @ApiProperty({ nullable: true, enum: ['T', 'X', 'W'] }) mode: string | null;
  @ApiProperty({ description: 'its invoices can be paid online' }) onlinePayment: boolean;
  @ApiProperty() paymentLockMinutes: number;
  @ApiProperty({ nullable: true, type: Date }) updatedAt: Date | null;
}
