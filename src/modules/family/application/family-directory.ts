import { Injectable } from '@nestjs/common';
import { nameKey } from '../domain/person-name';
import { toMobileE164 } from '../domain/phone';
import { ServiceKind } from '../domain/service-kind';
import { FamilyFileRepository } from '../infrastructure/family-file.repository';
import { FamilyRepository, GuardianRow } from '../infrastructure/family.repository';
import { Completeness, CompletenessService } from './completeness.service';

export interface GuardianOnFile {
  guardianId: string;
  familyId: string;
  lastName: string;
  firstName: string;
  email: string;
  /** E.164 */
  mobile: string;
}

export interface ChildOnFile {
  childId: string;
  lastName: string;
  firstName: string;
  birthDate: string;
}

/**
 * The family module's public queries, for the modules whose users are waiting on them: identity's
 * activation, reservations (is the file complete for this service?), billing (the quotient in force).
 * Changes go the other way through events.
 */
@Injectable()
export class FamilyDirectory {
  constructor(
    private readonly families: FamilyRepository,
    private readonly files: FamilyFileRepository,
    private readonly completenessService: CompletenessService,
  ) {}

  /** The family quotient in force on a date (YYYY-MM-DD), if staff set one. */
  quotientAt(familyId: string, date: string): Promise<{ value: number; validFrom: string } | undefined> {
    return this.files.quotientAt(familyId, date);
  }

  /** What the child's file lacks before the child can use this kind of service (French messages); undefined for an unknown child. */
  async completeness(childId: string, service: ServiceKind): Promise<Completeness | undefined> {
    const familyId = await this.files.familyOfChild(childId);
    return familyId ? this.completenessService.check(familyId, childId, service) : undefined;
  }

  /** The guardian on file with this name and mobile number (any spelling of accents and case, any way of writing the number). */
  async findGuardian(lastName: string, firstName: string, mobile: string): Promise<GuardianOnFile | undefined> {
    const e164 = toMobileE164(mobile);
    if (!e164) return undefined;
    return onFile(await this.families.findGuardianByMobileAndName(e164, nameKey(lastName, firstName)));
  }

  async guardian(guardianId: string): Promise<GuardianOnFile | undefined> {
    return onFile(await this.families.findGuardian(guardianId));
  }

  /** The family a child belongs to (staff screens name a child by id). */
  familyOfChild(childId: string): Promise<string | undefined> {
    return this.files.familyOfChild(childId);
  }

  async children(familyId: string): Promise<ChildOnFile[]> {
    return (await this.families.children(familyId)).map((c) => ({ childId: c.id, lastName: c.lastName, firstName: c.firstName, birthDate: c.birthDate }));
  }
}

function onFile(g: GuardianRow | undefined): GuardianOnFile | undefined {
  return g && { guardianId: g.id, familyId: g.familyId, lastName: g.lastName, firstName: g.firstName, email: g.email, mobile: g.mobile };
}
