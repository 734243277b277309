import { EmailContent } from '../../domain/message';
import { button, checkedUrl, html, layout, TEXT_FOOTER } from './html';
import { frenchLongDate } from './reservations.templates';

/**
 * The messages about invoices, in French: a new invoice, a reminder of an unpaid one. They take the
 * event's facts (number, amounts, due date) and a link to the invoice on the portal, where it can be
 * read, downloaded and paid.
 */

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** 1250 → "12,50 €". */
export function euros(cents: number): string {
  return EUROS.format(cents / 100);
}

export interface InvoiceIssuedInput {
  displayName: string;
  number: string;
  totalCents: number;
  remainingCents: number;
  dueOn: string;
  /** `${PUBLIC_URL}/factures/{invoiceId}` */
  invoiceUrl: string;
}

export function invoiceIssuedEmail(i: InvoiceIssuedInput): EmailContent {
  const subject = `Nouvelle facture ${i.number}`;
  const url = checkedUrl(i.invoiceUrl);
  const what = `Une nouvelle facture est disponible sur Guichet : n° ${i.number}, d’un montant de ${euros(i.totalCents)}.`;
  const toPay =
    i.remainingCents <= 0
      ? 'Elle est déjà réglée : vous n’avez rien à payer.'
      : i.remainingCents < i.totalCents
        ? `Il reste ${euros(i.remainingCents)} à régler avant le ${frenchLongDate(i.dueOn)}.`
        : `Elle est à régler avant le ${frenchLongDate(i.dueOn)}.`;
  const text = `Bonjour ${i.displayName},

${what}
${toPay}

Vous pouvez la consulter, la télécharger${i.remainingCents > 0 ? ' et la payer en ligne' : ''} sur Guichet :
${url}
${TEXT_FOOTER}`;
  const body = html`<p>Bonjour ${i.displayName},</p>
<p>${what}</p>
<p><strong>${toPay}</strong></p>
${button(url, i.remainingCents > 0 ? 'Voir et payer la facture' : 'Voir la facture')}`;
  return { subject, text, html: layout(subject, body) };
}

export interface InvoiceReminderInput {
  displayName: string;
  number: string;
  remainingCents: number;
  dueOn: string;
  /** 1 for the first reminder, 2 for the second… */
  rank: number;
  invoiceUrl: string;
}

export function invoiceReminderEmail(i: InvoiceReminderInput): EmailContent {
  const which = i.rank === 1 ? 'Rappel' : i.rank === 2 ? 'Second rappel' : `${i.rank}e rappel`;
  const subject = `${which} : facture ${i.number} à régler`;
  const url = checkedUrl(i.invoiceUrl);
  const sentence = `Sauf erreur de notre part, la facture n° ${i.number}, arrivée à échéance le ${frenchLongDate(i.dueOn)}, n’est pas entièrement réglée : il reste ${euros(i.remainingCents)} à payer.`;
  const ask = 'Merci de la régler dès que possible, en ligne sur Guichet ou selon les moyens indiqués sur la facture.';
  const next =
    i.rank >= 2 ? 'Sans règlement de votre part, la somme due sera transmise au comptable public (centre des finances publiques), qui en poursuivra le recouvrement.' : null;
  const already = 'Si vous l’avez réglée entre-temps, merci de ne pas tenir compte de ce message.';
  const text = `Bonjour ${i.displayName},

${sentence}
${ask}
${next ? `${next}\n` : ''}
${url}

${already}
${TEXT_FOOTER}`;
  const body = html`<p>Bonjour ${i.displayName},</p>
<p>${sentence}</p>
<p>${ask}</p>
${next ? html`<p><strong>${next}</strong></p>` : ''}
${button(url, 'Voir et payer la facture')}
<p style="font-size:13px;color:#555555">${already}</p>`;
  return { subject, text, html: layout(subject, body) };
}
