/**
 * What an invoice's PDF shows, as plain data: the issuer (the office's), the family it is addressed
 * to, the lines, the amounts and how to pay, and the legal mentions of a French public body's
 * invoice. The renderer draws it; its hash decides whether a kept PDF is still right.
 */
import { frenchDate } from '../../../platform/dates';
import { euros } from './money';

export interface InvoiceDocument {
  issuer: { legalName: string; officeName: string; address: string; siret: string | null; email: string | null; phone: string | null };
  addressee: { names: string[]; reference: string | null; addressLines: string[] };
  number: string;
  label: string;
  issuedOn: string;
  dueOn: string;
  periodFrom: string;
  periodTo: string;
  /** set for a cancelled invoice: the day and the credit note that cancelled it */
  cancelled: { on: string; creditNoteNumber: string | null; reason: string | null } | null;
  lines: { childName: string | null; designation: string; quantity: number; unitPriceCents: number; amountCents: number }[];
  totalCents: number;
  /** paid or credited */
  paidCents: number;
  remainingCents: number;
  /** what settled it so far: payments and credit notes allocated to it */
  settlements: { on: string; label: string; amountCents: number }[];
  /** the office's own words ("par chèque à l'ordre du Trésor public…") */
  paymentInstructions: string | null;
  /** the invoice on the portal, where it can be paid online */
  portalUrl: string;
}

export const PAYMENT_METHOD_LABELS: Record<string, string> = {
  online: 'Paiement en ligne',
  cash: 'Espèces',
  cheque: 'Chèque',
  transfer: 'Virement',
  cesu: 'CESU',
  card: 'Carte bancaire',
  other: 'Règlement',
};

/**
 * The legal mentions. A commune's (or a school's) billing office sells a public educational or
 * social service: the body is not liable to VAT for it (article 256 B of the CGI; Conseil d'État,
 * 28 May 2021, n° 441739, for school canteens), so the invoice says so, instead of the
 * micro-enterprises' « article 293 B ». What is not paid by the due date is handed to the public
 * accountant, who recovers it under a "titre de recettes", which can be contested within two months
 * (article L. 1617-5 of the CGCT). No late-payment penalty nor the 40 € fixed fee: those are for
 * invoices between businesses (code de commerce), not for families.
 */
export function legalMentions(d: Pick<InvoiceDocument, 'dueOn' | 'issuer'>): string[] {
  return [
    'TVA non applicable — article 256 B du code général des impôts (service public à caractère éducatif et social).',
    `Facture émise par la régie de recettes « ${d.issuer.officeName} » (${d.issuer.legalName}). Somme à régler au plus tard le ${frenchDate(d.dueOn)}, ` +
      'sans escompte pour paiement anticipé. Passé ce délai et après relance, le reste dû est transmis au comptable public (centre des finances publiques), ' +
      'qui en poursuit le recouvrement par un titre de recettes.',
    'Pour toute question ou réclamation sur cette facture, adressez-vous à la régie. Le titre de recettes émis en cas de non-paiement peut être contesté ' +
      'dans un délai de deux mois suivant sa réception devant la juridiction compétente (article L. 1617-5 du code général des collectivités territoriales).',
  ];
}

/** `3` → "3", `2.5` → "2,5" (hours of hourly services). */
export function frenchQuantity(quantity: number): string {
  return quantity.toLocaleString('fr-FR', { maximumFractionDigits: 2 });
}

export { euros, frenchDate };
