import { allocate, oldestFirst, OpenInvoice } from './allocation';

const invoice = (id: string, remainingCents: number, dueOn = '2026-12-01', issuedOn = '2026-11-01', number = `N-${id}`): OpenInvoice => ({ id, number, remainingCents, dueOn, issuedOn });

describe('allocating an amount to open invoices', () => {
  it('pays part of one invoice (partial payment): nothing left', () => {
    expect(allocate(1500, [invoice('a', 4000)])).toEqual({ allocations: [{ invoiceId: 'a', number: 'N-a', amountCents: 1500, remainingCents: 2500 }], leftoverCents: 0 });
  });

  it('pays exactly what one invoice owes', () => {
    expect(allocate(4000, [invoice('a', 4000)])).toEqual({ allocations: [{ invoiceId: 'a', number: 'N-a', amountCents: 4000, remainingCents: 0 }], leftoverCents: 0 });
  });

  it('covers several invoices in the order given, the last one partly', () => {
    const { allocations, leftoverCents } = allocate(5000, [invoice('a', 2000), invoice('b', 2000), invoice('c', 2000)]);
    expect(allocations.map((a) => [a.invoiceId, a.amountCents, a.remainingCents])).toEqual([
      ['a', 2000, 0],
      ['b', 2000, 0],
      ['c', 1000, 1000],
    ]);
    expect(leftoverCents).toBe(0);
  });

  it('never goes beyond what each invoice owes: an overpayment is left over (family credit)', () => {
    const { allocations, leftoverCents } = allocate(10000, [invoice('a', 2000), invoice('b', 3000)]);
    expect(allocations.map((a) => a.amountCents)).toEqual([2000, 3000]);
    expect(leftoverCents).toBe(5000);
  });

  it('skips invoices that owe nothing (paid or cancelled meanwhile)', () => {
    const { allocations, leftoverCents } = allocate(3000, [invoice('a', 0), invoice('b', 1000)]);
    expect(allocations.map((a) => a.invoiceId)).toEqual(['b']);
    expect(leftoverCents).toBe(2000);
  });

  it('without invoices, everything is left over', () => {
    expect(allocate(700, [])).toEqual({ allocations: [], leftoverCents: 700 });
  });

  it('keeps every cent: allocated + left over = the amount, whatever the split', () => {
    for (let amount = 1; amount < 9000; amount += 97) {
      const { allocations, leftoverCents } = allocate(amount, [invoice('a', 1234), invoice('b', 1), invoice('c', 4321)]);
      expect(allocations.reduce((s, a) => s + a.amountCents, 0) + leftoverCents).toBe(amount);
      expect(allocations.every((a) => a.amountCents > 0 && a.remainingCents >= 0)).toBe(true);
    }
  });

  it('orders open invoices oldest first: due date, then issue date, then number', () => {
    const sorted = oldestFirst([
      invoice('late', 1, '2026-12-15', '2026-11-15', 'R-3'),
      invoice('same-due-later-issue', 1, '2026-12-01', '2026-11-02', 'R-2'),
      invoice('first', 1, '2026-12-01', '2026-11-01', 'R-9'),
      invoice('same-but-number', 1, '2026-12-01', '2026-11-01', 'R-1'),
    ]);
    expect(sorted.map((i) => i.id)).toEqual(['same-but-number', 'first', 'same-due-later-issue', 'late']);
  });
});
