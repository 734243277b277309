import { Module } from '@nestjs/common';
import { DocumentsModule } from './documents/documents.module';
import { CompletenessService } from './application/completeness.service';
import { FamiliesService } from './application/families.service';
import { FamilySectionExport } from './application/family-data-export';
import { FamilyFilesService } from './application/family-files.service';
import { FamilyDirectory } from './application/family-directory';
import { GuardianActivatedHandler } from './application/on-guardian-activated.handler';
import { FamilyController } from './http/family.controller';
import { PlacesController } from './http/places.controller';
import { StaffFamiliesController } from './http/staff-families.controller';
import { StaffFamilySettingsController } from './http/staff-family-settings.controller';
import { FamilyFileRepository } from './infrastructure/family-file.repository';
import { FamilyRepository } from './infrastructure/family.repository';

/** Family file, child file, contacts, authorizations and supporting documents (schema `family`). See README.md. */
@Module({
  imports: [DocumentsModule],
  controllers: [FamilyController, StaffFamiliesController, StaffFamilySettingsController, PlacesController],
  providers: [FamilyRepository, FamilyFileRepository, FamiliesService, FamilyFilesService, CompletenessService, FamilySectionExport, FamilyDirectory, GuardianActivatedHandler],
  exports: [FamilyDirectory],
})
export class FamilyModule {}
