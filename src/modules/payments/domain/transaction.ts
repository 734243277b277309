import { PaymentDetails } from './payment-provider';

/**
 * A payment attempt and the rules that end it (README.md: "The lock", "The window", "Convergence").
 * Pure: the application layer reads the row under a lock, asks `decide`, and writes what it says.
 */

export const TRANSACTION_STATES = ['pending', 'validated', 'refused', 'abandoned', 'expired', 'error'] as const;
export type TransactionState = (typeof TRANSACTION_STATES)[number];
export type FinalState = Exclude<TransactionState, 'pending'>;

/**
 * PayFiP's idOp lives 15 minutes; eopayment keeps a margin of 5 more. Inside this window after the
 * start, a refusal or an abandonment (R, Z, A) is not final — the payer may still be on the
 * platform's page, and a notification is unsigned — and "no result yet" (P5) means "in progress".
 * After it, R/Z/A are final and P5 means the payment will never happen.
 */
export const RESULT_WINDOW_MINUTES = 20;
export const RESULT_WINDOW_MS = RESULT_WINDOW_MINUTES * 60_000;

/** The worker re-checks pending transactions started at least this long ago… */
export const POLL_MIN_AGE_MS = 60_000;
/** …and at most this long ago (P1 comes a day after; staff see the older ones). */
export const POLL_MAX_AGE_MS = 6 * 3_600_000;

/** PayFiP's bounds on `montant` (cents). */
export const MIN_ONLINE_CENTS = 100;
export const MAX_ONLINE_CENTS = 10_000_000;

export const STATE_LABELS: Record<TransactionState, string> = {
  pending: 'En attente de confirmation',
  validated: 'Paiement accepté',
  refused: 'Paiement refusé',
  abandoned: 'Paiement abandonné',
  expired: 'Paiement non abouti',
  error: 'Paiement en anomalie : la régie vérifie',
};

/** What we expect to read back in the platform's answer. */
export interface Expected {
  reference: string;
  numcli: string;
  amountCents: number;
  startedAt: Date;
}

export type Decision =
  /** still pending; `provisional` is the answer to show meanwhile (null: nothing yet) */
  | { kind: 'pending'; provisional: string | null }
  | { kind: 'final'; state: 'validated' | 'refused' | 'abandoned' | 'expired'; code: string | null }
  /** no money moves; staff must look (`mismatch`: the answer does not match our transaction) */
  | { kind: 'error'; reason: string; mismatch: boolean; code: string | null };

/** The differences between the platform's result and our transaction (empty: it matches). */
export function mismatches(expected: Expected, details: Extract<PaymentDetails, { kind: 'result' }>): string[] {
  const out: string[] = [];
  if (details.amountCents !== expected.amountCents) out.push(`montant ${details.amountCents} au lieu de ${expected.amountCents}`);
  if (details.refdet !== expected.reference) out.push(`refdet ${JSON.stringify(details.refdet)} au lieu de ${expected.reference}`);
  if (details.numcli !== expected.numcli) out.push(`numcli ${JSON.stringify(details.numcli)} au lieu de ${expected.numcli}`);
  return out;
}

/**
 * What an answer of the platform means for a pending transaction, `now`:
 * - a result that does not match our amount, reference or customer number → error (mismatch);
 * - P, V → validated at once;
 * - R, Z, A inside the window → still pending (shown as provisional); after it → refused / abandoned;
 * - P5 inside the window → pending; after it → expired; P1 → expired;
 * - any other code → error.
 */
export function decide(expected: Expected, details: PaymentDetails, now: Date): Decision {
  const inWindow = now.getTime() - expected.startedAt.getTime() < RESULT_WINDOW_MS;
  if (details.kind === 'unknown') return { kind: 'final', state: 'expired', code: 'P1' };
  if (details.kind === 'pending') return inWindow ? { kind: 'pending', provisional: 'P5' } : { kind: 'final', state: 'expired', code: 'P5' };
  const differences = mismatches(expected, details);
  if (differences.length) return { kind: 'error', reason: `Réponse de la plateforme différente de la transaction : ${differences.join(', ')}`, mismatch: true, code: details.code };
  switch (details.code) {
    case 'P':
    case 'V':
      return { kind: 'final', state: 'validated', code: details.code };
    case 'R':
    case 'Z':
      return inWindow ? { kind: 'pending', provisional: details.code } : { kind: 'final', state: 'refused', code: details.code };
    case 'A':
      return inWindow ? { kind: 'pending', provisional: 'A' } : { kind: 'final', state: 'abandoned', code: 'A' };
    default:
      return { kind: 'error', reason: `Code de résultat inconnu : ${JSON.stringify(details.code)}`, mismatch: false, code: details.code };
  }
}

/** What the guardian reads while a transaction is pending with a provisional answer. */
export function provisionalLabel(provisional: string | null): string | null {
  switch (provisional) {
    case 'R':
    case 'Z':
      return 'Le paiement semble avoir été refusé par la banque ; en attente de la confirmation de la plateforme.';
    case 'A':
      return 'Le paiement semble avoir été abandonné ; en attente de la confirmation de la plateforme.';
    case 'P5':
      return 'Le paiement est en cours sur la plateforme de paiement.';
    default:
      return null;
  }
}

/** Our reference (refdet): 'GU' + 12 digits of the start (UTC yyMMddHHmmss) + 10 random capitals and digits: 24 characters. */
export function newReference(now: Date, random: () => number = Math.random): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(2, 14);
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let tail = '';
  for (let i = 0; i < 10; i++) tail += alphabet[Math.floor(random() * alphabet.length)];
  return `GU${stamp}${tail}`;
}

/** TP-2026-000123 */
export function ticketNumber(year: number, seq: number): string {
  return `TP-${year}-${String(seq).padStart(6, '0')}`;
}

/** 1234 → "12,34 €" */
export function euros(cents: number): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** The time of day on the Paris clock, "14:05". */
export function parisTime(at: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(at);
}

/** PayFiP's `objet`: what the payer reads (the adapter strips accents and punctuation, ≤ 100 characters). */
export function objetOf(what: { invoiceNumbers?: string[]; registrationNumber?: string }): string {
  if (what.registrationNumber) return `Inscription ${what.registrationNumber}`;
  const numbers = what.invoiceNumbers ?? [];
  const text = `${numbers.length > 1 ? 'Factures' : 'Facture'} ${numbers.join(' ')}`;
  return text.length <= 100 ? text : `${text.slice(0, 97).replace(/\s+\S*$/, '')} …`;
}
