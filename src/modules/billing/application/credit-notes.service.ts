import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { todayInParis } from '../../../platform/dates';
import { EventPublisher } from '../../../platform/events';
import { ApplicationError } from '../../../platform/http';
import { creditNoteNumber } from '../domain/invoice';
import { creditNoteRoom, splitCreditNote } from '../domain/credit-note';
import { euros } from '../domain/money';
import { InvoiceForCredit, LedgerRepository } from '../infrastructure/ledger.repository';
import { RunRepository } from '../infrastructure/run.repository';
import { invoiceNotFound } from './invoices.service';

export interface IssuedCreditNote {
  creditNoteId: string;
  /** what the cancellation sent back to be billed again (amounts of units reversed) */
  unitsReversed: number;
}

/**
 * Credit notes ("avoirs") by staff, each with a reason and traced to its invoice, numbered in the
 * office's own gap-free `credit-note` series (AV-REST-2026-000004), taken in the same transaction:
 * - a correction: at most the invoice's total minus its earlier credit notes; it settles what the
 *   invoice still owes first, the rest becomes a family credit (the invoice had been paid);
 * - a cancellation: the invoice keeps its number and gets a credit note of all it was not yet
 *   credited; what had been paid on it becomes a family credit; the units it billed go back to be
 *   billed again (reversing rows in billing.billed_unit), so the next run bills them as they are then.
 */
@Injectable()
export class CreditNotesService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly ledger: LedgerRepository,
    private readonly runs: RunRepository,
    private readonly events: EventPublisher,
  ) {}

  async correct(staffId: string, invoiceId: string, amountCents: number, reason: string, today = todayInParis()): Promise<IssuedCreditNote> {
    return this.txHost.withTransaction(async () => {
      const invoice = await this.open(invoiceId);
      const room = creditNoteRoom(invoice.totalCents, invoice.creditedCents);
      if (amountCents > room) {
        throw new ApplicationError('unprocessable', 'billing.credit-note-too-large', 'Un avoir ne peut dépasser ce que la facture n’a pas encore reçu en avoirs.', [
          { field: 'amountCents', message: room ? `au plus ${euros(room)} (le total de la facture moins ses avoirs précédents)` : 'la facture a déjà reçu des avoirs de tout son montant' },
        ]);
      }
      return { creditNoteId: await this.issue(invoice, amountCents, reason, false, staffId, today), unitsReversed: 0 };
    });
  }

  async cancel(staffId: string, invoiceId: string, reason: string, today = todayInParis()): Promise<IssuedCreditNote> {
    return this.txHost.withTransaction(async () => {
      const invoice = await this.open(invoiceId);
      const room = creditNoteRoom(invoice.totalCents, invoice.creditedCents);
      if (room === 0) {
        throw new ApplicationError('conflict', 'billing.invoice-fully-credited', 'Cette facture a déjà reçu des avoirs de tout son montant : il n’y a plus rien à annuler.');
      }
      const creditNoteId = await this.issue(invoice, room, reason, true, staffId, today);
      await this.ledger.markCancelled(invoice.id, reason);
      const unitsReversed = await this.ledger.reverseBilledUnits(invoice.id, creditNoteId);
      await this.events.publish('billing.invoice.cancelled.v1', invoice.id, { invoiceId: invoice.id, familyId: invoice.familyId, officeId: invoice.officeId, number: invoice.number, creditNoteId });
      return { creditNoteId, unitsReversed };
    });
  }

  /** The invoice, locked; a cancelled one takes no more credit notes. */
  private async open(invoiceId: string): Promise<InvoiceForCredit> {
    const invoice = await this.ledger.lockForCredit(invoiceId);
    if (!invoice) throw invoiceNotFound();
    if (invoice.cancelled) throw new ApplicationError('conflict', 'billing.invoice-cancelled', 'Cette facture est annulée : elle ne reçoit plus d’avoir.');
    return invoice;
  }

  private async issue(invoice: InvoiceForCredit, amountCents: number, reason: string, cancels: boolean, staffId: string, today: string): Promise<string> {
    const { allocatedCents, creditCents } = splitCreditNote(amountCents, invoice.remainingCents);
    const year = Number(today.slice(0, 4));
    const seq = await this.runs.takeNumbers(invoice.officeId, 'credit-note', year, 1);
    const { id } = await this.ledger.insertCreditNote({
      officeId: invoice.officeId,
      familyId: invoice.familyId,
      number: creditNoteNumber(invoice.officeCode, year, seq),
      year,
      seq,
      invoiceId: invoice.id,
      amountCents,
      usedCents: allocatedCents,
      reason,
      cancels,
      createdBy: staffId,
    });
    if (allocatedCents > 0) {
      await this.ledger.settle({ creditNoteId: id }, [{ invoiceId: invoice.id, amountCents: allocatedCents }]);
      await this.events.publish('billing.payment.allocated.v1', id, {
        familyId: invoice.familyId,
        paymentId: null,
        creditNoteId: id,
        allocations: [{ invoiceId: invoice.id, number: invoice.number, amountCents: allocatedCents, remainingCents: invoice.remainingCents - allocatedCents }],
      });
    }
    if (creditCents > 0) {
      await this.events.publish('billing.credit.created.v1', id, { familyId: invoice.familyId, amountCents: creditCents, paymentId: null, creditNoteId: id });
    }
    return id;
  }
}
