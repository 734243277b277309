import { isEmail } from 'class-validator';
import { checkBirthDate } from './family-draft';
import { checkName } from './person-name';
import { toPhoneE164 } from './phone';
import { checkPostcodeCity } from './places';

/**
 * The family file and the child file as guardians fill them in (seed 002, sections 4 and 5), and
 * their rules. Pure: the controllers give the submitted values, these functions say what is wrong
 * (field path + French message) or return the values to record, normalized.
 *
 * A form sends only the blocks it changes: an absent field is left as it is; `null` empties it.
 */

// ---- fields ------------------------------------------------------------------------------------

export const FAMILY_FIELDS = ['address', 'phones', 'email'] as const;
export type FamilyField = (typeof FAMILY_FIELDS)[number];

export const CHILD_FIELDS = ['lastName', 'firstName', 'sex', 'birthDate', 'school', 'className', 'diet', 'medicalHistory', 'observations', 'doctor', 'careplan'] as const;
export type ChildField = (typeof CHILD_FIELDS)[number];

/** Health data: visible to the family and staff, every staff read recorded, never in logs or events. */
export const HEALTH_FIELDS: ReadonlySet<string> = new Set<ChildField>(['diet', 'medicalHistory', 'observations', 'doctor', 'careplan']);

/** Fields staff may put under their approval ("validé par les services"): identity and contact details, not health. */
export const VALIDATABLE_FIELDS = [
  'family.address',
  'family.phones',
  'family.email',
  'child.lastName',
  'child.firstName',
  'child.sex',
  'child.birthDate',
  'child.school',
  'child.className',
] as const;
export type ValidatableField = (typeof VALIDATABLE_FIELDS)[number];

export const FIELD_LABELS: Record<string, string> = {
  'family.address': 'Adresse',
  'family.phones': 'Téléphones',
  'family.email': 'E-mail de la famille',
  'child.lastName': 'Nom',
  'child.firstName': 'Prénom',
  'child.sex': 'Sexe',
  'child.birthDate': 'Date de naissance',
  'child.school': 'École',
  'child.className': 'Classe',
  'child.diet': 'Régime alimentaire spécifique',
  'child.medicalHistory': 'Antécédents médicaux',
  'child.observations': 'Observations',
  'child.doctor': 'Médecin traitant',
  'child.careplan': "Projet d'accueil individualisé (PAI)",
  'child.contact': 'Personne à contacter / autorisée',
  'child.authorization': 'Autorisation',
};

// ---- values ------------------------------------------------------------------------------------

export interface Address {
  line1: string;
  line2: string | null;
  postcode: string;
  city: string;
  inseeCode: string;
}

export const PHONE_LABELS = ['domicile', 'mobile', 'travail', 'autre'] as const;
export type PhoneLabel = (typeof PHONE_LABELS)[number];
export interface Phone {
  label: PhoneLabel;
  /** E.164 */
  number: string;
}
export const MAX_FAMILY_PHONES = 5;

export type Sex = 'F' | 'M';

export const DIET_KINDS = ['none', 'no-pork', 'no-meat', 'allergy', 'other'] as const;
export type DietKind = (typeof DIET_KINDS)[number];
export const DIET_LABELS: Record<DietKind, string> = {
  none: 'Aucun',
  'no-pork': 'Sans porc',
  'no-meat': 'Sans viande',
  allergy: 'Allergie ou intolérance alimentaire',
  other: 'Autre',
};
export interface Diet {
  kind: DietKind;
  details: string | null;
}

export interface Doctor {
  name: string;
  phone: string | null;
  city: string | null;
}

export interface Careplan {
  /** "L'enfant bénéficie d'un PAI" */
  hasPlan: boolean;
  details: string | null;
}

export interface FamilyFileValues {
  address: Address | null;
  phones: Phone[];
  email: string | null;
}

export interface ChildFileValues {
  lastName: string;
  firstName: string;
  sex: Sex | null;
  birthDate: string;
  school: string | null;
  className: string | null;
  diet: Diet | null;
  medicalHistory: string | null;
  observations: string | null;
  doctor: Doctor | null;
  careplan: Careplan | null;
}

