import { Injectable } from '@nestjs/common';
import { DomainEvent, EventConsumer, OnDomainEvent } from '../../../platform/events';
import { FamilyRepository } from '../infrastructure/family.repository';

/** Links a guardian to the account that activated it and to the children it confirmed. Idempotent. */
@Injectable()
@EventConsumer('family')
export class GuardianActivatedHandler {
  constructor(private readonly families: FamilyRepository) {}

  @OnDomainEvent('identity.guardian.activated.v1')
  async onGuardianActivated(event: DomainEvent<'identity.guardian.activated.v1'>): Promise<void> {
    const { guardianId, accountId, childIds } = event.payload;
    await this.families.recordActivation(guardianId, accountId, childIds, new Date(event.occurredAt));
  }
}
