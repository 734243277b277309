import { PaymentDetails } from './payment-provider';
import { decide, Expected, newReference, objetOf, RESULT_WINDOW_MS, ticketNumber } from './transaction';

const startedAt = new Date('2026-11-14T10:00:00Z');
const expected: Expected = { reference: 'GU261114100000ABCDEFGHJK', numcli: '123456', amountCents: 4500, startedAt };
const result = (code: string, over: Partial<Extract<PaymentDetails, { kind: 'result' }>> = {}): PaymentDetails => ({
  kind: 'result',
  code,
  amountCents: 4500,
  refdet: expected.reference,
  numcli: '123456',
  exer: 2026,
  mel: 'marie@familles.test',
  objet: 'Facture REST 2026 000001',
  saisie: 'T',
  authorizationNumber: code === 'P' ? '123456' : undefined,
  transactionAt: new Date('2026-11-14T10:05:00Z'),
  raw: {},
  ...over,
});
const inside = new Date(startedAt.getTime() + RESULT_WINDOW_MS - 1000);
const after = new Date(startedAt.getTime() + RESULT_WINDOW_MS + 1000);

describe('decide: what an answer of the platform does to a pending transaction', () => {
  it('P and V validate at once, inside the window or after it', () => {
    for (const code of ['P', 'V']) {
      expect(decide(expected, result(code), inside)).toEqual({ kind: 'final', state: 'validated', code });
      expect(decide(expected, result(code), after)).toEqual({ kind: 'final', state: 'validated', code });
    }
  });

  it('R, Z and A are provisional inside the window, final after it', () => {
    expect(decide(expected, result('R'), inside)).toEqual({ kind: 'pending', provisional: 'R' });
    expect(decide(expected, result('Z'), inside)).toEqual({ kind: 'pending', provisional: 'Z' });
    expect(decide(expected, result('A'), inside)).toEqual({ kind: 'pending', provisional: 'A' });
    expect(decide(expected, result('R'), after)).toEqual({ kind: 'final', state: 'refused', code: 'R' });
    expect(decide(expected, result('Z'), after)).toEqual({ kind: 'final', state: 'refused', code: 'Z' });
    expect(decide(expected, result('A'), after)).toEqual({ kind: 'final', state: 'abandoned', code: 'A' });
  });

  it('P5 is "in progress" inside the window and "expired" after it; P1 is expired', () => {
    expect(decide(expected, { kind: 'pending' }, inside)).toEqual({ kind: 'pending', provisional: 'P5' });
    expect(decide(expected, { kind: 'pending' }, after)).toEqual({ kind: 'final', state: 'expired', code: 'P5' });
    expect(decide(expected, { kind: 'unknown' }, inside)).toEqual({ kind: 'final', state: 'expired', code: 'P1' });
  });

  it('a result whose amount, reference or customer number differs from ours is an error, never validated', () => {
    expect(decide(expected, result('P', { amountCents: 450 }), inside)).toEqual({
      kind: 'error',
      mismatch: true,
      code: 'P',
      reason: 'Réponse de la plateforme différente de la transaction : montant 450 au lieu de 4500',
    });
    expect(decide(expected, result('P', { refdet: 'OTHER' }), inside)).toMatchObject({ kind: 'error', mismatch: true });
    expect(decide(expected, result('P', { numcli: '654321' }), inside)).toMatchObject({ kind: 'error', mismatch: true });
    expect(decide(expected, result('A', { amountCents: 1 }), after)).toMatchObject({ kind: 'error', mismatch: true });
  });

  it('an unknown code is an error', () => {
    expect(decide(expected, result('X'), after)).toEqual({ kind: 'error', mismatch: false, code: 'X', reason: 'Code de résultat inconnu : "X"' });
  });
});

describe('references and labels', () => {
  it('makes refdet-shaped references, 24 characters', () => {
    const r = newReference(new Date('2026-11-14T10:00:00Z'));
    expect(r).toMatch(/^GU261114100000[A-Z0-9]{10}$/);
    expect(new Set(Array.from({ length: 200 }, () => newReference(startedAt))).size).toBe(200);
  });

  it('numbers tickets and names what is paid', () => {
    expect(ticketNumber(2026, 123)).toBe('TP-2026-000123');
    expect(objetOf({ invoiceNumbers: ['REST-2026-000001'] })).toBe('Facture REST-2026-000001');
    expect(objetOf({ invoiceNumbers: ['A-1', 'B-2'] })).toBe('Factures A-1 B-2');
    expect(objetOf({ registrationNumber: 'I2026-000045' })).toBe('Inscription I2026-000045');
    expect(objetOf({ invoiceNumbers: Array.from({ length: 10 }, (_, i) => `REST-2026-00000${i}`) }).length).toBeLessThanOrEqual(100);
  });
});
