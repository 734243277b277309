import { Injectable } from '@nestjs/common';
import { EventPublisher, NewEvent } from '../../../platform/events';
import { CreditUse, LedgerRepository } from '../infrastructure/ledger.repository';

/**
 * The family credit (payments and credit notes not used yet) is used on the family's next invoices,
 * automatically: after a billing run, over the run's invoices, and when an invoice is issued
 * (a term-activity registration's). Set-based (LedgerRepository.useCredit); each source used raises
 * `billing.payment.allocated.v1` in the same transaction.
 */
@Injectable()
export class CreditService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly events: EventPublisher,
  ) {}

  /** After a run's `record()`: credit used on its invoices. Returns what each invoice touched still owes. */
  async useOnRun(runId: string): Promise<Map<string, number>> {
    return this.publish(await this.ledger.useCredit({ runId }));
  }

  /**
   * On invoices just issued in this transaction (nobody else sees them yet): `preferredPaymentIds`
   * first (the payment of a registration, even while it waits for its other registrations), then the
   * available credit, oldest first.
   */
  async useOnIssued(invoiceIds: string[], preferredPaymentIds: string[] = []): Promise<Map<string, number>> {
    if (!invoiceIds.length) return new Map();
    return this.publish(await this.ledger.useCredit({ invoiceIds }, preferredPaymentIds));
  }

  private async publish(uses: CreditUse[]): Promise<Map<string, number>> {
    const remaining = new Map<string, number>();
    const bySource = new Map<string, CreditUse[]>();
    for (const use of uses) {
      remaining.set(use.invoiceId, Math.min(remaining.get(use.invoiceId) ?? Infinity, use.remainingCents));
      bySource.set(use.sourceId, [...(bySource.get(use.sourceId) ?? []), use]);
    }
    await this.events.publishAll(
      [...bySource.values()].map(
        (list): NewEvent<'billing.payment.allocated.v1'> => ({
          type: 'billing.payment.allocated.v1',
          aggregateId: list[0].sourceId,
          payload: {
            familyId: list[0].familyId,
            paymentId: list[0].kind === 'payment' ? list[0].sourceId : null,
            creditNoteId: list[0].kind === 'credit-note' ? list[0].sourceId : null,
            allocations: list.map((u) => ({ invoiceId: u.invoiceId, number: u.number, amountCents: u.amountCents, remainingCents: u.remainingCents })),
          },
        }),
      ),
    );
    return remaining;
  }
}
