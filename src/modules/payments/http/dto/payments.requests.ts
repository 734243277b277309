import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDefined, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, Present } from '../../../../platform/http';
import { TRANSACTION_STATES, TransactionState } from '../../domain/transaction';

const UUID = { message: 'doit être un identifiant (UUID)' };
const AMOUNT_REQUIRED = 'Le montant est obligatoire';

export class InvoiceToPay {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', UUID) invoiceId: string;
  @ApiProperty({ example: 1250, description: 'in cents, more than 0 and at most the remaining due; with several invoices, each one’s remaining due' })
  @IsDefined({ message: AMOUNT_REQUIRED })
  @IsInt({ message: 'Le montant doit être un nombre entier de centimes' })
  @Min(1, { message: 'Le montant doit être supérieur à 0' })
  @Max(10_000_000, { message: 'Le montant ne peut pas dépasser 100 000,00 €' })
  amountCents: number;
}

/** One invoice with a chosen amount, several invoices of one office ticked together, or a held registration. */
export class PaymentRequest {
  @ApiPropertyOptional({ type: [InvoiceToPay], description: 'the invoices to pay, in this order (or registrationId)' })
  @Present()
  @IsArray({ message: 'doit être une liste' })
  @ArrayMinSize(1, { message: 'au moins une facture' })
  @ArrayMaxSize(50, { message: '50 factures au plus' })
  @ArrayUnique((i: InvoiceToPay) => (i && typeof i === 'object' ? i.invoiceId : i), { message: 'chaque facture une seule fois' })
  @ValidateNested({ each: true })
  @Type(() => InvoiceToPay)
  invoices?: InvoiceToPay[];

  @ApiPropertyOptional({ format: 'uuid', description: 'a held term-activity registration (or invoices)' })
  @Present()
  @IsUUID('all', UUID)
  registrationId?: string;
}

export class OfficeSettingsRequest {
  @ApiProperty({ example: '012345', description: 'the PayFiP customer number (6 digits) given by the DGFiP' })
  @Matches(/^[0-9]{6}$/, { message: 'doit compter 6 chiffres' })
  numcli: string;
  @ApiProperty({ enum: ['T', 'X', 'W'], description: 'T test, X activation (real cards, checked by the DGFiP), W production' })
  @IsIn(['T', 'X', 'W'], { message: 'doit valoir T (test), X (activation) ou W (production)' })
  mode: 'T' | 'X' | 'W';
}

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class TransactionsQuery {
  @ApiPropertyOptional({ enum: TRANSACTION_STATES }) @IsOptional() @IsIn(TRANSACTION_STATES, { message: `doit valoir ${TRANSACTION_STATES.join(', ')}` }) state?: TransactionState;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', UUID) officeId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', UUID) familyId?: string;
  @ApiPropertyOptional({ example: '2026-11-01', description: 'started on or after that day (Paris)' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2026-11-30', description: 'started on or before that day (Paris)' }) @IsOptional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({ description: 'only those whose platform answer did not match (amount, reference, customer number)' })
  @IsOptional()
  @Transform(bool)
  @IsIn([true, false], { message: 'doit valoir true ou false' })
  mismatch?: boolean;
  @ApiPropertyOptional({ description: 'only the pending ones older than their lock' })
  @IsOptional()
  @Transform(bool)
  @IsIn([true, false], { message: 'doit valoir true ou false' })
  stale?: boolean;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class DailyTotalsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', UUID) officeId?: string;
  @ApiPropertyOptional({ example: '2026-11-01', description: 'default: the first day of the month of `to`' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2026-11-30', description: 'default: today (Paris)' }) @IsOptional() @IsCalendarDate() to?: string;
}
