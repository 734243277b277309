import { applyInvoiceChange, applyRegistrationChange, documentItemNow, InvoiceChange, InvoiceFacts, invoiceStage, ProofFacts, proofsToProvide, RegistrationFacts } from './feed';

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const fold = (changes: InvoiceChange[]) => changes.reduce<InvoiceFacts | undefined>((f, c) => applyInvoiceChange(f, c), undefined)!;

describe('feed: invoices merged in any order', () => {
  const issued: InvoiceChange = { type: 'issued', number: 'REST-2026-000123', totalCents: 6000, remainingCents: 6000, dueOn: '2026-12-15' };
  const partly: InvoiceChange = { type: 'allocated', number: 'REST-2026-000123', remainingCents: 4200 };
  const fully: InvoiceChange = { type: 'allocated', number: 'REST-2026-000123', remainingCents: 0 };
  const cancelled: InvoiceChange = { type: 'cancelled', number: 'REST-2026-000123' };

  it('ends paid whatever the order of issue and allocations, and twice is once', () => {
    for (const order of permutations([issued, partly, fully])) {
      expect(fold(order)).toEqual({ number: 'REST-2026-000123', totalCents: 6000, dueOn: '2026-12-15', remainingCents: 0, cancelled: false });
      expect(fold([...order, ...order])).toEqual(fold(order));
    }
  });

  it('a partial allocation before the issue is kept: the remaining due only goes down', () => {
    for (const order of permutations([issued, partly])) expect(fold(order)).toMatchObject({ totalCents: 6000, remainingCents: 4200 });
    expect(invoiceStage(fold([partly]))).toBe('to-pay');
    expect(fold([partly])).toMatchObject({ totalCents: null, remainingCents: 4200 });
  });

  it('a cancellation is final, even before the issue or with a credit note allocated', () => {
    for (const order of permutations([issued, partly, cancelled, fully])) expect(invoiceStage(fold(order))).toBe('cancelled');
    expect(invoiceStage(fold([cancelled]))).toBe('cancelled');
  });
});

describe('feed: term-activity registrations merged in any order', () => {
  const at = (minute: number) => `2026-11-21T14:${String(minute).padStart(2, '0')}:00.000Z`;
  const base = { amountCents: 4500, paid: false, number: null, label: null };
  const expired: RegistrationFacts = { ...base, status: 'released', reason: 'expired', at: at(1) };
  const tooLate: RegistrationFacts = { ...base, status: 'released', reason: 'payment-too-late', at: at(5) };
  const confirmed: RegistrationFacts = { ...base, status: 'confirmed', reason: null, at: at(3), paid: true };
  const fold = (changes: RegistrationFacts[]) => changes.reduce<RegistrationFacts | undefined>((f, c) => applyRegistrationChange(f, c), undefined)!;

  it('a confirmation wins over any release', () => {
    for (const order of permutations([expired, confirmed])) expect(fold(order)).toEqual(confirmed);
  });

  it('between releases the latest wins', () => {
    for (const order of permutations([expired, tooLate])) expect(fold([...order, ...order])).toEqual(tooLate);
  });
});

describe('feed: supporting documents, read live', () => {
  const proof = (p: Partial<ProofFacts>): ProofFacts => ({
    kindCode: 'vaccination',
    kindLabel: 'Carnet de vaccination',
    childId: 'c1',
    childFirstName: 'Léo',
    state: 'rejected',
    required: true,
    active: true,
    message: 'Carnet de vaccination de Léo : pièce refusée (illisible).',
    documents: [{ documentId: 'd2', state: 'rejected', rejectionReason: 'illisible' }, { documentId: 'd1', state: 'rejected', rejectionReason: 'incomplet' }],
    ...p,
  });

  it('a rejected document is open while it is the latest file of its still rejected proof', () => {
    expect(documentItemNow('d2', [proof({})])).toEqual({ state: 'open', reason: 'illisible' });
    expect(documentItemNow('d1', [proof({})])).toEqual({ state: 'done', reason: 'incomplet' });
    const resent = proof({ state: 'sent', documents: [{ documentId: 'd3', state: 'sent', rejectionReason: null }, { documentId: 'd2', state: 'rejected', rejectionReason: 'illisible' }] });
    expect(documentItemNow('d2', [resent])).toEqual({ state: 'done', reason: 'illisible' });
    expect(documentItemNow('d2', [proof({ active: false })]).state).toBe('done');
    expect(documentItemNow('unknown', [proof({})])).toEqual({ state: 'done', reason: null });
  });

  it('to provide: rejected ones, and missing or expired ones some service requires', () => {
    const proofs = [
      proof({ kindCode: 'a' }),
      proof({ kindCode: 'b', state: 'missing', documents: [] }),
      proof({ kindCode: 'c', state: 'missing', required: false, documents: [] }),
      proof({ kindCode: 'd', state: 'expired' }),
      proof({ kindCode: 'e', state: 'accepted' }),
      proof({ kindCode: 'f', state: 'sent' }),
      proof({ kindCode: 'g', active: false }),
      proof({ kindCode: 'h', required: false }),
    ];
    expect(proofsToProvide(proofs).map((p) => p.kindCode)).toEqual(['a', 'b', 'd', 'h']);
  });
});
