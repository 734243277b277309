/** Names as typed by staff and parents: letters, spaces, hyphens, apostrophes, dots. */
const NAME = /^\p{L}[\p{L}\p{M} '’.-]*$/u;

export function checkName(value: string): string | undefined {
  const name = value.trim();
  if (!name) return 'est obligatoire';
  if (name.length > 100) return 'ne doit pas dépasser 100 caractères';
  if (!NAME.test(name)) return 'ne peut contenir que des lettres, espaces, tirets et apostrophes';
  return undefined;
}

/**
 * What activation compares: "Éléonore  D'Arc-Dupont" and "eleonore d arc dupont" are the same
 * person. Lower-case, accents removed, punctuation and runs of spaces folded to one space.
 */
export function nameKey(lastName: string, firstName: string): string {
  return `${fold(lastName)}|${fold(firstName)}`;
}

function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}]+/gu, ' ')
    .trim();
}
