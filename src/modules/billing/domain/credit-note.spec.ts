import { creditNoteRoom, splitCreditNote } from './credit-note';

describe('credit notes', () => {
  it('may take off at most the total minus the earlier credit notes', () => {
    expect(creditNoteRoom(5000, 0)).toBe(5000);
    expect(creditNoteRoom(5000, 1500)).toBe(3500);
    expect(creditNoteRoom(5000, 5000)).toBe(0);
    expect(creditNoteRoom(5000, 6000)).toBe(0);
  });

  it('settles what the invoice still owes first; the rest becomes a family credit', () => {
    // not paid yet: all of it settles the invoice
    expect(splitCreditNote(1000, 5000)).toEqual({ allocatedCents: 1000, creditCents: 0 });
    // partly paid: what it still owes is settled, the rest is credit
    expect(splitCreditNote(3000, 2000)).toEqual({ allocatedCents: 2000, creditCents: 1000 });
    // paid in full: a credit note after payment is all credit
    expect(splitCreditNote(1500, 0)).toEqual({ allocatedCents: 0, creditCents: 1500 });
  });

  it('cancelling a partly paid invoice: its remaining due is settled, what was paid becomes credit', () => {
    const total = 8000;
    const paid = 3000;
    const { allocatedCents, creditCents } = splitCreditNote(creditNoteRoom(total, 0), total - paid);
    expect(allocatedCents).toBe(5000);
    expect(creditCents).toBe(paid);
  });
});
