/**
 * The guardians' event feed ("fil des événements", seed 000): one item per thing the family should
 * know about — an invoice, a reservation request decided, a supporting document rejected, a
 * term-activity registration — kept up to date by the events about it. Events come in any order
 * and possibly more than once: the rules below merge what each one says so that the result does
 * not depend on the order (the facts only move one way) and applying one twice changes nothing.
 */

export type FeedKind = 'invoice' | 'reservation-request' | 'document-rejected' | 'activity-registration';

/** open: the guardian has something to do (pay, send a document); done: for information, or settled. */
export type FeedState = 'open' | 'done';

/** What the item's button does: "Payer" (seed 000), send a new supporting document. */
export type FeedAction = { type: 'pay'; invoiceId: string } | { type: 'send-document'; kindCode: string; childId: string | null };

/** The French content of an item and its state. */
export interface RenderedItem {
  title: string;
  body: string;
  /** why: staff's reason of a refusal, a registration's cancellation */
  reason: string | null;
  amountCents: number | null;
  remainingCents: number | null;
  action: FeedAction | null;
  state: FeedState;
}

// ---------------------------------------------------------------------------------------------
// Invoices: issued → allocated (partly, fully) | cancelled, from three billing events.

export interface InvoiceFacts {
  number: string;
  /** known once `invoice.issued` was applied (an allocation may come first) */
  totalCents: number | null;
  dueOn: string | null;
  /**
   * The lowest remaining due any event reported. Billing serializes the allocations of an invoice
   * (row lock) and each leaves less due than the one before, so the lowest figure is the latest:
   * "remaining only goes down" makes the projection independent of the order of delivery.
   */
  remainingCents: number | null;
  /** a cancellation is final */
  cancelled: boolean;
}

export type InvoiceChange =
  | { type: 'issued'; number: string; totalCents: number; remainingCents: number; dueOn: string }
  | { type: 'allocated'; number: string; remainingCents: number }
  | { type: 'cancelled'; number: string };

const lowest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

export function applyInvoiceChange(current: InvoiceFacts | undefined, change: InvoiceChange): InvoiceFacts {
  const f: InvoiceFacts = current ?? { number: change.number, totalCents: null, dueOn: null, remainingCents: null, cancelled: false };
  switch (change.type) {
    case 'issued':
      return { ...f, number: change.number, totalCents: change.totalCents, dueOn: change.dueOn, remainingCents: lowest(f.remainingCents, change.remainingCents) };
    case 'allocated':
      return { ...f, remainingCents: lowest(f.remainingCents, Math.max(0, change.remainingCents)) };
    case 'cancelled':
      return { ...f, cancelled: true };
  }
}

export type InvoiceStage = 'to-pay' | 'paid' | 'cancelled';

export function invoiceStage(f: InvoiceFacts): InvoiceStage {
  if (f.cancelled) return 'cancelled';
  return f.remainingCents === 0 ? 'paid' : 'to-pay';
}

// ---------------------------------------------------------------------------------------------
// Term-activity registrations: confirmed (final) or released (the latest release wins).

export type ReleaseReason = 'payment-refused' | 'payment-abandoned' | 'expired' | 'payment-too-late';

export interface RegistrationFacts {
  status: 'confirmed' | 'released';
  /** released only */
  reason: ReleaseReason | null;
  /** when it happened (the event's occurredAt, ISO 8601) */
  at: string;
  amountCents: number;
  /** a paid registration (null: a free group, nothing to pay) */
  paid: boolean;
  /** I2026-000045 and "EMS … – 7/11 ans Escalade – Léo", read from reservations */
  number: string | null;
  label: string | null;
}

/**
 * A confirmation is final (reservations confirms a held registration, or one released by expiry
 * whose places are still free; a confirmed one is never released). Between releases (expired,
 * then a payment that came too late) the latest wins. Returns the facts to keep.
 */
export function applyRegistrationChange(current: RegistrationFacts | undefined, change: RegistrationFacts): RegistrationFacts {
  if (!current) return change;
  if (current.status === 'confirmed') return current;
  if (change.status === 'confirmed') return change;
  return change.at > current.at ? change : current;
}

// ---------------------------------------------------------------------------------------------
// Supporting documents: whether a rejected document's item is still to act on is read live.

/** A proof as the family module gives it (`FamilyDirectory.proofs`). */
export interface ProofFacts {
  kindCode: string;
  kindLabel: string;
  childId: string | null;
  childFirstName: string | null;
  state: 'missing' | 'sent' | 'accepted' | 'rejected' | 'expired';
  required: boolean;
  active: boolean;
  message: string | null;
  /** newest first */
  documents: { documentId: string; state: string; rejectionReason: string | null }[];
}

/**
 * A rejected document's item is open while its proof is still rejected because of it (it is the
 * latest file sent for the proof, and the kind is still asked for); once a new file is sent or
 * accepted, it is done. Its reason is staff's, read from the family module each time.
 */
export function documentItemNow(documentId: string, proofs: ProofFacts[]): { state: FeedState; reason: string | null } {
  const proof = proofs.find((p) => p.documents.some((d) => d.documentId === documentId));
  const reason = proof?.documents.find((d) => d.documentId === documentId)?.rejectionReason ?? null;
  const open = proof !== undefined && proof.active && proof.state === 'rejected' && proof.documents[0].documentId === documentId;
  return { state: open ? 'open' : 'done', reason };
}

/**
 * The proofs the family still has to provide: those of active kinds that staff rejected, and those
 * that some kind of service requires and are missing (never sent) or expired. Whether the child
 * actually uses such a service is not checked here (reservations' completeness check does).
 */
export function proofsToProvide(proofs: ProofFacts[]): ProofFacts[] {
  return proofs.filter((p) => p.active && (p.state === 'rejected' || (p.required && (p.state === 'missing' || p.state === 'expired'))));
}
