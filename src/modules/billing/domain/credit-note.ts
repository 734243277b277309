/**
 * Credit notes ("avoirs"): a correction of an invoice by staff, with a reason, or the cancellation of
 * the whole invoice. A credit note first settles what its invoice still owes; the rest of it is a
 * family credit (the invoice had been paid).
 */

/** The most a new credit note of an invoice may take off: its total minus its earlier credit notes. */
export function creditNoteRoom(totalCents: number, creditedCents: number): number {
  return Math.max(0, totalCents - creditedCents);
}

/** A credit note of `amountCents` on an invoice that still owes `remainingCents`: what settles it, what becomes a family credit. */
export function splitCreditNote(amountCents: number, remainingCents: number): { allocatedCents: number; creditCents: number } {
  const allocatedCents = Math.min(amountCents, Math.max(0, remainingCents));
  return { allocatedCents, creditCents: amountCents - allocatedCents };
}
