import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { retryTransient, TransactionHost } from '../../../platform/database/transaction-host';
import { todayInParis } from '../../../platform/dates';
import { EventPublisher } from '../../../platform/events';
import { ApplicationError, FieldError, Role } from '../../../platform/http';
import { ChildOnFile, FamilyDirectory, Missing } from '../../family';
import { ageFit, ageRangeLabel, ageRefusal, placeLabel, RegistrationStatus, registrationOpen, registrationStatusLabel, ReleaseReason, termWindow } from '../domain/activity';
import { ActivityRegistrationRepository, PlaceView, RegistrationRow } from '../infrastructure/activity-registration.repository';
import { ActivityRepository } from '../infrastructure/activity.repository';
import { countByGroup, ActivityHolds } from './activity-holds';
import { groupNotFound, viewOf } from './activity-groups.service';
import { clockOf } from './booking.service';
import { childNotFound } from './enrolment.service';

export interface Registrant {
  accountId: string;
  role: Role;
  familyId: string;
}

export interface OfferedGroup {
  groupId: string;
  label: string;
  minAge: number;
  maxAge: number;
  ageLabel: string;
  /** the child's age on the first session */
  childAge: number;
  priceCents: number;
  places: number;
  placesLeft: number;
  startsAt: string;
  endsAt: string;
  sessions: string[];
  /** the child can be registered now */
  registrable: boolean;
  /** why not (French), null when registrable */
  reason: string | null;
}

export interface OfferedChild {
  childId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  /** the child's file holds what term activities need */
  fileComplete: boolean;
  missing: Missing[];
  /** the child's registration in this term (held or confirmed), if any */
  registration: { registrationId: string; number: string; status: 'held' | 'confirmed'; groupId: string; groupLabel: string } | null;
  /** the groups that fit the child's age */
  groups: OfferedGroup[];
}

export interface Term {
  periodId: string;
  label: string;
  serviceId: string;
  serviceLabel: string;
  establishmentId: string;
  establishmentName: string;
  startsOn: string;
  endsOn: string;
  opensAt: Date;
  closesAt: Date | null;
  /** registration window open now (each group also has its deadline before its first session) */
  open: boolean;
  reason: string | null;
  children: OfferedChild[];
}

export interface RegistrationPlaceView {
  childId: string;
  childFirstName: string;
  groupId: string;
  groupLabel: string;
  periodId: string;
  periodLabel: string;
  serviceId: string;
  serviceLabel: string;
  label: string;
  priceCents: number;
  startsAt: string;
  endsAt: string;
  firstSession: string | null;
  lastSession: string | null;
  sessionCount: number;
}

export interface RegistrationView {
  id: string;
  number: string;
  status: RegistrationStatus;
  statusLabel: string;
  releaseReason: ReleaseReason | null;
  amountCents: number;
  holdUntil: Date;
  paymentId: string | null;
  createdAt: Date;
  confirmedAt: Date | null;
  releasedAt: Date | null;
  label: string;
  places: RegistrationPlaceView[];
}

/**
 * Guardians register their children for term activities and pay at once (seed 003). A registration
 * is one basket of (child, group) pairs, all or nothing: the places are held (counters taken in
 * group id order, one atomic statement each) until the payment confirms them, or released.
 */
