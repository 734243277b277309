import { Injectable } from '@nestjs/common';
import { frenchDate, todayInParis } from '../../../platform/dates';
import { ApplicationError } from '../../../platform/http';
import { MOVEMENT_LABELS, MovementKind, withRunningBalance } from '../domain/balance';
import { CREDIT_STATUS_LABELS, CreditStatus, PAYMENT_METHOD_LABELS, PaymentMethod, REFUND_METHODS, RefundMethod } from '../domain/payment';
import { BalanceRepository, CreditNoteRow, PaymentRow, RefundDueRow, RefundRow } from '../infrastructure/balance.repository';

export interface PaymentView {
  id: string;
  familyId: string;
  officeId: string | null;
  receivedOn: string;
  amountCents: number;
  method: PaymentMethod;
  methodLabel: string;
  reference: string | null;
  allocations: { invoiceId: string; number: string; label: string; amountCents: number }[];
  allocatedCents: number;
  refundedCents: number;
  /** what is left of it: family credit */
  creditCents: number;
  creditStatus: CreditStatus | null;
  creditStatusLabel: string | null;
}

export interface MovementView {
  date: string;
  kind: MovementKind;
  kindLabel: string;
  id: string;
  reference: string | null;
  label: string;
  amountCents: number;
  /** + the family owes more, − less */
  signedCents: number;
  /** the balance after it */
  balanceCents: number;
}

export interface BalanceView {
  familyId: string;
  at: string;
  invoicedCents: number;
  creditNotesCents: number;
  paidCents: number;
  refundedCents: number;
  /** invoices − credit notes − payments + refunds: positive, the family owes; negative, it has a credit */
  balanceCents: number;
  /** what the open invoices still owe */
  dueCents: number;
  /** payments and credit notes not used yet */
  creditCents: number;
  /** of the credit, what is due back to the family (staff refund it) */
  creditToRefundCents: number;
  openInvoices: { id: string; number: string; label: string; issuedOn: string; dueOn: string; totalCents: number; remainingCents: number; overdue: boolean }[];
  credits: { kind: 'payment' | 'credit-note'; id: string; label: string; date: string; amountCents: number; unusedCents: number; status: CreditStatus; statusLabel: string }[];
  movements: MovementView[];
}

export interface CreditNoteView extends CreditNoteRow {
  /** the part that became family credit */
  creditCents: number;
}

export interface RefundDueView extends RefundDueRow {
  label: string;
}

export type RefundView = RefundRow & { methodLabel: string };

export const REFUND_METHOD_LABELS: Record<RefundMethod, string> = {
  transfer: 'Virement',
  cheque: 'Chèque',
  cash: 'Espèces',
  card: 'Carte bancaire',
  other: 'Autre',
};

const paymentLabel = (method: PaymentMethod, reference: string | null) => `Paiement : ${PAYMENT_METHOD_LABELS[method]}${reference && method !== 'online' ? ` n° ${reference}` : ''}`;

/**
 * What a family owes and has paid, for guardians ("Mes factures & paiements", seed 002 9.1) and
 * staff: the balance at any date with the open invoices, the credit and the movements; the
 * payments with their allocations; credit notes; payments due back.
 */
@Injectable()
export class BalanceService {
  constructor(private readonly repo: BalanceRepository) {}

