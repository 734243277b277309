import { Injectable, OnModuleInit } from '@nestjs/common';
import { FamilyDataExport } from '../../../platform/data-export/family-data-export';
import { SupportingDocuments } from '../documents/application/supporting-documents';
import { FamilyFileRepository } from '../infrastructure/family-file.repository';
import { FamilyRepository } from '../infrastructure/family.repository';
import { todayInParis } from '../../../platform/dates';
import { FamilyFilesService } from './family-files.service';

/**
 * family's part of the family's data export: the family and child files (health block included:
 * it is the family's own data), every submission with the text accepted, the history of changes,
 * the quotients, the supporting documents (what was sent and its state; the files themselves are downloaded one by one), and the staff reads of the family's health data.
 */
@Injectable()
export class FamilySectionExport implements OnModuleInit {
  constructor(
    private readonly exports: FamilyDataExport,
    private readonly families: FamilyRepository,
    private readonly files: FamilyFileRepository,
    private readonly service: FamilyFilesService,
    private readonly documents: SupportingDocuments,
  ) {}

  onModuleInit(): void {
    this.exports.register('family', (familyId) => this.section(familyId));
  }

  private async section(familyId: string): Promise<unknown> {
    const family = await this.families.find(familyId);
    if (!family) return null;
    const consentTexts = new Map<number, string>();
    const submissions = await this.files.submissions(familyId);
    for (const s of submissions) if (!consentTexts.has(s.consentVersion)) consentTexts.set(s.consentVersion, await this.files.consentText(s.consentVersion));
    return {
      ...family,
      file: await this.files.familyFile(familyId),
      quotients: await this.files.quotients(familyId),
      children: await Promise.all(family.children.map((c) => this.service.childFile(familyId, c.id))),
      submissions: submissions.map((s) => ({ ...s, consentText: consentTexts.get(s.consentVersion) })),
      changes: await this.files.changes({ familyId, limit: 100_000, offset: 0 }),
      documents: await this.documents.forFamily(familyId, todayInParis()),
      staffReadsOfHealthData: await this.files.healthAccesses(familyId),
    };
  }
}
