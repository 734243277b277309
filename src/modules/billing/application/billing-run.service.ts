import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';
import { frenchDate, todayInParis } from '../../../platform/dates';
import { EventPublisher } from '../../../platform/events';
import { ApplicationError } from '../../../platform/http';
import { OfficeRepository } from '../infrastructure/office.repository';
import { RunRepository, RunTotals } from '../infrastructure/run.repository';
import { CreditService } from './credit.service';

export interface RunInput {
  officeId: string;
  from: string;
  to: string;
  /** what the invoices say after the office's name: "Novembre 2026", "T2 2d trimestre 2026-2027" */
  label: string;
  dryRun: boolean;
}

export interface RunResult extends RunTotals {
  dryRun: boolean;
  runId: string | null;
  issuedOn: string;
  dueOn: string;
}

const MAX_DAYS = 400;

/** `billing.invoice.issued.v1` of a run's invoices, in number order (shape checked by test/billing/billing-run). */
const ISSUED_EVENTS = `
  SELECT i.id AS aggregate_id,
         jsonb_build_object('invoiceId', i.id, 'familyId', i.family_id, 'officeId', i.office_id, 'number', i.number, 'totalCents', i.total_cents,
                            'remainingCents', i.total_cents - i.settled_cents, 'dueOn', to_char(i.due_on, 'YYYY-MM-DD')) AS payload
  FROM billing.invoice i WHERE i.run_id = $1 ORDER BY i.seq`;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The billing run of an office over a period (a month, a term): one invoice per family with what
 * its units owe and have not been billed, one line per child, service and unit price, gap-free
 * numbers. One transaction, set-based (RunRepository); a dry run computes the same totals and
 * records nothing. Runs of one office are serialized (the office row is locked); running again
 * bills only what changed since.
 */
@Injectable()
export class BillingRunService {
  constructor(
    private readonly txHost: TransactionHost,
    private readonly offices: OfficeRepository,
    private readonly runs: RunRepository,
    private readonly events: EventPublisher,
    private readonly credits: CreditService,
  ) {}

  async run(staffId: string, input: RunInput, issuedOn = todayInParis()): Promise<RunResult> {
    if (input.to < input.from || (Date.parse(input.to) - Date.parse(input.from)) / 86_400_000 > MAX_DAYS) {
      throw new ApplicationError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', [{ field: 'to', message: `doit suivre le début, au plus ${MAX_DAYS} jours plus tard` }]);
    }
    return this.txHost.withTransaction(async () => {
      const office = await this.offices.office(input.officeId, true);
      if (!office) throw new ApplicationError('not_found', 'billing.office-not-found', 'Régie introuvable.');
      if (!office.active) throw new ApplicationError('conflict', 'billing.office-inactive', 'Cette régie est désactivée.');
      const dueOn = addDays(issuedOn, office.dueDays);

      await this.runs.computeDue(office.id, input.from, input.to);
      const missing = await this.runs.missingPrices();
      if (missing.length) {
        throw new ApplicationError(
          'unprocessable',
          'billing.prices-missing',
          'Des jours à facturer n’ont pas de tarif : complétez les tarifs, puis relancez la facturation. Rien n’a été facturé.',
          missing.map((m) => ({ field: `services.${m.serviceId}`, message: `${m.label} : aucun tarif le ${frenchDate(m.day)} pour ${m.quotient === null ? 'une famille sans quotient' : `le quotient ${m.quotient}`}` })),
        );
      }
      const totals = await this.runs.computeInvoices(office.id, input.from, input.to);
      const base = { ...totals, issuedOn, dueOn };
      if (input.dryRun || totals.invoices === 0) return { ...base, dryRun: input.dryRun, runId: null };

      const year = Number(issuedOn.slice(0, 4));
      const firstSeq = await this.runs.takeNumbers(office.id, 'invoice', year, totals.invoices);
      const runId = await this.runs.record(
        { officeId: office.id, officeCode: office.code, label: input.label, invoiceLabel: `${office.name} — ${input.label}`, from: input.from, to: input.to, issuedOn, dueOn, year, firstSeq, createdBy: staffId },
        totals,
      );
      // the families' credit (overpayments, credit notes) used on their new invoices
      await this.credits.useOnRun(runId);
      // one event per invoice, with what remains due after that credit, written by the database
      await this.events.publishFromQuery('billing.invoice.issued.v1', ISSUED_EVENTS, [runId]);
      return { ...base, dryRun: false, runId };
    });
  }
}
