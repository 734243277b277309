import { Injectable } from '@nestjs/common';
import { nameKey } from '../domain/person-name';
import { toMobileE164 } from '../domain/phone';
import { FamilyRepository, GuardianRow } from '../infrastructure/family.repository';

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
 * The family module's public queries, for identity's activation (a user is waiting on them).
 * Changes go the other way through events (`identity.guardian.activated.v1`).
 */
@Injectable()
export class FamilyDirectory {
  constructor(private readonly families: FamilyRepository) {}

  /** The guardian on file with this name and mobile number (any spelling of accents and case, any way of writing the number). */
  async findGuardian(lastName: string, firstName: string, mobile: string): Promise<GuardianOnFile | undefined> {
    const e164 = toMobileE164(mobile);
    if (!e164) return undefined;
    return onFile(await this.families.findGuardianByMobileAndName(e164, nameKey(lastName, firstName)));
  }

  async guardian(guardianId: string): Promise<GuardianOnFile | undefined> {
    return onFile(await this.families.findGuardian(guardianId));
  }

  async children(familyId: string): Promise<ChildOnFile[]> {
    return (await this.families.children(familyId)).map((c) => ({ childId: c.id, lastName: c.lastName, firstName: c.firstName, birthDate: c.birthDate }));
  }
}

function onFile(g: GuardianRow | undefined): GuardianOnFile | undefined {
  return g && { guardianId: g.id, familyId: g.familyId, lastName: g.lastName, firstName: g.firstName, email: g.email, mobile: g.mobile };
}
