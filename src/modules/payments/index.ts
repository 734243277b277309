/** Public face of the payments module. Other modules import only this file. */
export { PaymentsModule } from './payments.module';
export { PAYFIP_FORM_PATHS } from './http/payfip-callbacks.controller';
export { startDevPayfip } from './infrastructure/payfip/payfip-simulator';
import './domain/payments.events';
