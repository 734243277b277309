import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { ApplicationError } from '../../../platform/http';
import { ChildOnFile, FamilyDirectory } from '../../family';
import { checkGroup, expandSessions, GroupSettings, RegistrationStatus, registrationStatusLabel, ReleaseReason, SessionSelection } from '../domain/activity';
import { openingOf } from '../domain/calendar';
import { ActivityRegistrationRepository } from '../infrastructure/activity-registration.repository';
import { ActivityRepository, GroupWithCounts } from '../infrastructure/activity.repository';
import { BookingContext, BookingRepository } from '../infrastructure/booking.repository';
import { CatalogueRepository } from '../infrastructure/catalogue.repository';
import { invalid, notFound } from './catalogue.service';

export interface GroupView extends GroupWithCounts {
  placesLeft: number;
}

export interface GroupRegistrationView {
  registrationId: string;
  number: string;
  status: RegistrationStatus;
  statusLabel: string;
  releaseReason: ReleaseReason | null;
  familyId: string;
  childId: string;
  childLastName: string | null;
  childFirstName: string | null;
  childBirthDate: string | null;
  priceCents: number;
  active: boolean;
  holdUntil: Date;
  paymentId: string | null;
  createdAt: Date;
  confirmedAt: Date | null;
  releasedAt: Date | null;
}

export const groupNotFound = () => new ApplicationError('not_found', 'reservations.activity-group-not-found', 'Groupe d’activité introuvable.');

/** Places left now: holds past their time do not count (the next registration or the sweeper releases them). */
export function viewOf(g: GroupWithCounts): GroupView {
  return { ...g, placesLeft: Math.max(0, g.places - g.taken + g.expired) };
}

/** Staff set up the groups of a term: ages, places, price, session times and days. */
@Injectable()
export class ActivityGroupsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly groups: ActivityRepository,
    private readonly registrations: ActivityRegistrationRepository,
    private readonly bookings: BookingRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly families: FamilyDirectory,
  ) {}

  async create(periodId: string, settings: GroupSettings, sessions: SessionSelection): Promise<GroupView> {
    return this.txHost.withTransaction(async () => {
      const ctx = await this.term(periodId);
      const days = await this.check(ctx, settings, sessions);
      const id = await this.groups.insertGroup(ctx.service.id, periodId, settings);
      await this.groups.replaceSessions(id, days);
      return viewOf((await this.groups.group(id))!);
    });
  }

  /** Changes a group; absent fields are kept, `sessions` replaces the days. Registrations keep the price they were taken at. */
  async update(id: string, changes: Partial<GroupSettings> & { sessions?: SessionSelection }): Promise<GroupView> {
    return this.txHost.withTransaction(async () => {
      const current = await this.groups.group(id, true);
      if (!current) throw groupNotFound();
      const { sessions, ...fields } = changes;
      const next: GroupSettings = { ...pick(current), ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
      const ctx = (await this.bookings.context(current.periodId))!;
      const days = await this.check(ctx, next, sessions ?? { dates: current.sessions }, !sessions);
      if (next.places < current.taken) {
        throw new ApplicationError(
          'conflict',
          'reservations.activity-places-taken',
          `${current.taken} place${current.taken > 1 ? 's sont déjà prises' : ' est déjà prise'} (inscriptions confirmées ou en attente de paiement) : le groupe ne peut pas en compter moins.`,
          [{ field: 'places', message: `au moins ${current.taken}` }],
        );
      }
      await this.groups.updateGroup(id, next);
      if (sessions) await this.groups.replaceSessions(id, days);
      return viewOf((await this.groups.group(id))!);
    });
  }

  async group(id: string): Promise<GroupView> {
    const g = await this.groups.group(id);
    if (!g) throw groupNotFound();
    return viewOf(g);
  }

  async ofPeriod(periodId: string): Promise<GroupView[]> {
    await this.term(periodId);
    return (await this.groups.groupsOfPeriods([periodId])).map(viewOf);
  }

  /** The registrations of a group, each with its child (names from the family files). */
  async registrationsOf(groupId: string, status: RegistrationStatus | undefined, limit: number, offset: number): Promise<GroupRegistrationView[]> {
    if (!(await this.groups.group(groupId))) throw groupNotFound();
    const rows = await this.registrations.ofGroup(groupId, status, limit, offset);
    const children = new Map<string, ChildOnFile>();
    for (const familyId of new Set(rows.map((r) => r.familyId))) for (const c of await this.families.children(familyId)) children.set(c.childId, c);
    return rows.map((r) => {
      const child = children.get(r.childId);
      return {
        registrationId: r.id,
        number: r.number,
        status: r.status,
        statusLabel: registrationStatusLabel(r.status, r.releaseReason),
        releaseReason: r.releaseReason,
        familyId: r.familyId,
        childId: r.childId,
        childLastName: child?.lastName ?? null,
        childFirstName: child?.firstName ?? null,
        childBirthDate: child?.birthDate ?? null,
        priceCents: r.priceCents,
        active: r.active,
        holdUntil: r.holdUntil,
        paymentId: r.paymentId,
        createdAt: r.createdAt,
        confirmedAt: r.confirmedAt,
        releasedAt: r.releasedAt,
      };
    });
  }

  /** A term: a booking period of a term-activity service. */
  private async term(periodId: string): Promise<BookingContext> {
    const ctx = await this.bookings.context(periodId);
    if (!ctx) throw notFound('period');
    if (ctx.service.kind !== 'term-activity') {
      throw new ApplicationError('unprocessable', 'reservations.not-an-activity-term', 'Cette période n’est pas celle d’une activité : les groupes se créent dans les périodes des services « Activités de la période ».');
    }
    return ctx;
  }

  /**
   * Checks the fields and expands the sessions. Sessions kept as they are (`unchanged`) are not
   * checked against the calendar again: a closure added since does not block a change of price.
   */
  private async check(ctx: BookingContext, settings: GroupSettings, sessions: SessionSelection, unchanged = false): Promise<string[]> {
    const { period, service, establishment } = ctx;
    const spans = unchanged ? { closures: [], schoolHolidays: [] } : await this.catalogue.calendarSpans(establishment.id, service.id, establishment.holidayZone, period.startsOn, period.endsOn);
    const closed = unchanged ? () => undefined : openingOf({ ...service, alsaceMoselle: establishment.alsaceMoselle, ...spans });
    const term = unchanged ? { startsOn: '0000-01-01', endsOn: '9999-12-31' } : period;
    const expanded = expandSessions(sessions, term, closed);
    const errors = [...checkGroup(settings), ...expanded.errors];
    if (errors.length) throw invalid(errors);
    return expanded.days;
  }
}

function pick(g: GroupWithCounts): GroupSettings {
  return { label: g.label, minAge: g.minAge, maxAge: g.maxAge, places: g.places, priceCents: g.priceCents, startsAt: g.startsAt, endsAt: g.endsAt };
}
