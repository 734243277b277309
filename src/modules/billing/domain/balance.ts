/**
 * A family's balance at a date: invoices issued − credit notes − payments + refunds, up to that
 * date. Positive: the family owes; negative: it has a credit. It always equals what its open
 * invoices still owe minus its credit (the reconciliation invariant).
 */
export type MovementKind = 'invoice' | 'credit-note' | 'payment' | 'refund';

export interface Movement {
  kind: MovementKind;
  id: string;
  date: string;
  /** as written: invoices and credit notes their amount, payments their amount, refunds their amount (all positive) */
  amountCents: number;
}

/** + what the family owes more, − what it owes less. */
export function signed(m: Pick<Movement, 'kind' | 'amountCents'>): number {
  return m.kind === 'invoice' || m.kind === 'refund' ? m.amountCents : -m.amountCents;
}

export const MOVEMENT_LABELS: Record<MovementKind, string> = {
  invoice: 'Facture',
  'credit-note': 'Avoir',
  payment: 'Paiement',
  refund: 'Remboursement',
};

/** The movements in date order (then as given) with the balance after each. */
export function withRunningBalance<M extends Movement>(movements: M[]): (M & { signedCents: number; balanceCents: number })[] {
  let balance = 0;
  return movements
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.date.localeCompare(b.m.date) || a.i - b.i)
    .map(({ m }) => {
      const signedCents = signed(m);
      balance += signedCents;
      return { ...m, signedCents, balanceCents: balance };
    });
}

/** The invariant: Σ invoices − Σ credit notes − Σ payments + Σ refunds = Σ remaining due − credit. */
export function reconciles(movements: Pick<Movement, 'kind' | 'amountCents'>[], dueCents: number, creditCents: number): boolean {
  return movements.reduce((sum, m) => sum + signed(m), 0) === dueCents - creditCents;
}