/** A person to call in an emergency and/or allowed to pick the child up (one list, two ticks). */
export interface Contact {
  lastName: string;
  firstName: string;
  relation: string;
  address: Address | null;
  /** 1 or 2 numbers, E.164 */
  phones: string[];
  emergency: boolean;
  pickup: boolean;
}
export const MAX_CONTACTS = 10;
export const RELATION_SUGGESTIONS = [
  'Mère',
  'Père',
  'Grand-mère',
  'Grand-père',
  'Tante',
  'Oncle',
  'Sœur',
  'Frère',
  'Cousin(e)',
  'Beau-parent',
  'Parrain / marraine',
  'Assistant(e) maternel(le)',
  'Voisin(e)',
  'Ami(e) de la famille',
];

export const AUTHORIZATION_ANSWERS = ['yes', 'no', 'not-applicable'] as const;
export type AuthorizationAnswer = (typeof AUTHORIZATION_ANSWERS)[number];

// ---- inputs ------------------------------------------------------------------------------------

export interface AddressInput {
  line1: string;
  line2?: string | null;
  postcode: string;
  city: string;
}
export interface PhoneInput {
  label: string;
  number: string;
}
export interface FamilyFileInput {
  address?: AddressInput | null;
  phones?: PhoneInput[];
  email?: string | null;
}
export interface ContactInput {
  /** an existing contact of this child; absent = a new one */
  id?: string;
  lastName: string;
  firstName: string;
  relation: string;
  address?: AddressInput | null;
  phones: string[];
  emergency: boolean;
  pickup: boolean;
}
export interface ChildFileInput {
  lastName?: string;
  firstName?: string;
  sex?: string | null;
  birthDate?: string;
  school?: string | null;
  className?: string | null;
  diet?: { kind: string; details?: string | null } | null;
  medicalHistory?: string | null;
  observations?: string | null;
  doctor?: { name: string; phone?: string | null; city?: string | null } | null;
  careplan?: { hasPlan: boolean; details?: string | null } | null;
  /** the whole list: contacts left out are removed */
  contacts?: ContactInput[];
  /** authorization type code → answer */
  authorizations?: Record<string, string>;
}

export interface FieldProblem {
  path: string;
  message: string;
}

// ---- checks ------------------------------------------------------------------------------------

export function checkFamilyFile(input: FamilyFileInput): { values: Partial<FamilyFileValues>; errors: FieldProblem[] } {
  const errors: FieldProblem[] = [];
  const values: Partial<FamilyFileValues> = {};
  if (input.address !== undefined) values.address = input.address === null ? null : checkAddress(input.address, 'address', errors);
  if (input.phones !== undefined) {
    if (input.phones.length > MAX_FAMILY_PHONES) errors.push({ path: 'phones', message: `${MAX_FAMILY_PHONES} numéros de téléphone au plus.` });
    values.phones = input.phones.slice(0, MAX_FAMILY_PHONES).map((p, i) => {
      if (!(PHONE_LABELS as readonly string[]).includes(p.label)) errors.push({ path: `phones[${i}].label`, message: `doit être l'un de : ${PHONE_LABELS.join(', ')}` });
      const number = checkPhone(p.number, `phones[${i}].number`, errors);
      return { label: p.label as PhoneLabel, number: number ?? '' };
    });
    values.phones.forEach((p, i) => {
      if (p.number && values.phones!.findIndex((q) => q.number === p.number) < i) errors.push({ path: `phones[${i}].number`, message: 'Ce numéro figure déjà dans la liste.' });
    });
  }
  if (input.email !== undefined) {
    const email = input.email?.trim().toLowerCase() || null;
    if (email && (!isEmail(email) || email.length > 254)) errors.push({ path: 'email', message: "L'adresse e-mail n'est pas valide." });
    values.email = email;
  }
  return { values, errors };
}

