/**
 * The small toolkit of the message templates: HTML escaping by default (a tagged template),
 * the common e-mail layout, and French wording of durations and dates.
 */

/** Markup that is already safe (built by `html` or `link`): inserted as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** `html\`<p>${value}</p>\``: every interpolated value is escaped unless it is SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  values.forEach((value, i) => {
    out += (value instanceof SafeHtml ? value.value : escapeHtml(String(value))) + strings[i + 1];
  });
  return new SafeHtml(out);
}

/** Only http(s) links go into a message: anything else is a bug upstream, refused loudly. */
export function checkedUrl(url: string): string {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) throw new Error('A link in a message must be an http(s) URL');
  return url;
}

export function button(url: string, label: string): SafeHtml {
  return html`<p style="margin:24px 0"><a href="${checkedUrl(url)}" style="display:inline-block;padding:12px 20px;background:#1d4f91;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold">${label}</a></p>
<p style="font-size:13px;color:#555555">Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :<br><a href="${url}" style="color:#1d4f91;word-break:break-all">${url}</a></p>`;
}

export function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif;color:#1e1e1e;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:6px">
${body}
<p style="margin-top:32px;font-size:12px;color:#666666">Guichet — message envoyé automatiquement, merci de ne pas y répondre.</p>
</div>
</body>
</html>
`.value;
}

export const TEXT_FOOTER = '\n-- \nGuichet — message envoyé automatiquement, merci de ne pas y répondre.\n';

/** From the event's time to the expiry, in French: "30 minutes", "1 heure", "2 jours". */
export function validity(from: string, until: string): string {
  const minutes = Math.round((Date.parse(until) - Date.parse(from)) / 60_000);
  if (!(minutes > 0)) return 'quelques instants';
  const plural = (n: number, unit: string) => `${n} ${unit}${n > 1 ? 's' : ''}`;
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'jour');
  if (minutes % 60 === 0) return plural(minutes / 60, 'heure');
  return plural(minutes, 'minute');
}

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });

/** "21 novembre 2025 à 14:05" (Paris time). */
export function frenchDateTime(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}
