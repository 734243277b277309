import { Injectable } from '@nestjs/common';
import { ApplicationError, Role } from '../../../platform/http';
import { FamilyDirectory } from '../../family';
import { isSchoolYear } from '../domain/calendar';
import { EnrolmentRepository, EnrolmentRow } from '../infrastructure/enrolment.repository';
import { CatalogueRepository } from '../infrastructure/catalogue.repository';
import { notFound } from './catalogue.service';

export interface ChildEnrolments {
  childId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  enrolments: EnrolmentRow[];
}

export const childNotFound = () => new ApplicationError('not_found', 'reservations.child-not-found', 'Enfant introuvable dans votre famille.');

/**
 * A child is enrolled in a service for a school year before booking it. Enrolment checks the
 * family file: a file that lacks what the service needs (fields, authorizations, supporting
 * documents) is refused with the list of what is missing.
 */
@Injectable()
export class EnrolmentService {
  constructor(
    private readonly enrolments: EnrolmentRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly families: FamilyDirectory,
  ) {}

  /**
   * Enrols a child. `familyId` is the guardian's family (from the session), or undefined for staff
   * (the child's family on file). Enrolling again is a no-op that returns the enrolment.
   */
  async enrol(actor: { accountId: string; role: Role }, familyId: string | undefined, childId: string, serviceId: string, schoolYear: string): Promise<EnrolmentRow> {
    if (!isSchoolYear(schoolYear)) throw new ApplicationError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', [{ field: 'schoolYear', message: 'doit être une année scolaire AAAA-AAAA (2026-2027)' }]);
    const childFamily = await this.families.familyOfChild(childId);
    if (!childFamily || (familyId && childFamily !== familyId)) throw childNotFound();
    const service = await this.catalogue.service(serviceId);
    if (!service || !service.active) throw notFound('service');
    if (service.kind === 'term-activity') {
      throw new ApplicationError('unprocessable', 'reservations.activity-no-enrolment', 'Les activités de la période se réservent directement, par groupe, avec paiement immédiat.');
    }
    const existing = await this.enrolments.find(childId, serviceId, schoolYear);
    if (existing) return existing;
    const completeness = await this.families.completeness(childId, service.kind);
    if (!completeness?.complete) {
      throw new ApplicationError(
        'unprocessable',
        'reservations.file-incomplete',
        'Le dossier est incomplet pour ce service : complétez-le, puis inscrivez l’enfant.',
        (completeness?.missing ?? []).map((m) => ({ field: m.code, message: m.message })),
      );
    }
    return this.enrolments.insert({ familyId: childFamily, childId, serviceId, schoolYear, enrolledBy: actor.accountId, enrolledByRole: actor.role });
  }

  /** The family's children, each with its enrolments (a child not enrolled in a service is shown greyed for it). */
  async forFamily(familyId: string, schoolYear?: string): Promise<ChildEnrolments[]> {
    const [children, enrolments] = await Promise.all([this.families.children(familyId), this.enrolments.ofFamily(familyId, schoolYear)]);
    return children.map((c) => ({ ...c, enrolments: enrolments.filter((e) => e.childId === c.childId) }));
  }

  async ofService(serviceId: string, schoolYear: string, limit: number, offset: number): Promise<EnrolmentRow[]> {
    return this.enrolments.ofService(serviceId, schoolYear, limit, offset);
  }

  /** Staff end an enrolment that has no booking left from today on. */
  async remove(id: string): Promise<void> {
    const outcome = await this.enrolments.deleteIfUnused(id);
    if (outcome === 'not-found') throw new ApplicationError('not_found', 'reservations.enrolment-not-found', 'Inscription introuvable.');
    if (outcome === 'in-use') throw new ApplicationError('conflict', 'reservations.enrolment-in-use', 'L’enfant a encore des jours réservés à ce service : annulez-les d’abord.');
  }
}
