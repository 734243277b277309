/** Public face of the payments module. Other modules import only this file. */
export { PaymentsModule } from './payments.module';
export { startDevPayfip } from './infrastructure/payfip/payfip-simulator';
import './domain/payments.events';
