import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { todayInParis } from '../../../platform/dates';
import { FamilyDirectory } from '../../family';
import { InvoiceDocument, PAYMENT_METHOD_LABELS } from '../domain/invoice-document';
import { InvoiceRepository } from '../infrastructure/invoice.repository';
import { InvoicePdfRepository } from '../infrastructure/invoice-pdf.repository';
import { RENDERER_VERSION, renderInvoicePdf } from '../infrastructure/invoice-pdf.renderer';
import { OfficeRepository } from '../infrastructure/office.repository';
import { invoiceNotFound, toView } from './invoices.service';

export interface InvoicePdf {
  number: string;
  pdf: Buffer;
  /** taken from billing.invoice_pdf rather than drawn now */
  kept: boolean;
}

/**
 * The invoice's PDF, on demand: what it shows is read (invoice, lines, office, the family's
 * addressees, what settled it) and hashed; the PDF kept for that hash is returned, or drawn and
 * kept. A payment, a credit note or a new address changes the hash, so the next download is drawn
 * again; nothing is drawn during a billing run.
 */
@Injectable()
export class InvoicePdfService {
  constructor(
    private readonly invoices: InvoiceRepository,
    private readonly offices: OfficeRepository,
    private readonly documents: InvoicePdfRepository,
    private readonly families: FamilyDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** With `familyId`, a guardian's own invoice only (404 for another family's). */
  async pdf(invoiceId: string, familyId?: string): Promise<InvoicePdf> {
    const document = await this.document(invoiceId, familyId);
    const hash = createHash('sha256').update(JSON.stringify({ v: RENDERER_VERSION, document })).digest('hex');
    const kept = await this.documents.kept(invoiceId, hash);
    if (kept) return { number: document.number, pdf: kept, kept: true };
    const pdf = await renderInvoicePdf(document);
    await this.documents.keep(invoiceId, hash, pdf);
    return { number: document.number, pdf, kept: false };
  }

  /** What the PDF shows. */
  async document(invoiceId: string, familyId?: string): Promise<InvoiceDocument> {
    const invoice = await this.invoices.find(invoiceId, familyId);
    if (!invoice) throw invoiceNotFound();
    // One connection at a time: these reads run one after the other.
    const lines = await this.invoices.lines(invoiceId);
    const office = (await this.offices.office(invoice.officeId))!;
    const settlements = await this.documents.settlements(invoiceId);
    const contact = (await this.families.billingContacts([invoice.familyId])).get(invoice.familyId);
    const children = await this.families.childNames(lines.flatMap((l) => (l.childId ? [l.childId] : [])));
    const view = toView(invoice, todayInParis());
    const cancelled = invoice.cancelledAt
      ? { on: todayInParis(invoice.cancelledAt), creditNoteNumber: await this.documents.cancellingCreditNote(invoiceId), reason: invoice.cancelReason }
      : null;
    const address = contact?.address;
    return {
      issuer: {
        legalName: office.issuer.legalName,
        officeName: office.name,
        address: office.issuer.address,
        siret: office.issuer.siret ?? null,
        email: office.issuer.email ?? null,
        phone: office.issuer.phone ?? null,
      },
      addressee: {
        names: contact?.guardianNames ?? [],
        reference: contact?.reference ?? null,
        addressLines: address ? [address.line1, address.line2, `${address.postcode} ${address.city}`].filter((l): l is string => Boolean(l)) : [],
      },
      number: invoice.number,
      label: invoice.label,
      issuedOn: invoice.issuedOn,
      dueOn: invoice.dueOn,
      periodFrom: invoice.periodFrom,
      periodTo: invoice.periodTo,
      cancelled,
      lines: lines.map((l) => {
        const child = l.childId ? children.get(l.childId) : undefined;
        return { childName: child ? `${child.firstName} ${child.lastName}` : null, designation: l.label, quantity: l.quantity, unitPriceCents: l.unitPriceCents, amountCents: l.amountCents };
      }),
      totalCents: view.totalCents,
      paidCents: view.paidCents,
      remainingCents: view.remainingCents,
      settlements: settlements.map((s) => ({
        on: s.on,
        label: s.creditNoteNumber
          ? `Avoir ${s.creditNoteNumber}`
          : `${PAYMENT_METHOD_LABELS[s.method ?? 'other'] ?? 'Règlement'}${s.reference && s.method !== 'online' ? ` n° ${s.reference}` : ''}`,
        amountCents: s.amountCents,
      })),
      paymentInstructions: office.paymentInstructions,
      portalUrl: `${this.config.publicUrl}/factures/${invoice.id}`,
    };
  }
}
