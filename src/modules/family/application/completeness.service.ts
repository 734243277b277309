import { Injectable } from '@nestjs/common';
import { ApplicationError } from '../../../platform/http';
import { SupportingDocuments } from '../documents/application/supporting-documents';
import { Missing, missingFromFile } from '../domain/completeness';
import { ServiceKind } from '../domain/service-kind';
import { FamilyFileRepository } from '../infrastructure/family-file.repository';
import { todayInParis } from '../../../platform/dates';

export interface Completeness {
  service: ServiceKind;
  complete: boolean;
  missing: Missing[];
}

/** What a child's file (and the family's) still lacks for a kind of service: fields, authorizations, valid supporting documents. */
@Injectable()
export class CompletenessService {
  constructor(
    private readonly files: FamilyFileRepository,
    private readonly documents: SupportingDocuments,
  ) {}

  async check(familyId: string, childId: string, service: ServiceKind, today = todayInParis()): Promise<Completeness> {
    const family = await this.files.familyFile(familyId);
    const child = family && (await this.files.childOf(familyId, childId));
    if (!family || !child) throw new ApplicationError('not_found', 'family.child-not-found', 'Enfant introuvable dans votre famille.');
    // One after the other: callers may hold a transaction, whose queries share one connection.
    const contacts = await this.files.contacts(childId);
    const types = await this.files.authorizationTypes(true);
    const answers = await this.files.answers(childId);
    const documents = await this.documents.missingFor(familyId, childId, service, today);
    const missing = [...missingFromFile(service, family, child, contacts, types, answers), ...documents];
    return { service, complete: missing.length === 0, missing };
  }
}
