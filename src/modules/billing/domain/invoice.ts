/** Invoices and credit notes: numbers, states, labels. */

export type InvoiceStatus = 'issued' | 'partly-paid' | 'paid' | 'cancelled';

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  issued: 'À payer',
  'partly-paid': 'Partiellement payée',
  paid: 'Payée',
  cancelled: 'Annulée',
};

/** The state of an invoice from its amounts: settled = what payments and credit notes allocated to it. */
export function invoiceStatus(i: { totalCents: number; settledCents: number; cancelled: boolean }): InvoiceStatus {
  if (i.cancelled) return 'cancelled';
  if (i.settledCents >= i.totalCents) return 'paid';
  return i.settledCents > 0 ? 'partly-paid' : 'issued';
}

/** REST-2026-000123: the office's code, the year, the rank in the series (gap-free). */
export function invoiceNumber(officeCode: string, year: number, seq: number): string {
  return `${officeCode}-${year}-${String(seq).padStart(6, '0')}`;
}

/** AV-REST-2026-000004: credit notes have their own series. */
export function creditNoteNumber(officeCode: string, year: number, seq: number): string {
  return `AV-${invoiceNumber(officeCode, year, seq)}`;
}

export const LINE_KINDS = ['day', 'unbooked-surcharge', 'absence-surcharge', 'adjustment', 'activity'] as const;
export type LineKind = (typeof LINE_KINDS)[number];
