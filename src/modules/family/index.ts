/** Public face of the family module. Other modules import only this file. */
export { FamilyModule } from './family.module';
export { FamilyDirectory } from './application/family-directory';
export type { BillingContact, ChildCareFacts, ChildName, ChildOnFile, GuardianContact, GuardianOnFile, ProofSummary } from './application/family-directory';
export { toMobileE164 } from './domain/phone';
export { SERVICE_KINDS, SERVICE_KIND_LABELS, isServiceKind } from './domain/service-kind';
export type { ServiceKind } from './domain/service-kind';
export type { Completeness } from './application/completeness.service';
export type { Missing } from './domain/completeness';
import './domain/family.events';
