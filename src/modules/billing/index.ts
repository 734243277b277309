/** Public face of the billing module. Other modules import only this file. */
export { BillingModule } from './billing.module';
import './domain/billing.events';
