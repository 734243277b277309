import { Injectable } from '@nestjs/common';
import { RegistrationStatus } from '../domain/activity';
import { ActivitiesService } from './activities.service';

/** A term-activity registration as a payment needs it. */
export interface RegistrationForPayment {
  registrationId: string;
  /** I2026-000045 */
  number: string;
  amountCents: number;
  /** "EMS 2026-2027 1er trimestre – 7/11 ans Escalade – Léo" (places joined by " ; ") */
  label: string;
  status: RegistrationStatus;
  /** the places are held until then; a payment confirmed later takes them again only if still free */
  holdUntil: Date;
  /** held and within its hold time: a payment may start */
  payable: boolean;
  /** one per place: its service (billing finds the office from its establishment) and its sessions' first and last days */
  lines: { childId: string; groupId: string; serviceId: string; label: string; amountCents: number; firstSession: string | null; lastSession: string | null }[];
}

/**
 * Public face for the payments module (issue 8): what a guardian is about to pay for. The outcome
 * of the payment comes back through the events `payments.payment.validated|failed.v1`.
 */
@Injectable()
export class ActivityRegistrations {
  constructor(private readonly activities: ActivitiesService) {}

  /** A registration of the family, or undefined (unknown, or another family's). */
  async forPayment(familyId: string, registrationId: string, now = new Date()): Promise<RegistrationForPayment | undefined> {
    const r = await this.activities.registration(familyId, registrationId);
    if (!r) return undefined;
    return {
      registrationId: r.id,
      number: r.number,
      amountCents: r.amountCents,
      label: r.label,
      status: r.status,
      holdUntil: r.holdUntil,
      payable: r.status === 'held' && r.holdUntil > now,
      lines: r.places.map((p) => ({
        childId: p.childId,
        groupId: p.groupId,
        serviceId: p.serviceId,
        label: p.label,
        amountCents: p.priceCents,
        firstSession: p.firstSession,
        lastSession: p.lastSession,
      })),
    };
  }
}
