/** French formats: money (integer cents), dates (YYYY-MM-DD or ISO instants). */

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

export function money(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? '—' : euros.format(cents / 100);
}

/** `2026-09-07` → `07/09/2026` (no time zone shift). */
export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

const longDay = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
export function longDate(iso: string): string {
  return longDay.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

const stamp = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' });
export function dateTime(iso: string | null | undefined): string {
  return iso ? stamp.format(new Date(iso)) : '—';
}

const monthName = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** `2026-09` → `septembre 2026` */
export function month(ym: string): string {
  return monthName.format(new Date(`${ym}-01T00:00:00Z`));
}

/** Euros typed by a parent (`12,5`, `12.50`, `12 €`) → cents, or null. */
export function parseEuros(text: string): number | null {
  const t = text.replace(/\s|€/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 100);
}

export function age(birthDate: string, on = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let a = on.getFullYear() - y;
  if (on.getMonth() + 1 < m || (on.getMonth() + 1 === m && on.getDate() < d)) a--;
  return a;
}
