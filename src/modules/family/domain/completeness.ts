import { AuthorizationAnswer, ChildFileValues, Contact, FamilyFileValues } from './family-file';
import { ServiceKind } from './service-kind';

/**
 * What a family file still lacks before a child can be enrolled in / book a kind of service:
 * required fields, authorizations to answer, valid supporting documents (the documents sub-module
 * adds those). Reservations refuse a booking with these messages.
 */
export interface Missing {
  /** stable code: `field:child.sex`, `authorization:photos`, `document:proof-of-address` */
  code: string;
  /** French, for the guardian */
  message: string;
}

export interface AuthorizationType {
  code: string;
  label: string;
  requiredFor: ServiceKind[];
}

const SCHOOL_SERVICES: ReadonlySet<ServiceKind> = new Set(['canteen', 'after-school-morning', 'after-school-evening', 'wednesday-care']);

export function missingFromFile(
  kind: ServiceKind,
  family: Pick<FamilyFileValues, 'address'>,
  child: Pick<ChildFileValues, 'firstName' | 'sex' | 'school' | 'className' | 'diet' | 'doctor' | 'careplan'>,
  contacts: Pick<Contact, 'emergency'>[],
  authorizationTypes: AuthorizationType[],
  answers: Record<string, AuthorizationAnswer>,
): Missing[] {
  const missing: Missing[] = [];
  const field = (code: string, message: string) => missing.push({ code: `field:${code}`, message });
  if (!family.address) field('family.address', "L'adresse de la famille est à renseigner.");
  if (!child.sex) field('child.sex', `Le sexe de ${child.firstName} est à renseigner.`);
  if (SCHOOL_SERVICES.has(kind)) {
    if (!child.school) field('child.school', `L'école de ${child.firstName} est à renseigner.`);
    if (!child.className) field('child.className', `La classe de ${child.firstName} est à renseigner.`);
  }
  if (kind === 'canteen' && !child.diet) field('child.diet', `Le régime alimentaire de ${child.firstName} est à renseigner (« Aucun » s'il n'en a pas).`);
  if (kind === 'early-childhood' && !child.doctor) field('child.doctor', `Le médecin traitant de ${child.firstName} est à renseigner.`);
  if (!child.careplan) field('child.careplan', `Indiquez si ${child.firstName} bénéficie d'un PAI (oui ou non).`);
  if (!contacts.some((c) => c.emergency)) field('child.contact', `Indiquez au moins une personne à contacter en cas d'urgence pour ${child.firstName}.`);
  for (const type of authorizationTypes) {
    if (type.requiredFor.includes(kind) && !answers[type.code]) {
      missing.push({ code: `authorization:${type.code}`, message: `Autorisation « ${type.label} » : répondez oui, non ou non concerné.` });
    }
  }
  return missing;
}
