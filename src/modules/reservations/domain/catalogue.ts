import { ServiceKind } from '../../family';
import { daysBetween } from './calendar';
import { DeadlineRule, isValidTimeZone, minutesBefore, parseRule, RuleError } from './deadline';

/**
 * What staff set up for booking: establishments, their services, booking periods with their
 * deadline rules. Shapes are checked by the request DTOs; the rules that tie fields together are here.
 */
export const ESTABLISHMENT_KINDS = ['school', 'nursery', 'leisure-centre'] as const;
export type EstablishmentKind = (typeof ESTABLISHMENT_KINDS)[number];

export const UNITS = ['day', 'half-day', 'hourly-slot', 'session'] as const;
export type Unit = (typeof UNITS)[number];

export const UNIT_LABELS: Record<Unit, string> = { day: 'journée', 'half-day': 'demi-journée', 'hourly-slot': 'créneau horaire', session: 'séance' };

/** School-holiday zones of the ministry's calendar. */
export const HOLIDAY_ZONES = ['A', 'B', 'C', 'Corse', 'Guadeloupe', 'Guyane', 'Martinique', 'Mayotte', 'Nouvelle-Calédonie', 'Polynésie', 'Réunion', 'Saint-Pierre-et-Miquelon', 'Wallis-et-Futuna'] as const;

export interface Establishment {
  id: string;
  name: string;
  kind: EstablishmentKind;
  address: string | null;
  timeZone: string;
  holidayZone: string;
  alsaceMoselle: boolean;
  active: boolean;
}

export interface Service {
  id: string;
  establishmentId: string;
  kind: ServiceKind;
  label: string;
  unit: Unit;
  capacity: number | null;
  weekdays: number[];
  opensAt: string | null;
  closesAt: string | null;
  slotMinutes: number | null;
  followsSchoolCalendar: boolean;
  waitlist: boolean;
  active: boolean;
}

export interface BookingPeriod {
  id: string;
  serviceId: string;
  label: string;
  startsOn: string;
  endsOn: string;
  opensAt: Date;
  closesAt: Date | null;
  deadline: DeadlineRule;
  cutoff: DeadlineRule | null;
}

export type ServiceSettings = Omit<Service, 'id' | 'establishmentId'>;

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export function checkEstablishment(e: Pick<Establishment, 'timeZone' | 'holidayZone'>): RuleError[] {
  const errors: RuleError[] = [];
  if (!isValidTimeZone(e.timeZone)) errors.push({ path: 'timeZone', message: 'fuseau horaire inconnu (ex. Europe/Paris, America/Cayenne)' });
  if (!(HOLIDAY_ZONES as readonly string[]).includes(e.holidayZone)) errors.push({ path: 'holidayZone', message: `doit être l'une des zones : ${HOLIDAY_ZONES.join(', ')}` });
  return errors;
}

/** The rules between a service's fields (kind and unit, hours, capacity). */
export function checkService(s: ServiceSettings): RuleError[] {
  const errors: RuleError[] = [];
  if ((s.unit === 'session') !== (s.kind === 'term-activity')) {
    errors.push({ path: 'unit', message: 'les activités de la période se réservent par séance, et elles seules' });
  }
  if (s.unit !== 'session' && s.capacity === null) errors.push({ path: 'capacity', message: 'indiquez le nombre de places' });
  if (s.unit === 'session' && s.capacity !== null) errors.push({ path: 'capacity', message: 'les places d’une activité se comptent par groupe' });
  if ((s.opensAt === null) !== (s.closesAt === null)) errors.push({ path: s.opensAt === null ? 'opensAt' : 'closesAt', message: 'indiquez l’heure d’ouverture et l’heure de fermeture' });
  else if (s.opensAt !== null && minutesOf(s.opensAt) >= minutesOf(s.closesAt!)) errors.push({ path: 'closesAt', message: 'la fermeture doit suivre l’ouverture' });
  if (s.unit === 'hourly-slot') {
    if (s.opensAt === null) errors.push({ path: 'opensAt', message: 'un service à créneaux horaires a des heures d’ouverture' });
    if (s.slotMinutes === null) errors.push({ path: 'slotMinutes', message: 'indiquez le pas des créneaux (15, 30, 60 minutes…)' });
    else if (s.opensAt && s.closesAt && (minutesOf(s.opensAt) % s.slotMinutes || minutesOf(s.closesAt) % s.slotMinutes)) {
      errors.push({ path: 'slotMinutes', message: 'l’ouverture et la fermeture doivent tomber sur le pas des créneaux' });
    }
  } else if (s.slotMinutes !== null) errors.push({ path: 'slotMinutes', message: 'seuls les services à créneaux horaires ont un pas' });
  return errors;
}

export interface PeriodInput {
  label: string;
  startsOn: string;
  endsOn: string;
  opensAt: string;
  closesAt?: string | null;
  deadline: unknown;
  cutoff?: unknown;
}

export const MAX_PERIOD_DAYS = 400;

/** Checks a booking period; returns it, or the errors (field paths as sent). */
export function checkPeriod(input: PeriodInput): { period?: Omit<BookingPeriod, 'id' | 'serviceId'>; errors: RuleError[] } {
  const errors: RuleError[] = [];
  if (input.endsOn < input.startsOn) errors.push({ path: 'endsOn', message: 'la fin doit suivre le début' });
  else if (daysBetween(input.startsOn, input.endsOn) > MAX_PERIOD_DAYS) errors.push({ path: 'endsOn', message: `une période dure au plus ${MAX_PERIOD_DAYS} jours` });
  const opensAt = new Date(input.opensAt);
  const closesAt = input.closesAt ? new Date(input.closesAt) : null;
  if (closesAt && closesAt <= opensAt) errors.push({ path: 'closesAt', message: 'la clôture des réservations doit suivre leur ouverture' });
  const deadline = parseRule(input.deadline, 'deadline', errors);
  const cutoff = input.cutoff === undefined || input.cutoff === null ? null : (parseRule(input.cutoff, 'cutoff', errors) ?? null);
  if (deadline && cutoff && minutesBefore(cutoff) > minutesBefore(deadline)) {
    errors.push({ path: 'cutoff', message: 'la date limite des demandes ne peut pas précéder le délai de prévenance' });
  }
  if (errors.length || !deadline) return { errors };
  return { period: { label: input.label, startsOn: input.startsOn, endsOn: input.endsOn, opensAt, closesAt, deadline, cutoff }, errors };
}
