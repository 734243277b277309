import { EmailContent } from '../../domain/message';
import { button, checkedUrl, html, layout, SafeHtml, TEXT_FOOTER } from './html';

/**
 * The messages sent when staff decide a reservation request, in French. They take the decision's
 * facts (days, service, reservation number, child's first name, the reason of a refusal): never
 * health data, which the reservations module does not hold.
 */

export interface RequestDecisionInput {
  outcome: 'accepted' | 'refused';
  action: 'book' | 'cancel';
  /** the guardian the message goes to */
  displayName: string;
  childFirstName: string | null;
  reservationNumber: string;
  serviceLabel: string;
  establishmentName: string;
  days: { date: string; slot: { start: string; end: string } | null }[];
  /** staff's reason, for a refusal */
  reason: string | null;
  /** `${PUBLIC_URL}/reservations/{reservationId}` */
  reservationUrl: string;
}

const LONG_DATE = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `2026-11-03` → "mardi 3 novembre 2026", `2026-01-01` → "jeudi 1er janvier 2026" (a calendar day: no time-zone shift). */
export function frenchLongDate(date: string): string {
  return LONG_DATE.format(new Date(`${date}T00:00:00Z`)).replace(/^(\S+) 1 /, '$1 1er ');
}

const dayLine = (d: RequestDecisionInput['days'][number]) => `${frenchLongDate(d.date)}${d.slot ? `, de ${d.slot.start} à ${d.slot.end}` : ''}`;

export function requestDecisionEmail(i: RequestDecisionInput): EmailContent {
  const what = i.action === 'book' ? 'Demande de réservation' : 'Demande d’annulation';
  const verdict = i.outcome === 'accepted' ? 'acceptée' : 'refusée';
  const subject = `${what} ${verdict} — ${i.reservationNumber}`;
  const many = i.days.length > 1;
  const consequence =
    i.action === 'book'
      ? ''
      : i.outcome === 'accepted'
        ? many ? ' : ces jours ne sont plus réservés' : ' : ce jour n’est plus réservé'
        : many ? ' : ces jours restent réservés' : ' : ce jour reste réservé';
  const child = i.childFirstName ?? 'votre enfant';
  const sentence = `Votre ${what.toLowerCase()} n° ${i.reservationNumber} pour ${child} a été ${verdict}${consequence}.`;
  const service = `${i.serviceLabel} (${i.establishmentName})`;
  const daysTitle = many ? 'Jours concernés' : 'Jour concerné';
  const url = checkedUrl(i.reservationUrl);

  const text = `Bonjour ${i.displayName},

${sentence}

Service : ${service}
${daysTitle} :
${i.days.map((d) => `- ${dayLine(d)}`).join('\n')}
${i.reason ? `\nMotif : ${i.reason}\n` : ''}
Le détail de la réservation est sur Guichet :
${url}
${TEXT_FOOTER}`;

  const items = new SafeHtml(i.days.map((d) => html`<li>${dayLine(d)}</li>`.value).join('\n'));
  const body = html`<p>Bonjour ${i.displayName},</p>
<p>${sentence}</p>
<p>Service : <strong>${service}</strong></p>
<p>${daysTitle} :</p>
<ul>
${items}
</ul>
${i.reason ? html`<p><strong>Motif :</strong> ${i.reason}</p>` : ''}
${button(url, 'Voir la réservation')}`;
  return { subject, text, html: layout(subject, body) };
}
