import { ApiProperty } from '@nestjs/swagger';
import { IssuerRequest } from './billing.requests';

export class OfficeResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'REST' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) establishmentIds: string[];
  @ApiProperty() dueDays: number;
  @ApiProperty({ type: [Number] }) reminderDays: number[];
  @ApiProperty() paymentLockMinutes: number;
  @ApiProperty({ type: IssuerRequest }) issuer: IssuerRequest;
  @ApiProperty({ nullable: true, type: String }) paymentInstructions: string | null;
  @ApiProperty() active: boolean;
}

export class RuleResponse {
  @ApiProperty() serviceId: string;
  @ApiProperty() officeId: string;
  @ApiProperty() establishmentId: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['day', 'half-day', 'hour'] }) unit: string;
  @ApiProperty({ enum: ['booked', 'attended'] }) basis: string;
  @ApiProperty() unbookedPresenceSurchargeCents: number;
  @ApiProperty() unexcusedAbsenceSurchargeCents: number;
}

export class PriceResponse {
  @ApiProperty() id: string;
  @ApiProperty() serviceId: string;
  @ApiProperty() quotientMin: number;
  @ApiProperty({ nullable: true, type: Number }) quotientMax: number | null;
  @ApiProperty({ example: 350 }) amountCents: number;
  @ApiProperty() validFrom: string;
  @ApiProperty({ nullable: true, type: String }) validTo: string | null;
}

export class RunResponse {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'null for a dry run, or when there was nothing to bill' }) runId: string | null;
  @ApiProperty({ description: 'families with something that changed in the period' }) families: number;
  @ApiProperty() invoices: number;
  @ApiProperty() lines: number;
  @ApiProperty({ description: 'unit amounts billed (a day, a surcharge, a change)' }) units: number;
  @ApiProperty() totalCents: number;
  @ApiProperty({ description: 'families whose changes add up to nothing to pay: left for a later run' }) carriedFamilies: number;
  @ApiProperty() issuedOn: string;
  @ApiProperty() dueOn: string;
}

export class RunSummaryResponse {
  @ApiProperty() id: string;
  @ApiProperty() officeId: string;
  @ApiProperty({ example: 'REST' }) officeCode: string;
  @ApiProperty({ example: 'Novembre 2026' }) label: string;
  @ApiProperty() periodFrom: string;
  @ApiProperty() periodTo: string;
  @ApiProperty() invoices: number;
  @ApiProperty() totalCents: number;
  @ApiProperty({ description: 'the staff account that ran it' }) createdBy: string;
  @ApiProperty() createdAt: Date;
}

export class InvoiceResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'REST-2026-000123' }) number: string;
  @ApiProperty({ example: 'Restauration scolaire — Novembre 2026' }) label: string;
  @ApiProperty() officeId: string;
  @ApiProperty() officeName: string;
  @ApiProperty() familyId: string;
  @ApiProperty() periodFrom: string;
  @ApiProperty() periodTo: string;
  @ApiProperty() issuedOn: string;
  @ApiProperty() dueOn: string;
  @ApiProperty() totalCents: number;
  @ApiProperty({ description: 'paid or credited' }) paidCents: number;
  @ApiProperty({ description: '"Restant dû"' }) remainingCents: number;
  @ApiProperty({ enum: ['issued', 'partly-paid', 'paid', 'cancelled'] }) status: string;
  @ApiProperty({ example: 'À payer' }) statusLabel: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ description: 'can be paid online now ("Payer")' }) payable: boolean;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
}

export class InvoiceLineResponse {
  @ApiProperty() id: string;
  @ApiProperty() position: number;
  @ApiProperty({ nullable: true, type: String }) childId: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Léo Dupont' }) childName: string | null;
  @ApiProperty({ nullable: true, type: String }) serviceId: string | null;
  @ApiProperty({ enum: ['day', 'unbooked-surcharge', 'absence-surcharge', 'adjustment', 'activity'] }) kind: string;
  @ApiProperty({ example: 'Restauration scolaire (jour)' }) label: string;
  @ApiProperty({ example: 12 }) quantity: number;
  @ApiProperty({ example: 350 }) unitPriceCents: number;
  @ApiProperty({ example: 4200 }) amountCents: number;
}

export class InvoiceDetailResponse extends InvoiceResponse {
  @ApiProperty({ type: [InvoiceLineResponse] }) lines: InvoiceLineResponse[];
}
