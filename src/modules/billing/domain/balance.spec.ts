import { reconciles, signed, withRunningBalance } from './balance';

describe('a family balance', () => {
  it('adds invoices and refunds, takes off credit notes and payments', () => {
    expect(signed({ kind: 'invoice', amountCents: 100 })).toBe(100);
    expect(signed({ kind: 'refund', amountCents: 100 })).toBe(100);
    expect(signed({ kind: 'credit-note', amountCents: 100 })).toBe(-100);
    expect(signed({ kind: 'payment', amountCents: 100 })).toBe(-100);
  });

  it('runs in date order, keeping the given order on the same day', () => {
    const rows = withRunningBalance([
      { kind: 'payment', id: 'p', date: '2026-11-20', amountCents: 3000 },
      { kind: 'invoice', id: 'i1', date: '2026-11-01', amountCents: 5000 },
      { kind: 'credit-note', id: 'c', date: '2026-11-20', amountCents: 500 },
      { kind: 'refund', id: 'r', date: '2026-11-25', amountCents: 200 },
    ]);
    expect(rows.map((r) => [r.id, r.signedCents, r.balanceCents])).toEqual([
      ['i1', 5000, 5000],
      ['p', -3000, 2000],
      ['c', -500, 1500],
      ['r', 200, 1700],
    ]);
  });

  it('reconciles: Σ invoices − Σ credit notes − Σ payments + Σ refunds = remaining due − credit', () => {
    const movements = [
      { kind: 'invoice' as const, amountCents: 5000 },
      { kind: 'payment' as const, amountCents: 7000 },
      { kind: 'refund' as const, amountCents: 500 },
    ];
    // the invoice is paid, 2 000 of credit, 500 refunded: 1 500 of credit left
    expect(reconciles(movements, 0, 1500)).toBe(true);
    expect(reconciles(movements, 0, 2000)).toBe(false);
  });
});
