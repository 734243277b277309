/**
 * The kinds of service a family can book (the reservations catalogue, issue 6, gives each service
 * one of them). The family file says what it still lacks for a kind of service: required fields,
 * authorizations, valid supporting documents.
 */
export const SERVICE_KINDS = ['canteen', 'after-school-morning', 'after-school-evening', 'wednesday-care', 'early-childhood', 'term-activity'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export const SERVICE_KIND_LABELS: Record<ServiceKind, string> = {
  canteen: 'Restauration scolaire',
  'after-school-morning': 'Accueil périscolaire du matin',
  'after-school-evening': 'Accueil périscolaire du soir',
  'wednesday-care': 'Accueil du mercredi',
  'early-childhood': 'Petite enfance',
  'term-activity': 'Activités de la période',
};

export function isServiceKind(value: unknown): value is ServiceKind {
  return typeof value === 'string' && (SERVICE_KINDS as readonly string[]).includes(value);
}
