import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { todayInParis } from '../../../platform/dates';
import { ApplicationError } from '../../../platform/http';
import { BookingPeriod, checkEstablishment, checkPeriod, checkService, Establishment, PeriodInput, Service, ServiceSettings } from '../domain/catalogue';
import { RuleError } from '../domain/deadline';
import { parseSchoolCalendarCsv } from '../domain/school-holidays';
import { CatalogueRepository, Closure, SchoolHoliday } from '../infrastructure/catalogue.repository';

export function invalid(errors: RuleError[], message = 'Un ou plusieurs champs sont invalides.'): ApplicationError {
  return new ApplicationError('invalid', 'validation', message, errors.map((e) => ({ field: e.path, message: e.message })));
}

export const notFound = (what: 'establishment' | 'service' | 'period' | 'closure') =>
  new ApplicationError('not_found', `reservations.${what}-not-found`, {
    establishment: 'Établissement introuvable.',
    service: 'Service introuvable.',
    period: 'Période de réservation introuvable.',
    closure: 'Fermeture introuvable.',
  }[what]);

export interface CatalogueEntry extends Establishment {
  services: (Service & { periods: BookingPeriod[] })[];
}

/** Staff set up what can be booked; guardians read it. */
@Injectable()
export class CatalogueService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly catalogue: CatalogueRepository,
  ) {}

  async createEstablishment(input: Omit<Establishment, 'id' | 'active'>): Promise<Establishment> {
    const errors = checkEstablishment(input);
    if (errors.length) throw invalid(errors);
    return (await this.catalogue.establishment(await this.catalogue.insertEstablishment(input)))!;
  }

  async updateEstablishment(id: string, changes: Partial<Omit<Establishment, 'id'>>): Promise<Establishment> {
    return this.txHost.withTransaction(async () => {
      const current = await this.catalogue.establishment(id, true);
      if (!current) throw notFound('establishment');
      const next = { ...current, ...defined(changes) };
      const errors = checkEstablishment(next);
      if (errors.length) throw invalid(errors);
      await this.catalogue.updateEstablishment(id, next);
      return (await this.catalogue.establishment(id))!;
    });
  }

  establishments(activeOnly: boolean): Promise<Establishment[]> {
    return this.catalogue.establishments(activeOnly);
  }

  async establishment(id: string): Promise<Establishment> {
    const e = await this.catalogue.establishment(id);
    if (!e) throw notFound('establishment');
    return e;
  }

  async createService(establishmentId: string, settings: ServiceSettings): Promise<Service> {
    if (!(await this.catalogue.establishment(establishmentId))) throw notFound('establishment');
    const errors = checkService(settings);
    if (errors.length) throw invalid(errors);
    return (await this.catalogue.service(await this.catalogue.insertService(establishmentId, normalizeWeekdays(settings))))!;
  }

  async updateService(id: string, changes: Partial<ServiceSettings>): Promise<Service> {
    return this.txHost.withTransaction(async () => {
      const current = await this.catalogue.service(id, true);
      if (!current) throw notFound('service');
      const { id: _, establishmentId: __, ...settings } = current;
      const next = { ...settings, ...defined(changes) };
      if (next.unit !== current.unit || next.kind !== current.kind) {
        throw new ApplicationError('conflict', 'reservations.service-unit-fixed', 'Le type et l’unité d’un service ne changent pas : créez un autre service.', [{ field: next.unit !== current.unit ? 'unit' : 'kind', message: 'ne peut pas changer' }]);
      }
      const errors = checkService(next);
      if (errors.length) throw invalid(errors);
      await this.catalogue.updateService(id, normalizeWeekdays(next));
      return (await this.catalogue.service(id))!;
    });
  }

  async service(id: string): Promise<Service> {
    const s = await this.catalogue.service(id);
    if (!s) throw notFound('service');
    return s;
  }

  services(establishmentId: string | undefined, activeOnly: boolean): Promise<Service[]> {
    return this.catalogue.services(establishmentId, activeOnly);
  }

  async createPeriod(serviceId: string, input: PeriodInput, staffAccountId: string): Promise<BookingPeriod> {
    if (!(await this.catalogue.service(serviceId))) throw notFound('service');
    const { period, errors } = checkPeriod(input);
    if (!period) throw invalid(errors);
    return (await this.catalogue.period(await this.catalogue.insertPeriod(serviceId, period, staffAccountId)))!;
  }

  async updatePeriod(id: string, changes: Partial<PeriodInput>): Promise<BookingPeriod> {
    const current = await this.catalogue.period(id);
    if (!current) throw notFound('period');
    const merged: PeriodInput = {
      label: current.label,
      startsOn: current.startsOn,
      endsOn: current.endsOn,
      opensAt: current.opensAt.toISOString(),
      closesAt: current.closesAt?.toISOString() ?? null,
      deadline: current.deadline,
      cutoff: current.cutoff,
      ...defined(changes),
    };
    const { period, errors } = checkPeriod(merged);
    if (!period) throw invalid(errors);
    await this.catalogue.updatePeriod(id, period);
    return (await this.catalogue.period(id))!;
  }

  periods(filter: { serviceId?: string; establishmentId?: string; current?: string }): Promise<BookingPeriod[]> {
    return this.catalogue.periods(filter);
  }

  async period(id: string): Promise<BookingPeriod> {
    const p = await this.catalogue.period(id);
    if (!p) throw notFound('period');
    return p;
  }

  async addClosure(input: Omit<Closure, 'id'>, staffAccountId: string): Promise<Closure[]> {
    if (input.endsOn < input.startsOn) throw invalid([{ path: 'endsOn', message: 'la fin doit suivre le début' }]);
    if (!(await this.catalogue.establishment(input.establishmentId))) throw notFound('establishment');
    if (input.serviceId) {
      const service = await this.catalogue.service(input.serviceId);
      if (!service || service.establishmentId !== input.establishmentId) throw invalid([{ path: 'serviceId', message: 'service inconnu dans cet établissement' }]);
    }
    await this.catalogue.insertClosure(input, staffAccountId);
    return this.catalogue.closures(input.establishmentId);
  }

  async removeClosure(establishmentId: string, id: string): Promise<void> {
    if (!(await this.catalogue.deleteClosure(establishmentId, id))) throw notFound('closure');
  }

  closures(establishmentId: string, from?: string): Promise<Closure[]> {
    return this.catalogue.closures(establishmentId, from);
  }

  /** Imports the ministry's school calendar (CSV): the zones and school years it holds are replaced; all or nothing. */
  async importSchoolHolidays(text: string, dryRun: boolean): Promise<{ dryRun: boolean; holidays: number; zones: string[]; schoolYears: string[] }> {
    const { holidays, errors } = parseSchoolCalendarCsv(text);
    if (errors.length) {
      throw new ApplicationError('unprocessable', 'reservations.school-calendar-rejected', `Import refusé : ${errors.length} erreur(s). Rien n’a été importé.`, errors.slice(0, 200));
    }
    if (!holidays.length) throw new ApplicationError('unprocessable', 'reservations.school-calendar-empty', 'Le fichier ne contient aucune période de vacances pour les élèves.');
    if (!dryRun) await this.txHost.withTransaction(() => this.catalogue.replaceSchoolHolidays(holidays));
    return { dryRun, holidays: holidays.length, zones: [...new Set(holidays.map((h) => h.zone))].sort(), schoolYears: [...new Set(holidays.map((h) => h.schoolYear))].sort() };
  }

  schoolHolidays(zone?: string, from?: string): Promise<SchoolHoliday[]> {
    return this.catalogue.schoolHolidays(zone, from);
  }

  /** What guardians can book: open establishments, their services and the periods not yet over. */
  async catalogueForGuardians(today = todayInParis()): Promise<CatalogueEntry[]> {
    const [establishments, services, periods] = await Promise.all([
      this.catalogue.establishments(true),
      this.catalogue.services(undefined, true),
      this.catalogue.periods({ current: today }),
    ]);
    return establishments.map((e) => ({
      ...e,
      services: services.filter((s) => s.establishmentId === e.id).map((s) => ({ ...s, periods: periods.filter((p) => p.serviceId === s.id) })),
    }));
  }
}

function defined<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function normalizeWeekdays<T extends { weekdays: number[] }>(s: T): T {
  return { ...s, weekdays: [...new Set(s.weekdays)].sort() };
}
