import { frenchDate } from '../../../../platform/dates';
import { InvoiceFacts, invoiceStage, RegistrationFacts, ReleaseReason, RenderedItem } from '../../domain/feed';
import { frenchLongDate } from './reservations.templates';

/**
 * The French wording of the feed's items (plain text: the web client escapes it). They see the
 * events' facts and what was read through the public faces (numbers, service, days, a child's
 * first name, labels of proofs and activity groups): never health data.
 */

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** 4200 → "42,00 €" (French spacing, as billing prints it). */
export function euros(cents: number): string {
  return EUROS.format(cents / 100);
}

export function invoiceItem(invoiceId: string, f: InvoiceFacts): RenderedItem {
  const base = { reason: null, amountCents: f.totalCents };
  const total = f.totalCents === null ? null : `Montant de la facture : ${euros(f.totalCents)}.`;
  switch (invoiceStage(f)) {
    case 'cancelled':
      return { ...base, title: `Facture n° ${f.number} annulée`, body: 'Cette facture a été annulée : elle n’est plus à payer.', remainingCents: 0, action: null, state: 'done' };
    case 'paid':
      return { ...base, title: `Facture n° ${f.number} payée`, body: [total, 'Il ne reste rien à payer.'].filter(Boolean).join(' '), remainingCents: 0, action: null, state: 'done' };
    case 'to-pay': {
      const remaining = f.remainingCents ?? f.totalCents ?? 0;
      const settled = f.totalCents !== null && f.totalCents > remaining ? ` Déjà réglé : ${euros(f.totalCents - remaining)}.` : '';
      const due = f.dueOn ? ` À payer avant le ${frenchDate(f.dueOn)}.` : '';
      return {
        ...base,
        title: `Facture n° ${f.number} à payer — restant dû ${euros(remaining)}`,
        body: `${total ?? ''}${settled}${due}`.trim(),
        remainingCents: remaining,
        action: { type: 'pay', invoiceId },
        state: 'open',
      };
    }
  }
}

export interface RequestDecisionFacts {
  outcome: 'accepted' | 'refused';
  action: 'book' | 'cancel';
  reservationNumber: string;
  childFirstName: string | null;
  serviceLabel: string;
  establishmentName: string;
  days: { date: string; slot: { start: string; end: string } | null }[];
  reason: string | null;
}

const dayText = (d: RequestDecisionFacts['days'][number]) => `${frenchLongDate(d.date)}${d.slot ? ` de ${d.slot.start} à ${d.slot.end}` : ''}`;

/** Up to 5 days listed; more: "12 jours, du lundi 2 novembre 2026 au vendredi 18 décembre 2026". */
export function daysText(days: RequestDecisionFacts['days']): string {
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  if (sorted.length <= 5) return sorted.map(dayText).join(', ');
  return `${sorted.length} jours, du ${frenchLongDate(sorted[0].date)} au ${frenchLongDate(sorted.at(-1)!.date)}`;
}

export function requestDecisionItem(f: RequestDecisionFacts): RenderedItem {
  const what = f.action === 'book' ? 'Demande de réservation' : 'Demande d’annulation';
  const verdict = f.outcome === 'accepted' ? 'acceptée' : 'refusée';
  const many = f.days.length > 1;
  const consequence =
    f.action === 'book'
      ? ''
      : f.outcome === 'accepted'
        ? many ? ' Ces jours ne sont plus réservés.' : ' Ce jour n’est plus réservé.'
        : many ? ' Ces jours restent réservés.' : ' Ce jour reste réservé.';
  return {
    title: `${what} ${verdict} — ${f.reservationNumber}`,
    body: `${f.childFirstName ?? 'Votre enfant'} — ${f.serviceLabel} (${f.establishmentName}) : ${daysText(f.days)}.${consequence}`,
    reason: f.outcome === 'refused' ? f.reason : null,
    amountCents: null,
    remainingCents: null,
    action: null,
    state: 'done',
  };
}

/** "de Léo", "d’Inès". */
export function ofChild(name: string): string {
  return /^[aeiouyàâäéèêëîïôöùûüœ]/i.test(name) ? `d’${name}` : `de ${name}`;
}

export interface DocumentRejectedFacts {
  kindCode: string;
  /** null when the kind could not be read (then the item says "Pièce justificative refusée") */
  kindLabel: string | null;
  childId: string | null;
  childFirstName: string | null;
}

/**
 * Stored without the reason: staff's reason may describe a health record (a vaccination record), so
 * it stays in the family module and is read when the feed is shown, as is whether the proof is still
 * to send (the item's live state).
 */
export function documentRejectedItem(f: DocumentRejectedFacts): RenderedItem {
  const what = f.kindLabel ? `${f.kindLabel}${f.childFirstName ? ` ${ofChild(f.childFirstName)}` : ''}` : null;
  return {
    title: what ? `Pièce justificative refusée : ${what}` : 'Pièce justificative refusée',
    body: 'La pièce envoyée n’a pas été acceptée : envoyez-en une nouvelle depuis la page « Pièces justificatives ».',
    reason: null,
    amountCents: null,
    remainingCents: null,
    action: { type: 'send-document', kindCode: f.kindCode, childId: f.childId },
    state: 'open',
  };
}

const RELEASE_REASONS: Record<ReleaseReason, (amount: string) => string> = {
  'payment-refused': () => 'le paiement a été refusé.',
  'payment-abandoned': () => 'le paiement a été abandonné.',
  expired: () => 'le paiement n’a pas été reçu à temps : les places ont été libérées.',
  'payment-too-late': (amount) => `le paiement est arrivé après la libération des places : ${amount} vous seront remboursés.`,
};

export function registrationItem(f: RegistrationFacts): RenderedItem {
  const number = f.number ? ` — ${f.number}` : '';
  const label = f.label ? `${f.label}.` : '';
  if (f.status === 'confirmed') {
    const paid = f.paid && f.amountCents > 0 ? ` Montant réglé : ${euros(f.amountCents)}.` : '';
    return {
      title: `Inscription confirmée${number}`,
      body: `${label}${paid} Les séances sont sur le planning de l’enfant.`.trim(),
      reason: null,
      amountCents: f.amountCents,
      remainingCents: null,
      action: null,
      state: 'done',
    };
  }
  const reason = RELEASE_REASONS[f.reason ?? 'expired'](euros(f.amountCents));
  return {
    title: `Inscription annulée${number}`,
    body: label || 'Inscription aux activités.',
    reason: reason.charAt(0).toUpperCase() + reason.slice(1),
    amountCents: f.amountCents,
    remainingCents: null,
    action: null,
    state: 'done',
  };
}