  async balance(familyId: string, at: string, forStaff: boolean, today = todayInParis()): Promise<BalanceView> {
    if (at > today) throw new ApplicationError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', [{ field: 'at', message: 'ne peut pas être une date à venir' }]);
    const rows = await this.repo.movements(familyId, at);
    const open = await this.repo.openInvoicesAt(familyId, at);
    const credits = await this.repo.creditsAt(familyId, at);
    const sum = (kind: MovementKind) => rows.filter((m) => m.kind === kind).reduce((s, m) => s + m.amountCents, 0);
    const movements = withRunningBalance(rows).map(
      (m): MovementView => ({
        date: m.date,
        kind: m.kind,
        kindLabel: MOVEMENT_LABELS[m.kind],
        id: m.id,
        reference: m.reference,
        label: movementLabel(m, forStaff),
        amountCents: m.amountCents,
        signedCents: m.signedCents,
        balanceCents: m.balanceCents,
      }),
    );
    const creditCents = credits.reduce((s, c) => s + c.unusedCents, 0);
    return {
      familyId,
      at,
      invoicedCents: sum('invoice'),
      creditNotesCents: sum('credit-note'),
      paidCents: sum('payment'),
      refundedCents: sum('refund'),
      balanceCents: movements.length ? movements[movements.length - 1].balanceCents : 0,
      dueCents: open.reduce((s, i) => s + i.remainingCents, 0),
      creditCents,
      creditToRefundCents: credits.filter((c) => c.status === 'to-refund').reduce((s, c) => s + c.unusedCents, 0),
      openInvoices: open.map((i) => ({ ...i, overdue: i.dueOn < at })),
      credits: credits.map((c) => ({
        kind: c.kind,
        id: c.id,
        label: c.kind === 'payment' ? paymentLabel(c.method!, c.reference) : `Avoir ${c.reference}`,
        date: c.date,
        amountCents: c.amountCents,
        unusedCents: c.unusedCents,
        status: c.status,
        statusLabel: CREDIT_STATUS_LABELS[c.status],
      })),
      movements,
    };
  }

  async payments(familyId: string, limit: number, offset: number): Promise<PaymentView[]> {
    return (await this.repo.payments(familyId, limit, offset)).map(paymentView);
  }

  async payment(id: string): Promise<PaymentView> {
    const [row] = await this.repo.payments(null, 1, 0, id);
    if (!row) throw new ApplicationError('not_found', 'billing.payment-not-found', 'Paiement introuvable.');
    return paymentView(row);
  }

  async creditNote(id: string): Promise<CreditNoteView> {
    const row = await this.repo.creditNote(id);
    if (!row) throw new ApplicationError('not_found', 'billing.credit-note-not-found', 'Avoir introuvable.');
    return { ...row, creditCents: row.amountCents - row.allocatedCents };
  }

  async refundsDue(familyId: string | null, limit: number, offset: number): Promise<RefundDueView[]> {
    return (await this.repo.refundsDue(familyId, limit, offset)).map((r) => ({
      ...r,
      label: `Paiement en ligne du ${frenchDate(r.receivedOn)} : ${r.registrations.map((g) => (g.reason === 'payment-too-late' ? 'inscription annulée (paiement reçu après la libération des places)' : 'inscription déjà payée par un autre paiement')).join(' ; ')}`,
    }));
  }

  async refund(id: string): Promise<RefundView> {
    const row = await this.repo.refund(id);
    if (!row) throw new ApplicationError('not_found', 'billing.refund-not-found', 'Remboursement introuvable.');
    return { ...row, methodLabel: REFUND_METHOD_LABELS[row.method] };
  }
}

function paymentView(p: PaymentRow): PaymentView {
  const creditCents = p.amountCents - p.usedCents;
  return {
    id: p.id,
    familyId: p.familyId,
    officeId: p.officeId,
    receivedOn: p.receivedOn,
    amountCents: p.amountCents,
    method: p.method,
    methodLabel: PAYMENT_METHOD_LABELS[p.method],
    reference: p.reference,
    allocations: p.allocations,
    allocatedCents: p.allocations.reduce((s, a) => s + a.amountCents, 0),
    refundedCents: p.refundedCents,
    creditCents,
    creditStatus: creditCents > 0 ? p.creditStatus : null,
    creditStatusLabel: creditCents > 0 ? CREDIT_STATUS_LABELS[p.creditStatus] : null,
  };
}

function movementLabel(m: { kind: MovementKind; reference: string | null; detail: string; invoiceNumber: string | null }, forStaff: boolean): string {
  switch (m.kind) {
    case 'invoice':
      return `Facture ${m.reference} — ${m.detail}`;
    case 'credit-note':
      return `Avoir ${m.reference} sur la facture ${m.invoiceNumber}${forStaff ? ` — ${m.detail}` : ''}`;
    case 'payment':
      return paymentLabel(m.detail as PaymentMethod, m.reference);
    case 'refund':
      return `Remboursement : ${REFUND_METHOD_LABELS[(REFUND_METHODS as readonly string[]).includes(m.detail) ? (m.detail as RefundMethod) : 'other']}`;
  }
}
