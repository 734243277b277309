import { Injectable, Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { todayInParis } from '../../../platform/dates';
import { DomainEventCatalog, EventPublisher } from '../../../platform/events';
import { ApplicationError } from '../../../platform/http';
import { FamilyDirectory } from '../../family';
import { ActivityRegistrations } from '../../reservations';
import { allocate, oldestFirst } from '../domain/allocation';
import { ManualPaymentMethod, PaymentMethod } from '../domain/payment';
import { LedgerRepository, LockedInvoice } from '../infrastructure/ledger.repository';
import { OfficeRepository } from '../infrastructure/office.repository';

export interface ManualPayment {
  familyId: string;
  amountCents: number;
  method: ManualPaymentMethod;
  reference: string | null;
  receivedOn: string;
  officeId: string | null;
  /** allocated to these, in this order; none: the family's open invoices, oldest first */
  invoiceIds: string[] | null;
}

interface NewPayment {
  familyId: string;
  amountCents: number;
  method: PaymentMethod;
  reference: string | null;
  receivedOn: string;
  officeId: string | null;
  sourcePaymentId: string | null;
  registrationIds: string[];
  recordedBy: string | null;
}

export const invalidField = (field: string, message: string) => new ApplicationError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', [{ field, message }]);
export const familyNotFound = () => new ApplicationError('not_found', 'billing.family-not-found', 'Famille introuvable.');

/**
 * Payments: recorded by staff (cash, cheque, transfer, CESU, card…) or from the payments module's
 * event (online), and allocated at once: to the invoices named, in that order, or else to the
 * family's open invoices, oldest first — never beyond what each still owes. What is left is a family
 * credit, used on the next invoices. The invoices are locked (id order) before their remaining due
 * is read, so concurrent payments of the same invoice queue and never over-settle it.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger('PaymentsService');

  constructor(
    private readonly txHost: TransactionHost,
    private readonly ledger: LedgerRepository,
    private readonly offices: OfficeRepository,
    private readonly families: FamilyDirectory,
    private readonly registrations: ActivityRegistrations,
    private readonly events: EventPublisher,
  ) {}

  /** A payment received by staff. Returns its id. */
  async recordManual(staffId: string, input: ManualPayment, today = todayInParis()): Promise<string> {
    if (input.receivedOn > today) throw invalidField('receivedOn', 'ne peut pas être une date à venir');
    return this.txHost.withTransaction(async () => {
      if (!(await this.families.children(input.familyId)).length) throw familyNotFound();
      if (input.officeId && !(await this.offices.office(input.officeId))) throw invalidField('officeId', 'régie inconnue');
      const locked = await this.ledger.lockForAllocation(input.familyId, input.invoiceIds);
      let order: LockedInvoice[];
      if (input.invoiceIds) {
        const byId = new Map(locked.map((i) => [i.id, i]));
        const missing = input.invoiceIds.findIndex((id) => !byId.has(id));
        if (missing >= 0) throw invalidField(`invoiceIds[${missing}]`, 'facture introuvable pour cette famille');
        order = input.invoiceIds.map((id) => byId.get(id)!);
      } else {
        order = oldestFirst(locked) as LockedInvoice[];
      }
      return this.record({ ...input, sourcePaymentId: null, registrationIds: [], recordedBy: staffId }, order);
    });
  }

  /**
   * A payment the payments module validated (`payments.payment.validated.v1`), in the delivery's
   * transaction. Recorded once per payment of the payments module (`source_payment_id` unique; a
   * second event for it is a no-op), allocated to its invoices in order, then to the invoices of its
   * registrations already confirmed; the rest is a credit — kept for its registrations while
   * reservations has not decided on them (their invoice uses it when issued).
   */
  async recordOnline(p: DomainEventCatalog['payments.payment.validated.v1'], receivedOn: string): Promise<void> {
    await this.ledger.lockOnlinePayment(p.paymentId);
    if (await this.ledger.paymentBySource(p.paymentId)) {
      this.logger.log({ paymentId: p.paymentId }, 'online payment already recorded: nothing to do');
      return;
    }
    if (!Number.isSafeInteger(p.amountCents) || p.amountCents <= 0) throw new Error(`online payment ${p.paymentId}: amount ${p.amountCents} is not a positive number of cents`);
    const registrationIds: string[] = [];
    for (const id of new Set(p.registrationIds)) {
      if (isUUID(id) && (await this.registrations.forPayment(p.familyId, id))) registrationIds.push(id);
      else this.logger.warn({ paymentId: p.paymentId, registrationId: id }, 'online payment names a registration this family does not have: left out');
    }
    const named = [...new Set(p.invoiceIds)].filter((id) => isUUID(id));
    const confirmed = await this.ledger.invoicesConfirmedBy(p.familyId, p.paymentId, registrationIds);
    const ids = [...new Set([...named, ...confirmed])];
    const locked = new Map((ids.length ? await this.ledger.lockForAllocation(p.familyId, ids) : []).map((i) => [i.id, i]));
    const unknown = p.invoiceIds.filter((id) => !locked.has(id));
    if (unknown.length) this.logger.warn({ paymentId: p.paymentId, unknown }, 'online payment names invoices this family does not have: left out');
    const order = ids.flatMap((id) => locked.get(id) ?? []);
    await this.record(
      { familyId: p.familyId, amountCents: p.amountCents, method: 'online', reference: p.paymentId, receivedOn, officeId: null, sourcePaymentId: p.paymentId, registrationIds, recordedBy: null },
      order,
    );
  }

  /** Records the payment and its allocations over `order` (locked), raises the events. */
  private async record(payment: NewPayment, order: LockedInvoice[]): Promise<string> {
    const { allocations, leftoverCents } = allocate(payment.amountCents, order);
    const officeOf = new Map(order.map((i) => [i.id, i.officeId]));
    const id = await this.ledger.insertPayment({
      ...payment,
      officeId: payment.officeId ?? (allocations.length ? officeOf.get(allocations[0].invoiceId)! : null),
      usedCents: payment.amountCents - leftoverCents,
    });
    await this.ledger.settle({ paymentId: id }, allocations);
    if (allocations.length) {
      await this.events.publish('billing.payment.allocated.v1', id, { familyId: payment.familyId, paymentId: id, creditNoteId: null, allocations });
    }
    if (leftoverCents > 0) {
      await this.events.publish('billing.credit.created.v1', id, { familyId: payment.familyId, amountCents: leftoverCents, paymentId: id, creditNoteId: null });
    }
    return id;
  }
}
