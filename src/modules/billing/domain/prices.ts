/**
 * Prices of a service by family-quotient bracket [min, max) and validity [from, to]. Two prices of a
 * service must not both apply to one quotient on one day.
 */
export interface PriceBracket {
  quotientMin: number;
  /** exclusive; null = no upper bound (also the price of a family with no quotient on file) */
  quotientMax: number | null;
  validFrom: string;
  /** last day in force; null = until further notice */
  validTo: string | null;
}

export function overlaps(a: PriceBracket, b: PriceBracket): boolean {
  const quotients = a.quotientMin < (b.quotientMax ?? Infinity) && b.quotientMin < (a.quotientMax ?? Infinity);
  const days = a.validFrom <= (b.validTo ?? '9999-12-31') && b.validFrom <= (a.validTo ?? '9999-12-31');
  return quotients && days;
}

/** "QF 0 à 499", "QF 1 000 et plus". */
export function bracketLabel(p: Pick<PriceBracket, 'quotientMin' | 'quotientMax'>): string {
  const n = (v: number) => v.toLocaleString('fr-FR');
  return p.quotientMax === null ? `QF ${n(p.quotientMin)} et plus` : `QF ${n(p.quotientMin)} à ${n(p.quotientMax - 1)}`;
}
