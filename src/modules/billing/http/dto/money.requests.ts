import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { IsCalendarDate, Present } from '../../../../platform/http';
import { MANUAL_PAYMENT_METHODS, ManualPaymentMethod, MAX_AMOUNT_CENTS, REFUND_METHODS, RefundMethod } from '../../domain/payment';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const UUID = { message: 'doit être un identifiant (UUID)' };
/** A positive amount in cents, at most 1 000 000,00 €. */
const amount = () =>
  applyDecorators(
    IsInt({ message: 'doit être un montant en centimes (nombre entier)' }),
    Min(1, { message: 'doit être d’au moins 1 centime' }),
    Max(MAX_AMOUNT_CENTS, { message: 'doit être d’au plus 1 000 000,00 €' }),
  );
const REASON = { message: 'doit être renseigné (500 caractères au plus)' };
const REFERENCE = { message: '100 caractères au plus' };

export class ManualPaymentRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) familyId: string;
  @ApiProperty({ example: 4500, description: 'in cents' }) @amount() amountCents: number;
  @ApiProperty({ enum: MANUAL_PAYMENT_METHODS })
  @IsIn(MANUAL_PAYMENT_METHODS, { message: `doit valoir ${MANUAL_PAYMENT_METHODS.join(', ')}` })
  method: ManualPaymentMethod;
  @ApiPropertyOptional({ nullable: true, type: String, example: '1234567', description: 'cheque number, transfer reference…' })
  @IsOptional()
  @Transform(trim)
  @IsString(REFERENCE)
  @Length(1, 100, REFERENCE)
  reference?: string | null;
  @ApiProperty({ example: '2026-11-14', description: 'the day the money was received (not in the future)' }) @IsCalendarDate() receivedOn: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'the office that received it; default: the office of the first invoice it pays' })
  @IsOptional()
  @IsUUID('all', UUID)
  officeId?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'the invoices it pays, in this order; default: the family’s open invoices, oldest first' })
  @Present()
  @IsArray({ message: 'doit être une liste' })
  @ArrayMinSize(1, { message: 'au moins une facture' })
  @ArrayMaxSize(100, { message: '100 factures au plus' })
  @ArrayUnique({ message: 'chaque facture une seule fois' })
  @IsUUID('all', { each: true, message: 'chaque valeur doit être un identifiant (UUID)' })
  invoiceIds?: string[];
}

export class CreditNoteRequest {
  @ApiProperty({ example: 350, description: 'in cents; at most the invoice’s total minus its earlier credit notes' }) @amount() amountCents: number;
  @ApiProperty({ example: 'Repas facturé deux fois le 12/11' }) @Transform(trim) @IsString(REASON) @Length(1, 500, REASON) reason: string;
}

export class CancelInvoiceRequest {
  @ApiProperty({ example: 'Facture émise à tort (changement de régie)' }) @Transform(trim) @IsString(REASON) @Length(1, 500, REASON) reason: string;
}

export class RefundRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'the payment refunded (or creditNoteId)' }) @Present() @IsUUID('all', UUID) paymentId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the credit note refunded (or paymentId)' }) @Present() @IsUUID('all', UUID) creditNoteId?: string;
  @ApiProperty({ example: 4500, description: 'in cents; at most what is left of it' }) @amount() amountCents: number;
  @ApiProperty({ enum: REFUND_METHODS }) @IsIn(REFUND_METHODS, { message: `doit valoir ${REFUND_METHODS.join(', ')}` }) method: RefundMethod;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @Transform(trim) @IsString(REFERENCE) @Length(1, 100, REFERENCE) reference?: string | null;
  @ApiProperty({ example: '2026-11-20' }) @IsCalendarDate() refundedOn: string;
  @ApiProperty({ example: 'Inscription annulée : paiement reçu après la libération des places' }) @Transform(trim) @IsString(REASON) @Length(1, 500, REASON) reason: string;
}

export class BalanceQuery {
  @ApiPropertyOptional({ example: '2026-12-31', description: 'the balance at the end of that day; default: today' }) @IsOptional() @IsCalendarDate() at?: string;
}

export class PaymentsQuery {
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class RefundsDueQuery extends PaymentsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', UUID) familyId?: string;
}
