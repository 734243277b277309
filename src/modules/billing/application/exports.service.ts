import { Injectable } from '@nestjs/common';
import { csvAmount, csvFile, CsvValue } from '../../../platform/csv';
import { frenchDate, todayInParis } from '../../../platform/dates';
import { ApplicationError } from '../../../platform/http';
import { BillingContact, FamilyDirectory } from '../../family';
import { INVOICE_STATUS_LABELS, invoiceStatus } from '../domain/invoice';
import { PAYMENT_METHOD_LABELS } from '../domain/invoice-document';
import { ExportsRepository, Reconciliation } from '../infrastructure/exports.repository';
import { Office, OfficeRepository } from '../infrastructure/office.repository';
import { officeNotFound } from './setup.service';

export const EXPORT_KINDS = ['invoices', 'payments', 'credit-notes', 'unpaid'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportQuery {
  officeId: string;
  from: string;
  to: string;
}

export interface CsvExport {
  filename: string;
  content: Buffer;
}

export interface ReconciliationReport extends Reconciliation {
  officeId: string;
  from: string;
  to: string;
  /** invoices − credit notes − payments + refunds of the period */
  netCents: number;
  /** closing − opening balances */
  balancesChangeCents: number;
  /** net = change of the balances, and nothing allocated wrongly */
  reconciled: boolean;
}

const FILE_PREFIX: Record<ExportKind, string> = { invoices: 'factures', payments: 'reglements', 'credit-notes': 'avoirs', unpaid: 'impayes' };
const MAX_DAYS = 1100;
const date = (d: string | null) => (d ? frenchDate(d) : '');
const names = (c: BillingContact | undefined) => c?.guardianNames.join(' et ') ?? '';
/** "1 facture", "2 factures" (0 takes the singular in French). */
const count = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;
const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The accounting exports of an office over a period, as CSV for a spreadsheet (UTF-8 with BOM, `;`,
 * French headers and decimals, a totals line), and the reconciliation of the period's sums with the
 * families' balances. Guardians are named by their names and the family reference; addresses only
 * in the unpaid export, which goes to the public accountant who recovers the amounts.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly offices: OfficeRepository,
    private readonly exports: ExportsRepository,
    private readonly families: FamilyDirectory,
  ) {}

  async csv(kind: ExportKind, q: ExportQuery, today = todayInParis()): Promise<CsvExport> {
    const office = await this.office(q);
    const filename = `${FILE_PREFIX[kind]}-${office.code}-${q.from}-${q.to}.csv`;
    switch (kind) {
      case 'invoices':
        return { filename, content: await this.invoices(q) };
      case 'payments':
        return { filename, content: await this.payments(q) };
      case 'credit-notes':
        return { filename, content: await this.creditNotes(q) };
      case 'unpaid':
        return { filename, content: await this.unpaid(q, today) };
    }
  }

  async reconciliation(q: ExportQuery): Promise<ReconciliationReport> {
    await this.office(q);
    const r = await this.exports.reconciliation(q.officeId, q.from, q.to);
    const netCents = r.invoicesCents - r.creditNotesCents - r.paymentsCents + r.refundsCents;
    const balancesChangeCents = r.closingBalancesCents - r.openingBalancesCents;
    return { officeId: q.officeId, from: q.from, to: q.to, ...r, netCents, balancesChangeCents, reconciled: netCents === balancesChangeCents && r.settledMismatches === 0 && r.overAllocated === 0 };
  }

  private async invoices(q: ExportQuery): Promise<Buffer> {
    const rows = await this.exports.invoices(q.officeId, q.from, q.to);
    const contacts = await this.families.billingContacts(rows.map((r) => r.familyId));
    const live = rows.filter((r) => !r.cancelledOn);
    return csvFile(
      ['Numéro', 'Émise le', 'Échéance', 'Référence famille', 'Responsables', 'Libellé', 'Période du', 'Période au', 'Montant (€)', 'Réglé (€)', 'Restant dû (€)', 'État', 'Annulée le'],
      [
        ...rows.map((r): CsvValue[] => {
          const status = invoiceStatus({ totalCents: r.totalCents, settledCents: r.settledCents, cancelled: r.cancelledOn !== null });
          const c = contacts.get(r.familyId);
          return [r.number, date(r.issuedOn), date(r.dueOn), c?.reference, names(c), r.label, date(r.periodFrom), date(r.periodTo),
            csvAmount(r.totalCents), csvAmount(r.settledCents), csvAmount(r.cancelledOn ? 0 : r.totalCents - r.settledCents), INVOICE_STATUS_LABELS[status], date(r.cancelledOn)];
        }),
        [`Total (${count(rows.length, 'facture')})`, '', '', '', '', '', '', '', csvAmount(sum(rows, (r) => r.totalCents)), csvAmount(sum(rows, (r) => r.settledCents)),
          csvAmount(sum(live, (r) => r.totalCents - r.settledCents)), '', ''],
      ],
    );
  }

  private async payments(q: ExportQuery): Promise<Buffer> {
    const rows = await this.exports.payments(q.officeId, q.from, q.to);
    const contacts = await this.families.billingContacts(rows.map((r) => r.familyId));
    return csvFile(
      ['Reçu le', 'Référence famille', 'Responsables', 'Mode de règlement', 'Référence du règlement', 'Montant (€)', 'Affecté aux factures (€)', 'Non affecté, crédit de la famille (€)', 'Factures réglées'],
      [
        ...rows.map((r): CsvValue[] => {
          const c = contacts.get(r.familyId);
          return [date(r.receivedOn), c?.reference, names(c), PAYMENT_METHOD_LABELS[r.method] ?? r.method, r.reference, csvAmount(r.amountCents), csvAmount(r.allocatedCents),
            csvAmount(r.amountCents - r.allocatedCents), r.invoiceNumbers.join(', ')];
        }),
        [`Total (${count(rows.length, 'règlement')})`, '', '', '', '', csvAmount(sum(rows, (r) => r.amountCents)), csvAmount(sum(rows, (r) => r.allocatedCents)),
          csvAmount(sum(rows, (r) => r.amountCents - r.allocatedCents)), ''],
      ],
    );
  }

  private async creditNotes(q: ExportQuery): Promise<Buffer> {
    const rows = await this.exports.creditNotes(q.officeId, q.from, q.to);
    const contacts = await this.families.billingContacts(rows.map((r) => r.familyId));
    return csvFile(
      ['Numéro', 'Date', 'Facture', 'Référence famille', 'Responsables', 'Montant (€)', 'Annulation de la facture', 'Motif'],
      [
        ...rows.map((r): CsvValue[] => {
          const c = contacts.get(r.familyId);
          return [r.number, date(r.createdOn), r.invoiceNumber, c?.reference, names(c), csvAmount(r.amountCents), r.cancels ? 'Oui' : 'Non', r.reason];
        }),
        [`Total (${count(rows.length, 'avoir')})`, '', '', '', '', csvAmount(sum(rows, (r) => r.amountCents)), '', ''],
      ],
    );
  }

  /** For the public accountant: the debtor's names and postal address, what remains due, how late, the reminders sent. */
  private async unpaid(q: ExportQuery, today: string): Promise<Buffer> {
    const rows = await this.exports.unpaid(q.officeId, q.from, q.to);
    const contacts = await this.families.billingContacts(rows.map((r) => r.familyId));
    return csvFile(
      ['Numéro', 'Libellé', 'Émise le', 'Échéance', 'Jours de retard', 'Débiteurs', 'Adresse', 'Complément d’adresse', 'Code postal', 'Ville', 'Référence famille',
        'Montant (€)', 'Réglé (€)', 'Restant dû (€)', 'Relances envoyées', 'Dernière relance'],
      [
        ...rows.map((r): CsvValue[] => {
          const c = contacts.get(r.familyId);
          return [r.number, r.label, date(r.issuedOn), date(r.dueOn), Math.max(0, daysBetween(r.dueOn, today)), names(c), c?.address?.line1, c?.address?.line2,
            c?.address?.postcode, c?.address?.city, c?.reference, csvAmount(r.totalCents), csvAmount(r.settledCents), csvAmount(r.totalCents - r.settledCents),
            r.reminders, date(r.lastReminderOn)];
        }),
        [`Total (${count(rows.length, 'facture')})`, '', '', '', '', '', '', '', '', '', '', csvAmount(sum(rows, (r) => r.totalCents)), csvAmount(sum(rows, (r) => r.settledCents)),
          csvAmount(sum(rows, (r) => r.totalCents - r.settledCents)), '', ''],
      ],
    );
  }

  private async office(q: ExportQuery): Promise<Office> {
    if (q.to < q.from || daysBetween(q.from, q.to) > MAX_DAYS) {
      throw new ApplicationError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', [{ field: 'to', message: `doit suivre le début, au plus ${MAX_DAYS} jours plus tard` }]);
    }
    const office = await this.offices.office(q.officeId);
    if (!office) throw officeNotFound();
    return office;
  }
}
