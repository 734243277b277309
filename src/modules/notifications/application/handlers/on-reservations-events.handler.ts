import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { DomainEvent, EventConsumer, OnDomainEvent } from '../../../../platform/events';
import { FamilyDirectory } from '../../../family';
import { ReservationRequests } from '../../../reservations';
import { MessageRepository } from '../../infrastructure/message.repository';
import { requestDecisionEmail } from '../templates/reservations.templates';

type RequestDecided = DomainEvent<'reservations.request.accepted.v1'> | DomainEvent<'reservations.request.refused.v1'>;

/**
 * Staff decided a reservation request: each guardian of the family who has an account gets an
 * e-mail (one message per guardian, added pending in the delivery's transaction; the MessageSender
 * sends it). The event carries ids and days; the service, the reservation number and a refusal's
 * reason are read through the reservations public face, names and e-mails through the family's.
 * Handler ids (`ReservationMessagesHandler.<method>`) are recorded in the inbox: do not rename.
 */
@Injectable()
@EventConsumer('notifications')
export class ReservationMessagesHandler {
  constructor(
    private readonly messages: MessageRepository,
    private readonly requests: ReservationRequests,
    private readonly families: FamilyDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @OnDomainEvent('reservations.request.accepted.v1')
  async onRequestAccepted(event: DomainEvent<'reservations.request.accepted.v1'>): Promise<void> {
    await this.mailGuardians(event, 'accepted');
  }

  @OnDomainEvent('reservations.request.refused.v1')
  async onRequestRefused(event: DomainEvent<'reservations.request.refused.v1'>): Promise<void> {
    await this.mailGuardians(event, 'refused');
  }

  private async mailGuardians(event: RequestDecided, outcome: 'accepted' | 'refused'): Promise<void> {
    const { familyId, childId, reservationId, action, itemIds } = event.payload;
    // Sequential: the delivery's transaction has one connection.
    const outcomes = await this.requests.outcomes(itemIds);
    if (!outcomes.length) return;
    const guardians = await this.families.guardiansWithAccount(familyId);
    if (!guardians.length) return;
    const child = (await this.families.childNames([childId])).get(childId);
    const reasons = outcome === 'refused' ? [...new Set(outcomes.map((o) => o.reason).filter((r): r is string => Boolean(r)))] : [];
    const kind = outcome === 'accepted' ? 'reservation-request-accepted' : 'reservation-request-refused';
    for (const g of guardians) {
      const displayName = `${g.firstName} ${g.lastName}`;
      const content = requestDecisionEmail({
        outcome,
        action,
        displayName,
        childFirstName: child?.firstName ?? null,
        reservationNumber: outcomes[0].reservationNumber,
        serviceLabel: outcomes[0].serviceLabel,
        establishmentName: outcomes[0].establishmentName,
        days: outcomes.map((o) => ({ date: o.day, slot: o.slot })),
        reason: reasons.length ? reasons.join('\n') : null,
        reservationUrl: `${this.config.publicUrl}/reservations/${reservationId}`,
      });
      await this.messages.add({ eventId: event.id, kind, channel: 'email', recipient: g.email, recipientName: displayName, ...content });
    }
  }
}
