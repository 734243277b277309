import { Injectable } from '@nestjs/common';
import { DomainEventCatalog, EventPublisher } from '../../../platform/events';
import { ActivityRegistrations, ReservationFacts } from '../../reservations';
import { invoiceNumber } from '../domain/invoice';
import { ActivityInvoiceRepository, BillingOffice } from '../infrastructure/activity-invoice.repository';
import { LedgerRepository } from '../infrastructure/ledger.repository';
import { RunRepository } from '../infrastructure/run.repository';
import { CreditService } from './credit.service';

/**
 * The invoice of a term-activity registration (seed 003: "vous pouvez retrouver votre nouvelle facture
 * dans la fenêtre facturation"), issued when reservations confirms it
 * (`reservations.activity-place.confirmed.v1`): one line per place at its group's price, by the office
 * that bills the activity service's establishment, numbered in that office's series, then paid by the
 * registration's payment (and any available family credit) so that it shows as paid. One invoice per
 * registration (`invoice.registration_id` unique): a second delivery finds it and does nothing.
 *
 * No office bills the establishment (or it is deactivated): the delivery fails — nothing is written,
 * the registration's payment stays waiting for it — and, after its retries, lands among the dead
 * letters (`GET /api/admin/events/dead-letters`); staff set up the office, then replay it.
 */
@Injectable()
export class ActivityInvoicesService {
  constructor(
    private readonly invoices: ActivityInvoiceRepository,
    private readonly ledger: LedgerRepository,
    private readonly runs: RunRepository,
    private readonly credits: CreditService,
    private readonly facts: ReservationFacts,
    private readonly registrations: ActivityRegistrations,
    private readonly events: EventPublisher,
  ) {}

  /** In the delivery's transaction. */
  async onConfirmed(e: DomainEventCatalog['reservations.activity-place.confirmed.v1'], issuedOn: string): Promise<void> {
    if (e.paymentId) await this.ledger.lockOnlinePayment(e.paymentId);
    if (await this.invoices.ofRegistration(e.registrationId)) return;
    const totalCents = e.places.reduce((s, p) => s + p.priceCents, 0);
    if (totalCents <= 0) {
      // a free registration: nothing to bill; its payment, if any, is no longer waiting for it
      if (e.paymentId) await this.ledger.recordOutcome({ sourcePaymentId: e.paymentId, registrationId: e.registrationId, familyId: e.familyId, outcome: 'confirmed', reason: null, amountCents: 0 });
      return;
    }
    const registration = await this.registrations.forPayment(e.familyId, e.registrationId);
    if (!registration) throw new Error(`activity registration ${e.registrationId} of family ${e.familyId} not found: cannot invoice it`);
    // one line per place, in the order the guardian sees the registration (its children's order)
    const rank = new Map(registration.lines.map((l, i) => [`${l.childId}/${l.groupId}`, i]));
    const lines = e.places
      .map((p) => {
        const i = rank.get(`${p.childId}/${p.groupId}`);
        if (i === undefined) throw new Error(`activity registration ${e.registrationId}: place of child ${p.childId} in group ${p.groupId} not found`);
        const line = registration.lines[i];
        return { rank: i, childId: p.childId, serviceId: line.serviceId, label: line.label, amountCents: p.priceCents, firstSession: line.firstSession, lastSession: line.lastSession };
      })
      .sort((a, b) => a.rank - b.rank);
    const office = await this.officeOf([...new Set(lines.map((l) => l.serviceId))], e.registrationId);

    if (e.paymentId) {
      await this.ledger.recordOutcome({ sourcePaymentId: e.paymentId, registrationId: e.registrationId, familyId: e.familyId, outcome: 'confirmed', reason: null, amountCents: e.amountCents });
    }
    const year = Number(issuedOn.slice(0, 4));
    const seq = await this.runs.takeNumbers(office.id, 'invoice', year, 1);
    const firsts = lines.flatMap((l) => (l.firstSession ? [l.firstSession] : [])).sort();
    const lasts = lines.flatMap((l) => (l.lastSession ? [l.lastSession] : [])).sort();
    const number = invoiceNumber(office.code, year, seq);
    const invoice = await this.invoices.insert({
      officeId: office.id,
      familyId: e.familyId,
      number,
      year,
      seq,
      label: `${office.name} — Inscription ${registration.number}`,
      registrationId: e.registrationId,
      periodFrom: firsts[0] ?? issuedOn,
      periodTo: lasts.at(-1) ?? issuedOn,
      issuedOn,
      // paid at registration: due at once
      dueOn: issuedOn,
      lines,
    });
    const payment = e.paymentId ? await this.ledger.paymentBySource(e.paymentId) : undefined;
    const remaining = await this.credits.useOnIssued([invoice.id], payment ? [payment.id] : []);
    await this.events.publish('billing.invoice.issued.v1', invoice.id, {
      invoiceId: invoice.id,
      familyId: e.familyId,
      officeId: office.id,
      number,
      totalCents: invoice.totalCents,
      remainingCents: remaining.get(invoice.id) ?? invoice.totalCents,
      dueOn: issuedOn,
    });
  }

  /** The one active office billing the establishments of these services. */
  private async officeOf(serviceIds: string[], registrationId: string): Promise<BillingOffice> {
    const offices = new Map<string, BillingOffice>();
    for (const serviceId of serviceIds) {
      const service = await this.facts.service(serviceId);
      if (!service) throw new Error(`activity registration ${registrationId}: service ${serviceId} not found`);
      const office = await this.invoices.officeBilling(service.establishmentId);
      if (!office || !office.active) {
        throw new Error(
          `activity registration ${registrationId}: no active billing office bills establishment ${service.establishmentId} (service « ${service.label} »): ` +
            'set one up (or reactivate it), then replay this event from the dead letters',
        );
      }
      offices.set(office.id, office);
    }
    if (offices.size !== 1) throw new Error(`activity registration ${registrationId}: its places are billed by ${offices.size} offices; one invoice needs one office`);
    return [...offices.values()][0];
  }
}
