/**
 * Allocating an amount (a payment, a credit note) to a family's open invoices: oldest first (due
 * date, then issue date, then number) unless told which, never beyond what each still owes; what
 * is left is a family credit, used on the next invoices.
 */
export interface OpenInvoice {
  id: string;
  number: string;
  remainingCents: number;
  dueOn: string;
  issuedOn: string;
}

export interface Allocation {
  invoiceId: string;
  number: string;
  amountCents: number;
  /** what the invoice still owes after it */
  remainingCents: number;
}

export function oldestFirst(invoices: OpenInvoice[]): OpenInvoice[] {
  return [...invoices].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.issuedOn.localeCompare(b.issuedOn) || a.number.localeCompare(b.number));
}

/** Allocates `amountCents` over `invoices` in the order given. */
export function allocate(amountCents: number, invoices: OpenInvoice[]): { allocations: Allocation[]; leftoverCents: number } {
  let left = amountCents;
  const allocations: Allocation[] = [];
  for (const invoice of invoices) {
    if (left <= 0) break;
    const amount = Math.min(left, invoice.remainingCents);
    if (amount <= 0) continue;
    allocations.push({ invoiceId: invoice.id, number: invoice.number, amountCents: amount, remainingCents: invoice.remainingCents - amount });
    left -= amount;
  }
  return { allocations, leftoverCents: left };
}
