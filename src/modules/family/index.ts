/** Public face of the family module. Other modules import only this file. */
export { FamilyModule } from './family.module';
export { FamilyDirectory } from './application/family-directory';
export type { ChildOnFile, GuardianOnFile } from './application/family-directory';
export { toMobileE164 } from './domain/phone';