@Injectable()
export class ActivitiesService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly groups: ActivityRepository,
    private readonly store: ActivityRegistrationRepository,
    private readonly holds: ActivityHolds,
    private readonly events: EventPublisher,
    private readonly families: FamilyDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The terms not yet over, with, for each child, the groups that fit the child's age. */
  async offer(familyId: string, now = new Date()): Promise<Term[]> {
    const children = await this.families.children(familyId);
    const terms = await this.groups.terms(todayInParis(now));
    const groups = await this.groups.groupsOfPeriods(terms.map((t) => t.period.id));
    const active = children.length ? await this.store.activePlaces(children.map((c) => c.childId), [], terms.map((t) => t.period.id)) : [];
    const files = new Map<string, Missing[]>();
    if (terms.length) for (const c of children) files.set(c.childId, (await this.families.completeness(c.childId, 'term-activity'))?.missing ?? []);

    return terms.map(({ period, service, establishment }): Term => {
      const clock = clockOf({ period, service, establishment });
      const window = termWindow(now, clock);
      return {
        periodId: period.id,
        label: period.label,
        serviceId: service.id,
        serviceLabel: service.label,
        establishmentId: establishment.id,
        establishmentName: establishment.name,
        startsOn: period.startsOn,
        endsOn: period.endsOn,
        opensAt: period.opensAt,
        closesAt: period.closesAt,
        open: window.open,
        reason: window.reason,
        children: children.map((child): OfferedChild => {
          const missing = files.get(child.childId) ?? [];
          const mine = active.find((a) => a.childId === child.childId && a.periodId === period.id);
          return {
            ...child,
            fileComplete: missing.length === 0,
            missing,
            registration: mine ? { registrationId: mine.registrationId, number: mine.number, status: mine.status, groupId: mine.groupId, groupLabel: mine.groupLabel } : null,
            groups: groups
              .filter((g) => g.periodId === period.id && g.sessions.length)
              .flatMap((g): OfferedGroup[] => {
                const fit = ageFit(g, child.birthDate, g.sessions[0]);
                if (!fit.fits) return [];
                const { placesLeft } = viewOf(g);
                const timing = registrationOpen(g.sessions[0], now, clock);
                const reason = mine
                  ? `${child.firstName} est déjà inscrit(e) pour cette période (${mine.groupLabel}).`
                  : (timing.reason ?? (missing.length ? `Le dossier de ${child.firstName} est incomplet.` : placesLeft === 0 ? 'Complet.' : null));
                return [{
                  groupId: g.id,
                  label: g.label,
                  minAge: g.minAge,
                  maxAge: g.maxAge,
                  ageLabel: ageRangeLabel(g.minAge, g.maxAge),
                  childAge: fit.age,
                  priceCents: g.priceCents,
                  places: g.places,
                  placesLeft,
                  startsAt: g.startsAt,
                  endsAt: g.endsAt,
                  sessions: g.sessions,
                  registrable: reason === null,
                  reason,
                }];
              }),
          };
        }),
      };
    });
  }

  /**
   * Registers a basket of (child, group) pairs: all are checked, then the places are held in one
   * transaction; one registration with its number, total amount and hold time. Nothing is written
   * when one pair fails.
   */
  async register(actor: Registrant, places: { childId: string; groupId: string }[], now = new Date()): Promise<RegistrationView> {
    const children = await this.families.children(actor.familyId);
    const byId = new Map(children.map((c) => [c.childId, c]));
    if (places.some((p) => !byId.has(p.childId))) throw childNotFound();
    const incomplete: FieldError[] = [];
    for (const childId of new Set(places.map((p) => p.childId))) {
      const completeness = await this.families.completeness(childId, 'term-activity');
      for (const m of completeness?.missing ?? []) {
        // what the family file lacks is said once, not once per child
        if (!incomplete.some((e) => e.field === m.code && e.message === m.message)) incomplete.push({ field: m.code, message: m.message });
      }
    }
    if (incomplete.length) {
      throw new ApplicationError('unprocessable', 'reservations.file-incomplete', 'Le dossier est incomplet pour les activités : complétez-le, puis inscrivez l’enfant.', incomplete);
    }
    try {
      const registrationId = await retryTransient(() => this.txHost.withTransaction(() => this.hold(actor, places, byId, now)));
      return (await this.registration(actor.familyId, registrationId))!;
    } catch (error) {
      // Two guardians of a family registering the same child for the same group at the same moment: the unique index answers.
      if ((error as { code?: string; constraint?: string }).code === '23505' && (error as { constraint?: string }).constraint === 'activity_place_child_once') {
        throw new ApplicationError('conflict', 'reservations.activity-already-registered', 'Cet enfant vient d’être inscrit à ce groupe.');
      }
      throw error;
    }
  }

  private async hold(actor: Registrant, wanted: { childId: string; groupId: string }[], children: Map<string, ChildOnFile>, now: Date): Promise<string> {
    const terms = new Map((await this.groups.groupsInTerms([...new Set(wanted.map((p) => p.groupId))])).map((g) => [g.group.id, g]));
    if (wanted.some((p) => !terms.has(p.groupId))) throw groupNotFound();

    // The rules of each pair: the group is offered, open, fits the child's age, one activity per child and term.
    const errors: FieldError[] = [];
    const seen = new Map<string, number>();
    wanted.forEach((p, i) => {
      const { group, period, service, establishment } = terms.get(p.groupId)!;
      const child = children.get(p.childId)!;
      const field = `places[${i}]`;
      if (!service.active || !establishment.active || !group.sessions.length) {
        errors.push({ field: `${field}.groupId`, message: `« ${group.label} » n’est plus proposé.` });
        return;
      }
      const window = registrationOpen(group.sessions[0], now, clockOf({ period, service, establishment }));
      if (!window.open) errors.push({ field: `${field}.groupId`, message: `« ${group.label} » : ${window.reason}` });
      const fit = ageFit(group, child.birthDate, group.sessions[0]);
      if (!fit.fits) errors.push({ field: `${field}.childId`, message: ageRefusal(child.firstName, fit.age, group, group.sessions[0]) });
      const key = `${p.childId}|${period.id}`;
      if (seen.has(key)) errors.push({ field, message: `${child.firstName} est déjà choisi(e) pour ${period.label} (ligne ${seen.get(key)! + 1}) : une activité par enfant et par période.` });
      else seen.set(key, i);
    });
    if (errors.length) throw new ApplicationError('unprocessable', 'reservations.activity-registration-rejected', 'Certaines inscriptions ne sont pas possibles : rien n’a été enregistré.', errors);

    // Already registered (held within its time, or confirmed), under the children's locks.
    await this.store.lockChildren(wanted.map((p) => p.childId));
    const groupIds = [...terms.keys()];
    const existing = await this.store.activePlaces([...new Set(wanted.map((p) => p.childId))], groupIds, [...new Set([...terms.values()].map((g) => g.period.id))]);
    const conflicts = wanted.flatMap((p, i): FieldError[] => {
      const { group, period } = terms.get(p.groupId)!;
      const other = existing.find((e) => e.childId === p.childId && (e.groupId === p.groupId || e.periodId === period.id));
      if (!other) return [];
      const name = children.get(p.childId)!.firstName;
      const state = other.status === 'held' ? ', en attente de paiement' : '';
      return [{
        field: `places[${i}]`,
        message: other.groupId === group.id
          ? `${name} est déjà inscrit(e) au groupe « ${group.label} » (inscription ${other.number}${state}).`
          : `${name} est déjà inscrit(e) à « ${other.groupLabel} » pour ${period.label} (inscription ${other.number}${state}) : une activité par enfant et par période.`,
      }];
    });
    if (conflicts.length) throw new ApplicationError('conflict', 'reservations.activity-already-registered', conflicts.map((c) => c.message).join(' '), conflicts);

    // Places: holds of these groups past their time are released first, so they never block;
    // then each group's counter moves by (wanted − released) in group id order, atomically.
    const expired = await this.store.claimExpiredInGroups(groupIds);
    const freed = new Map<string, number>();
    if (expired.length) {
      const expiredPlaces = (await this.store.places(expired.map((r) => r.id))).filter((p) => p.active);
      for (const [groupId, n] of countByGroup(expiredPlaces)) freed.set(groupId, n);
    }
    const want = new Map(countByGroup(wanted));
    const full: string[] = [];
    for (const groupId of [...new Set([...want.keys(), ...freed.keys()])].sort()) {
      const delta = (want.get(groupId) ?? 0) - (freed.get(groupId) ?? 0);
      if (!(await this.store.adjustTaken(groupId, delta))) full.push(groupId);
    }
    if (full.length) {
      const labels = full.map((id) => `« ${terms.get(id)!.group.label} »`);
      throw new ApplicationError(
        'conflict',
        'reservations.activity-full',
        `Complet : ${labels.length > 1 ? `les groupes ${labels.join(', ')} n’ont` : `le groupe ${labels[0]} n’a`} plus de place. Rien n’a été enregistré.`,
        wanted.flatMap((p, i) => (full.includes(p.groupId) ? [{ field: `places[${i}].groupId`, message: `${terms.get(p.groupId)!.group.label} : complet` }] : [])),
      );
    }
    // The counters already account for the expired places: mark them released without giving them back twice.
    await this.holds.release(expired, 'expired', null, { countersAdjusted: true });

    const lines = wanted.map((p) => ({ ...p, priceCents: terms.get(p.groupId)!.group.priceCents }));
    const amountCents = lines.reduce((sum, l) => sum + l.priceCents, 0);
    const registration = await this.store.insertRegistration({ familyId: actor.familyId, amountCents, holdMinutes: this.config.reservations.activityHoldMinutes, createdBy: actor.accountId });
    await this.store.insertPlaces(registration.id, lines);
    const facts = { registrationId: registration.id, familyId: actor.familyId, amountCents, places: lines.map((l) => ({ groupId: l.groupId, childId: l.childId, priceCents: l.priceCents })) };
    if (registration.status === 'confirmed') {
      // free groups: nothing to pay, the places are the children's at once
      await this.events.publish('reservations.activity-place.confirmed.v1', registration.id, { ...facts, paymentId: null });
    } else {
      await this.events.publish('reservations.activity-place.held.v1', registration.id, { ...facts, holdUntil: registration.holdUntil.toISOString() });
    }
    return registration.id;
  }

  async registrations(familyId: string, limit: number, offset: number): Promise<RegistrationView[]> {
    const rows = await this.store.ofFamily(familyId, limit, offset);
    return this.views(familyId, rows);
  }

  /** One registration of the family; undefined for another family's. */
  async registration(familyId: string, id: string): Promise<RegistrationView | undefined> {
    const row = await this.store.one(familyId, id);
    return row && (await this.views(familyId, [row]))[0];
  }

  async registrationOrFail(familyId: string, id: string): Promise<RegistrationView> {
    const view = await this.registration(familyId, id);
    if (!view) throw new ApplicationError('not_found', 'reservations.activity-registration-not-found', 'Inscription introuvable.');
    return view;
  }

  private async views(familyId: string, rows: RegistrationRow[]): Promise<RegistrationView[]> {
    if (!rows.length) return [];
    const places = await this.store.placeViews(rows.map((r) => r.id));
    const children = await this.families.children(familyId);
    const names = new Map(children.map((c) => [c.childId, c.firstName]));
    // the family's children in their order, each child's places by term
    const rank = (childId: string) => children.findIndex((c) => c.childId === childId);
    return rows.map((r) => {
      const mine = places
        .filter((p) => p.registrationId === r.id)
        .sort((a, b) => rank(a.childId) - rank(b.childId))
        .map((p) => placeView(p, names.get(p.childId) ?? ''));
      return {
        id: r.id,
        number: r.number,
        status: r.status,
        statusLabel: registrationStatusLabel(r.status, r.releaseReason),
        releaseReason: r.releaseReason,
        amountCents: r.amountCents,
        holdUntil: r.holdUntil,
        paymentId: r.paymentId,
        createdAt: r.createdAt,
        confirmedAt: r.confirmedAt,
        releasedAt: r.releasedAt,
        label: mine.map((p) => p.label).join(' ; '),
        places: mine,
      };
    });
  }
}

function placeView(p: PlaceView, childFirstName: string): RegistrationPlaceView {
  return {
    childId: p.childId,
    childFirstName,
    groupId: p.groupId,
    groupLabel: p.groupLabel,
    periodId: p.periodId,
    periodLabel: p.periodLabel,
    serviceId: p.serviceId,
    serviceLabel: p.serviceLabel,
    label: placeLabel(p.periodLabel, p.groupLabel, childFirstName),
    priceCents: p.priceCents,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    firstSession: p.firstSession,
    lastSession: p.lastSession,
    sessionCount: p.sessionCount,
  };
}
