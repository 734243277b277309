/** Public face of the payments module. Other modules import only this file. */
export { PaymentsModule } from './payments.module';
import './domain/payments.events';
