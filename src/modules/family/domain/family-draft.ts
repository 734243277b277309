import { isEmail } from 'class-validator';
import { isIsoDate } from '../../../platform/dates';
import { checkName, nameKey } from './person-name';
import { toMobileE164 } from './phone';

/**
 * A family as staff enter it (form or CSV line group), and the rules it must pass before it is
 * recorded. Pure: the same checks serve the form and the import.
 */
export interface GuardianDraft {
  lastName: string;
  firstName: string;
  email: string;
  mobile: string;
}

export interface ChildDraft {
  lastName: string;
  firstName: string;
  /** YYYY-MM-DD */
  birthDate: string;
}

export interface FamilyDraft {
  reference?: string | null;
  guardians: GuardianDraft[];
  children: ChildDraft[];
}

export interface NewGuardian {
  lastName: string;
  firstName: string;
  nameKey: string;
  email: string;
  mobile: string;
}

export interface NewChild {
  lastName: string;
  firstName: string;
  birthDate: string;
}

export interface NewFamily {
  reference: string | null;
  guardians: NewGuardian[];
  children: NewChild[];
}

/** A rule broken: `path` is the field (`guardians[1].mobile`), the message says why, in French. */
export interface DraftError {
  path: string;
  message: string;
}

export const MAX_GUARDIANS = 2;
export const MAX_CHILDREN = 12;
const OLDEST_CHILD_YEARS = 30;
const REFERENCE = /^[\p{L}\p{N}][\p{L}\p{N} ._/-]{0,49}$/u;

export function checkFamilyDraft(draft: FamilyDraft, today: string): { family?: NewFamily; errors: DraftError[] } {
  const errors: DraftError[] = [];
  const reference = draft.reference?.trim() || null;
  if (reference !== null && !REFERENCE.test(reference)) {
    errors.push({ path: 'reference', message: 'La référence ne peut contenir que des lettres, chiffres, espaces, points, tirets et barres obliques (50 caractères au plus).' });
  }
  if (draft.guardians.length === 0) errors.push({ path: 'guardians', message: 'Une famille a au moins un responsable légal.' });
  if (draft.guardians.length > MAX_GUARDIANS) errors.push({ path: 'guardians', message: `Une famille a au plus ${MAX_GUARDIANS} responsables légaux.` });
  if (draft.children.length === 0) errors.push({ path: 'children', message: 'Une famille a au moins un enfant.' });
  if (draft.children.length > MAX_CHILDREN) errors.push({ path: 'children', message: `Une famille a au plus ${MAX_CHILDREN} enfants.` });

  const guardians = draft.guardians.map((g, i) => checkGuardianDraft(g, `guardians[${i}]`, errors));
  if (guardians.length === 2 && guardians[0].email && guardians[0].email === guardians[1].email) {
    errors.push({ path: 'guardians[1].email', message: 'Chaque responsable a sa propre adresse e-mail (elle lui sert d’identifiant).' });
  }

  const children = draft.children.map((c, i) => {
    const at = `children[${i}]`;
    checkPersonName(c, at, errors);
    const dateError = checkBirthDate(c.birthDate, today);
    if (dateError) errors.push({ path: `${at}.birthDate`, message: dateError });
    return { lastName: c.lastName.trim(), firstName: c.firstName.trim(), birthDate: c.birthDate };
  });
  const seen = new Set<string>();
  children.forEach((c, i) => {
    const key = `${nameKey(c.lastName, c.firstName)}|${c.birthDate}`;
    if (seen.has(key)) errors.push({ path: `children[${i}]`, message: 'Cet enfant figure deux fois dans la famille.' });
    seen.add(key);
  });

  return errors.length ? { errors } : { family: { reference, guardians, children }, errors };
}

/** A guardian's name, e-mail (lower-cased) and mobile (E.164): the rules of the form and of the import. */
export function checkGuardianDraft(g: GuardianDraft, at: string, errors: DraftError[]): NewGuardian {
  checkPersonName(g, at, errors);
  const email = g.email.trim().toLowerCase();
  if (!email) errors.push({ path: `${at}.email`, message: "L'adresse e-mail est obligatoire." });
  else if (!isEmail(email) || email.length > 254) errors.push({ path: `${at}.email`, message: "L'adresse e-mail n'est pas valide." });
  const mobile = toMobileE164(g.mobile);
  if (!g.mobile.trim()) errors.push({ path: `${at}.mobile`, message: 'Le numéro de téléphone portable est obligatoire.' });
  else if (!mobile) errors.push({ path: `${at}.mobile`, message: "Ce n'est pas un numéro de téléphone portable valide (ex. 06 12 34 56 78 ou +262 692 12 34 56)." });
  return { lastName: g.lastName.trim(), firstName: g.firstName.trim(), nameKey: nameKey(g.lastName, g.firstName), email, mobile: mobile ?? '' };
}

function checkPersonName(p: { lastName: string; firstName: string }, at: string, errors: DraftError[]): void {
  const last = checkName(p.lastName);
  if (last) errors.push({ path: `${at}.lastName`, message: `Le nom ${last}.` });
  const first = checkName(p.firstName);
  if (first) errors.push({ path: `${at}.firstName`, message: `Le prénom ${first}.` });
}

/** A real calendar date, not in the future, of a child (at most 30 years old). */
export function checkBirthDate(value: string, today: string): string | undefined {
  if (!isIsoDate(value)) return "La date de naissance n'est pas une date valide (AAAA-MM-JJ ou JJ/MM/AAAA).";
  if (value > today) return 'La date de naissance ne peut pas être dans le futur.';
  const oldest = `${Number(today.slice(0, 4)) - OLDEST_CHILD_YEARS}${today.slice(4)}`;
  if (value < oldest) return `La date de naissance est trop ancienne pour un enfant (plus de ${OLDEST_CHILD_YEARS} ans).`;
  return undefined;
}

/** `JJ/MM/AAAA` (as French spreadsheets write it) or ISO → ISO; anything else is returned as is. */
export function isoDate(value: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : value.trim();
}
