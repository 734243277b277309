import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { ApplicationError } from '../../../platform/http';
import { ReservationFacts } from '../../reservations';
import { bracketLabel, overlaps } from '../domain/prices';
import { Office, OfficeRepository, Price, ServiceRule } from '../infrastructure/office.repository';

const invalid = (field: string, message: string) => new ApplicationError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', [{ field, message }]);
export const officeNotFound = () => new ApplicationError('not_found', 'billing.office-not-found', 'Régie introuvable.');
const ruleNotFound = () => new ApplicationError('not_found', 'billing.rule-not-found', 'Ce service n’a pas de règle de facturation : définissez-la d’abord.');

export type NewOffice = Omit<Office, 'id' | 'active'>;
export type RuleInput = Omit<ServiceRule, 'serviceId' | 'establishmentId' | 'label'> & { label?: string };

/** Staff set up billing: offices (régies) and the establishments they bill, billing rules per service, prices by quotient bracket. */
@Injectable()
export class SetupService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly offices: OfficeRepository,
    private readonly reservations: ReservationFacts,
  ) {}

  async createOffice(input: NewOffice): Promise<Office> {
    return this.txHost.withTransaction(async () => {
      if (await this.offices.codeTaken(input.code)) throw new ApplicationError('conflict', 'billing.office-code-taken', 'Ce code de régie est déjà pris.', [{ field: 'code', message: 'déjà pris' }]);
      await this.checkEstablishments(input.establishmentIds, null);
      return (await this.offices.office(await this.offices.insertOffice({ ...input, establishmentIds: [...new Set(input.establishmentIds)] })))!;
    });
  }

  async updateOffice(id: string, changes: Partial<Omit<Office, 'id' | 'code'>>): Promise<Office> {
    return this.txHost.withTransaction(async () => {
      const current = await this.offices.office(id, true);
      if (!current) throw officeNotFound();
      const next = { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as Office;
      await this.checkEstablishments(next.establishmentIds, id);
      await this.offices.updateOffice({ ...next, establishmentIds: [...new Set(next.establishmentIds)] });
      return (await this.offices.office(id))!;
    });
  }

  listOffices(): Promise<Office[]> {
    return this.offices.offices();
  }

  async office(id: string): Promise<Office> {
    const office = await this.offices.office(id);
    if (!office) throw officeNotFound();
    return office;
  }

  /** How the office bills a reservations service: unit, basis, surcharges (the label defaults to the service's). */
  async setRule(serviceId: string, input: RuleInput): Promise<ServiceRule> {
    return this.txHost.withTransaction(async () => {
      const service = await this.reservations.service(serviceId);
      if (!service) throw new ApplicationError('not_found', 'billing.service-not-found', 'Service introuvable.');
      if (service.kind === 'term-activity') {
        throw new ApplicationError('unprocessable', 'billing.activity-rule', 'Les activités de la période sont facturées au prix de leur groupe, payé à l’inscription : pas de règle à définir.');
      }
      const office = await this.offices.office(input.officeId, true);
      if (!office) throw officeNotFound();
      if (!office.establishmentIds.includes(service.establishmentId)) throw invalid('officeId', 'cette régie ne facture pas l’établissement de ce service');
      if (service.unit === 'hourly-slot' ? input.unit !== 'hour' : input.unit === 'hour') {
        throw invalid('unit', service.unit === 'hourly-slot' ? 'un service à créneaux horaires se facture à l’heure' : 'seuls les services à créneaux horaires se facturent à l’heure');
      }
      await this.offices.upsertRule({ ...input, serviceId, establishmentId: service.establishmentId, label: input.label ?? service.label });
      return (await this.offices.rule(serviceId))!;
    });
  }

  rules(officeId?: string): Promise<ServiceRule[]> {
    return this.offices.rules(officeId);
  }

  /** Adds a price; two prices of a service never apply to the same quotient on the same day. */
  async addPrice(serviceId: string, price: Omit<Price, 'id' | 'serviceId'>, staffId: string): Promise<Price[]> {
    return this.txHost.withTransaction(async () => {
      if (!(await this.offices.rule(serviceId, true))) throw ruleNotFound();
      if (price.quotientMax !== null && price.quotientMax <= price.quotientMin) throw invalid('quotientMax', 'doit dépasser le quotient minimum');
      if (price.validTo !== null && price.validTo < price.validFrom) throw invalid('validTo', 'doit suivre le début de validité');
      const clash = (await this.offices.prices(serviceId)).find((p) => overlaps(p, price));
      if (clash) {
        throw new ApplicationError('conflict', 'billing.price-overlap', `Un tarif de ce service s’applique déjà à ${bracketLabel(clash)} à ces dates (à partir du ${clash.validFrom}) : terminez-le d’abord.`, [
          { field: 'quotientMin', message: 'chevauche un tarif existant' },
        ]);
      }
      await this.offices.insertPrice({ ...price, serviceId }, staffId);
      return this.offices.prices(serviceId);
    });
  }

  async prices(serviceId: string): Promise<Price[]> {
    if (!(await this.offices.rule(serviceId))) throw ruleNotFound();
    return this.offices.prices(serviceId);
  }

  async removePrice(serviceId: string, id: string): Promise<void> {
    if (!(await this.offices.deletePrice(serviceId, id))) throw new ApplicationError('not_found', 'billing.price-not-found', 'Tarif introuvable.');
  }

  private async checkEstablishments(ids: string[], officeId: string | null): Promise<void> {
    const elsewhere = await this.offices.billedElsewhere(ids, officeId);
    if (elsewhere.size) {
      throw new ApplicationError(
        'conflict',
        'billing.establishment-billed-elsewhere',
        'Un établissement est facturé par une seule régie.',
        [...elsewhere].map(([id, code]) => ({ field: `establishmentIds[${ids.indexOf(id)}]`, message: `déjà facturé par la régie ${code}` })),
      );
    }
  }
}
