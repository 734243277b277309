/** Payments, the family credit they leave, refunds: methods and states with their French labels. */

/** How staff record a payment received at the office desk, by post or by bank. */
export const MANUAL_PAYMENT_METHODS = ['cash', 'cheque', 'transfer', 'cesu', 'card', 'other'] as const;
export type ManualPaymentMethod = (typeof MANUAL_PAYMENT_METHODS)[number];
/** `online`: a payment of the payments module (PayFiP), recorded from its event. */
export type PaymentMethod = ManualPaymentMethod | 'online';

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  online: 'Paiement en ligne',
  cash: 'Espèces',
  cheque: 'Chèque',
  transfer: 'Virement',
  cesu: 'CESU',
  card: 'Carte bancaire',
  other: 'Autre',
};

export const REFUND_METHODS = ['transfer', 'cheque', 'cash', 'card', 'other'] as const;
export type RefundMethod = (typeof REFUND_METHODS)[number];

/**
 * What may become of the money of a payment or a credit note that no invoice used yet (the family credit):
 * - available: used on the family's next invoices, automatically;
 * - awaiting-registration: an online payment of term-activity registrations reservations has not
 *   decided on yet: kept for their invoices;
 * - to-refund: reservations declared (part of) the payment due back (places gone, or paid twice):
 *   not used on invoices; staff refund it.
 */
export type CreditStatus = 'available' | 'awaiting-registration' | 'to-refund';

export const CREDIT_STATUS_LABELS: Record<CreditStatus, string> = {
  available: 'Disponible : déduit des prochaines factures',
  'awaiting-registration': 'Réservé à une inscription en cours de confirmation',
  'to-refund': 'À rembourser',
};

/** The upper bound of one amount (a payment, a credit note, a refund): 1 000 000,00 €. */
export const MAX_AMOUNT_CENTS = 100_000_000;
