/** Public face of the billing module. Other modules import only this file. */
export { BillingModule } from './billing.module';
export { InvoicesForPayment } from './application/invoices-for-payment';
export type { InvoiceForPayment, OfficeForPayment } from './application/invoices-for-payment';
import './domain/billing.events';
