import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { frenchDate, todayInParis } from '../../../platform/dates';
import { ApplicationError } from '../../../platform/http';
import { euros } from '../domain/money';
import { NewRefund } from '../infrastructure/balance.repository';
import { LedgerRepository, MoneySource } from '../infrastructure/ledger.repository';
import { invalidField } from './payments.service';


/**
 * Refunds: staff give back (part of) a family credit — a payment or a credit note not used, e.g. an
 * online payment reservations declared due back (the places were gone, or the registration was paid
 * twice). The refund is a movement of its own (the family's balance goes back up by it) traced to
 * the payment or credit note it gives back; it is never more than what that source still holds.
 */
@Injectable()
export class RefundsService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly ledger: LedgerRepository,
  ) {}

  async record(staffId: string, input: NewRefund, today = todayInParis()): Promise<string> {
    if (!input.paymentId === !input.creditNoteId) throw invalidField('paymentId', 'indiquez soit le paiement (paymentId), soit l’avoir (creditNoteId) à rembourser');
    if (input.refundedOn > today) throw invalidField('refundedOn', 'ne peut pas être une date à venir');
    const source: MoneySource = input.paymentId ? { paymentId: input.paymentId } : { creditNoteId: input.creditNoteId! };
    return this.txHost.withTransaction(async () => {
      const locked = await this.ledger.lockSource(source);
      if (!locked) throw new ApplicationError('not_found', 'billing.credit-not-found', input.paymentId ? 'Paiement introuvable.' : 'Avoir introuvable.');
      if (input.refundedOn < locked.date) throw invalidField('refundedOn', `ne peut précéder ${input.paymentId ? 'le paiement' : 'l’avoir'} remboursé (${frenchDate(locked.date)})`);
      const unused = locked.amountCents - locked.usedCents;
      if (input.amountCents > unused) {
        throw new ApplicationError('unprocessable', 'billing.refund-too-large', 'Le remboursement dépasse ce qu’il reste de ce crédit.', [
          { field: 'amountCents', message: unused ? `au plus ${euros(unused)} (ce qu’il reste, non utilisé sur des factures ni remboursé)` : 'il ne reste rien à rembourser : tout est utilisé ou remboursé' },
        ]);
      }
      return this.ledger.insertRefund({ familyId: locked.familyId, source, amountCents: input.amountCents, method: input.method, reference: input.reference, refundedOn: input.refundedOn, reason: input.reason, recordedBy: staffId });
    });
  }
}