export interface ChildFileContext {
  today: string;
  /** codes of the authorization types a guardian can answer (active ones) */
  authorizationCodes: ReadonlySet<string>;
  /** ids of this child's contacts on file */
  contactIds: ReadonlySet<string>;
}

export interface CheckedChildFile {
  values: Partial<ChildFileValues>;
  /** the whole list after the change, when the form sent it; `id` undefined = new */
  contacts?: (Contact & { id?: string })[];
  authorizations?: Record<string, AuthorizationAnswer>;
  errors: FieldProblem[];
}

export function checkChildFile(input: ChildFileInput, context: ChildFileContext): CheckedChildFile {
  const errors: FieldProblem[] = [];
  const values: Partial<ChildFileValues> = {};
  for (const key of ['lastName', 'firstName'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    const problem = checkName(value);
    if (problem) errors.push({ path: key, message: `Le ${key === 'lastName' ? 'nom' : 'prénom'} ${problem}.` });
    values[key] = value.trim();
  }
  if (input.sex !== undefined) {
    if (input.sex !== null && input.sex !== 'F' && input.sex !== 'M') errors.push({ path: 'sex', message: 'doit valoir F (fille) ou M (garçon)' });
    values.sex = (input.sex as Sex | null) ?? null;
  }
  if (input.birthDate !== undefined) {
    const problem = checkBirthDate(input.birthDate, context.today);
    if (problem) errors.push({ path: 'birthDate', message: problem });
    values.birthDate = input.birthDate;
  }
  if (input.school !== undefined) values.school = text(input.school, 'school', 200, errors);
  if (input.className !== undefined) values.className = text(input.className, 'className', 50, errors);
  if (input.diet !== undefined) {
    if (input.diet === null) values.diet = null;
    else {
      const kind = input.diet.kind as DietKind;
      if (!(DIET_KINDS as readonly string[]).includes(kind)) errors.push({ path: 'diet.kind', message: `doit être l'un de : ${DIET_KINDS.join(', ')}` });
      const details = text(input.diet.details, 'diet.details', 2000, errors);
      if ((kind === 'allergy' || kind === 'other') && !details) errors.push({ path: 'diet.details', message: 'Précisez le régime alimentaire (aliments à éviter, allergies).' });
      values.diet = { kind, details: kind === 'none' ? null : details };
    }
  }
  if (input.medicalHistory !== undefined) values.medicalHistory = text(input.medicalHistory, 'medicalHistory', 4000, errors);
  if (input.observations !== undefined) values.observations = text(input.observations, 'observations', 4000, errors);
  if (input.doctor !== undefined) {
    if (input.doctor === null) values.doctor = null;
    else {
      const name = text(input.doctor.name, 'doctor.name', 200, errors);
      if (!name) errors.push({ path: 'doctor.name', message: 'Le nom du médecin est obligatoire.' });
      const phone = input.doctor.phone?.trim() ? (checkPhone(input.doctor.phone, 'doctor.phone', errors) ?? null) : null;
      values.doctor = { name: name ?? '', phone, city: text(input.doctor.city, 'doctor.city', 200, errors) };
    }
  }
  if (input.careplan !== undefined) {
    if (input.careplan === null) values.careplan = null;
    else {
      const details = text(input.careplan.details, 'careplan.details', 4000, errors);
      if (input.careplan.hasPlan && !details) errors.push({ path: 'careplan.details', message: 'Précisez les détails du PAI.' });
      values.careplan = { hasPlan: input.careplan.hasPlan, details: input.careplan.hasPlan ? details : null };
    }
  }
  const result: CheckedChildFile = { values, errors };
  if (input.contacts !== undefined) result.contacts = checkContacts(input.contacts, context.contactIds, errors);
  if (input.authorizations !== undefined) {
    result.authorizations = {};
    for (const [code, answer] of Object.entries(input.authorizations)) {
      if (!context.authorizationCodes.has(code)) errors.push({ path: `authorizations.${code}`, message: "Cette autorisation n'existe pas." });
      else if (!(AUTHORIZATION_ANSWERS as readonly string[]).includes(answer)) errors.push({ path: `authorizations.${code}`, message: 'Répondez oui (yes), non (no) ou non concerné (not-applicable).' });
      else result.authorizations[code] = answer as AuthorizationAnswer;
    }
  }
  return result;
}

function checkContacts(contacts: ContactInput[], known: ReadonlySet<string>, errors: FieldProblem[]): (Contact & { id?: string })[] {
  if (contacts.length > MAX_CONTACTS) errors.push({ path: 'contacts', message: `${MAX_CONTACTS} personnes au plus.` });
  const seen = new Set<string>();
  return contacts.map((c, i) => {
    const at = `contacts[${i}]`;
    if (c.id !== undefined && (!known.has(c.id) || seen.has(c.id))) errors.push({ path: `${at}.id`, message: "Cette personne n'est pas sur la fiche de l'enfant." });
    if (c.id) seen.add(c.id);
    for (const key of ['lastName', 'firstName'] as const) {
      const problem = checkName(c[key]);
      if (problem) errors.push({ path: `${at}.${key}`, message: `Le ${key === 'lastName' ? 'nom' : 'prénom'} ${problem}.` });
    }
    const relation = text(c.relation, `${at}.relation`, 60, errors);
    if (!relation) errors.push({ path: `${at}.relation`, message: "Le lien avec l'enfant est obligatoire." });
    if (c.phones.length === 0) errors.push({ path: `${at}.phones`, message: 'Au moins un numéro de téléphone.' });
    if (c.phones.length > 2) errors.push({ path: `${at}.phones`, message: 'Deux numéros de téléphone au plus.' });
    const phones = c.phones.slice(0, 2).map((p, n) => checkPhone(p, `${at}.phones[${n}]`, errors) ?? '');
    if (!c.emergency && !c.pickup) errors.push({ path: at, message: 'Cochez « à contacter en cas d’urgence », « autorisée à venir chercher l’enfant », ou les deux.' });
    return {
      ...(c.id ? { id: c.id } : {}),
      lastName: c.lastName.trim(),
      firstName: c.firstName.trim(),
      relation: relation ?? '',
      address: c.address ? checkAddress(c.address, `${at}.address`, errors) : null,
      phones,
      emergency: c.emergency,
      pickup: c.pickup,
    };
  });
}

export function checkAddress(input: AddressInput, at: string, errors: FieldProblem[]): Address | null {
  const line1 = text(input.line1, `${at}.line1`, 200, errors);
  if (!line1) errors.push({ path: `${at}.line1`, message: "L'adresse (numéro et rue) est obligatoire." });
  const line2 = text(input.line2, `${at}.line2`, 200, errors);
  const { place, postcodeError, cityError } = checkPostcodeCity(input.postcode ?? '', input.city ?? '');
  if (postcodeError) errors.push({ path: `${at}.postcode`, message: postcodeError });
  if (cityError) errors.push({ path: `${at}.city`, message: cityError });
  return place && line1 ? { line1, line2, ...place } : null;
}

function checkPhone(value: string, path: string, errors: FieldProblem[]): string | undefined {
  const number = toPhoneE164(value ?? '');
  if (!value?.trim()) errors.push({ path, message: 'Le numéro de téléphone est obligatoire.' });
  else if (!number) errors.push({ path, message: "Ce n'est pas un numéro de téléphone valide (ex. 03 44 12 34 56, 06 12 34 56 78 ou +32 2 765 43 21)." });
  return number;
}

/** Trimmed free text; empty → null; longer than `max` → an error. Control characters other than line breaks are refused. */
function text(value: string | null | undefined, path: string, max: number, errors: FieldProblem[]): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed.length > max) errors.push({ path, message: `${max} caractères au plus.` });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(trimmed)) errors.push({ path, message: 'contient des caractères non autorisés.' });
  return trimmed || null;
}

/** Two values of a field are the same when their JSON is (keys in a fixed order). */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}
