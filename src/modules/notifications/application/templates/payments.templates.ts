import { EmailContent } from '../../domain/message';
import { euros } from './billing.templates';
import { button, checkedUrl, html, layout, SafeHtml, TEXT_FOOTER } from './html';

/** The payment ticket ("Ticket de paiement"), e-mailed to the guardian who paid online (seed 001). */
export interface PaymentTicketInput {
  displayName: string;
  /** TP-2026-000123 */
  ticketNumber: string;
  /** ISO time PayFiP recorded the payment */
  paidAt: string;
  amountCents: number;
  authorizationNumber: string | null;
  /** what each invoice was paid */
  invoices: { number: string; amountCents: number }[];
  registrationNumber: string | null;
  /** `${PUBLIC_URL}/paiements/{paymentId}` */
  paymentUrl: string;
}

function parisDateTime(iso: string): string {
  const at = new Date(iso);
  const day = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
  const time = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(at);
  return `${day} à ${time}`;
}

export function paymentTicketEmail(i: PaymentTicketInput): EmailContent {
  const subject = `Ticket de paiement ${i.ticketNumber}`;
  const url = checkedUrl(i.paymentUrl);
  const what = `Votre paiement en ligne de ${euros(i.amountCents)} a été accepté le ${parisDateTime(i.paidAt)}.`;
  const lines = [
    ...i.invoices.map((inv) => `Facture n° ${inv.number} : ${euros(inv.amountCents)}`),
    ...(i.registrationNumber ? [`Inscription n° ${i.registrationNumber} : ${euros(i.amountCents)}`] : []),
  ];
  const facts = [`Ticket n° ${i.ticketNumber}`, `Montant : ${euros(i.amountCents)}`, ...(i.authorizationNumber ? [`N° d’autorisation : ${i.authorizationNumber}`] : [])];
  const text = `Bonjour ${i.displayName},

${what}

${facts.join('\n')}

Réglé :
${lines.map((l) => `- ${l}`).join('\n')}

Conservez ce ticket. Vous le retrouvez aussi dans « Mes paiements » sur Guichet :
${url}
${TEXT_FOOTER}`;
  const body = html`<p>Bonjour ${i.displayName},</p>
<p>${what}</p>
<p><strong>${facts[0]}</strong><br>${facts.slice(1).join(' — ')}</p>
<ul>${new SafeHtml(lines.map((l) => html`<li>${l}</li>`.value).join(''))}</ul>
<p>Conservez ce ticket. Vous le retrouvez aussi dans « Mes paiements » sur Guichet.</p>
${button(url, 'Voir le ticket de paiement')}`;
  return { subject, text, html: layout(subject, body) };
}
