/** Money is integer cents; these only format it for people and prorate hourly prices. */

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** 1250 → "12,50 €" (French spacing). */
export function euros(cents: number): string {
  return EUROS.format(cents / 100);
}

/** An hourly price for a number of minutes, rounded to the cent (half up). */
export function prorate(centsPerHour: number, minutes: number): number {
  return Math.round((centsPerHour * minutes) / 60);
}

export function isCents(value: unknown): value is number {
  return Number.isSafeInteger(value);
}
