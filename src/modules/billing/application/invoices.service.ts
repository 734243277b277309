import { Injectable } from '@nestjs/common';
import { todayInParis } from '../../../platform/dates';
import { ApplicationError } from '../../../platform/http';
import { FamilyDirectory } from '../../family';
import { INVOICE_STATUS_LABELS, invoiceStatus, InvoiceStatus } from '../domain/invoice';
import { InvoiceFilter, InvoiceRepository, InvoiceRow, LineRow, RunSummary } from '../infrastructure/invoice.repository';

export interface InvoiceView {
  id: string;
  number: string;
  label: string;
  officeId: string;
  officeName: string;
  familyId: string;
  periodFrom: string;
  periodTo: string;
  issuedOn: string;
  dueOn: string;
  totalCents: number;
  /** paid or credited ("montant réglé") */
  paidCents: number;
  /** "Restant dû" */
  remainingCents: number;
  status: InvoiceStatus;
  statusLabel: string;
  overdue: boolean;
  /** can be paid online now ("Payer") */
  payable: boolean;
  cancelReason: string | null;
}

export interface InvoiceDetail extends InvoiceView {
  lines: (LineRow & { childName: string | null })[];
}

export const invoiceNotFound = () => new ApplicationError('not_found', 'billing.invoice-not-found', 'Facture introuvable.');

/** Invoices as guardians and staff read them: amounts, what remains due, the state, the lines with the children's names. */
@Injectable()
export class InvoicesService {
  constructor(
    private readonly invoices: InvoiceRepository,
    private readonly families: FamilyDirectory,
  ) {}

  async list(filter: InvoiceFilter, today = todayInParis()): Promise<InvoiceView[]> {
    return (await this.invoices.list({ ...filter, today })).map((i) => toView(i, today));
  }

  /** The billing runs that issued invoices, newest first (staff). */
  runs(filter: { officeId?: string; limit: number; offset: number }): Promise<RunSummary[]> {
    return this.invoices.runs(filter);
  }

  /** One invoice with its lines; with `familyId`, a guardian's own only (404 for another family's). */
  async detail(id: string, familyId?: string, today = todayInParis()): Promise<InvoiceDetail> {
    const invoice = await this.invoices.find(id, familyId);
    if (!invoice) throw invoiceNotFound();
    const lines = await this.invoices.lines(id);
    const names = await this.families.childNames(lines.flatMap((l) => (l.childId ? [l.childId] : [])));
    return {
      ...toView(invoice, today),
      lines: lines.map((l) => {
        const child = l.childId ? names.get(l.childId) : undefined;
        return { ...l, childName: child ? `${child.firstName} ${child.lastName}` : null };
      }),
    };
  }
}

export function toView(i: InvoiceRow, today: string): InvoiceView {
  const status = invoiceStatus({ totalCents: i.totalCents, settledCents: i.settledCents, cancelled: i.cancelledAt !== null });
  const open = status === 'issued' || status === 'partly-paid';
  return {
    id: i.id,
    number: i.number,
    label: i.label,
    officeId: i.officeId,
    officeName: i.officeName,
    familyId: i.familyId,
    periodFrom: i.periodFrom,
    periodTo: i.periodTo,
    issuedOn: i.issuedOn,
    dueOn: i.dueOn,
    totalCents: i.totalCents,
    paidCents: i.settledCents,
    remainingCents: status === 'cancelled' ? 0 : i.totalCents - i.settledCents,
    status,
    statusLabel: INVOICE_STATUS_LABELS[status],
    overdue: open && i.dueOn < today,
    payable: open,
    cancelReason: i.cancelReason,
  };
}
