import { Module } from '@nestjs/common';
import { DocumentsModule } from './documents/documents.module';
import { FamiliesService } from './application/families.service';
import { FamilyDirectory } from './application/family-directory';
import { GuardianActivatedHandler } from './application/on-guardian-activated.handler';
import { FamilyController } from './http/family.controller';
import { StaffFamiliesController } from './http/staff-families.controller';
import { FamilyRepository } from './infrastructure/family.repository';

/** Family file, child file, contacts, authorizations and supporting documents (schema `family`). See README.md. */
@Module({
  imports: [DocumentsModule],
  controllers: [FamilyController, StaffFamiliesController],
  providers: [FamilyRepository, FamiliesService, FamilyDirectory, GuardianActivatedHandler],
  exports: [FamilyDirectory],
})
export class FamilyModule {}
