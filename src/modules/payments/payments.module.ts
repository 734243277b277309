import { Module } from '@nestjs/common';
import { paymentProviderProvider } from './infrastructure/payfip/payment-provider.provider';

/** Online payment through PayFiP, the lock against double payment, tickets and history (schema `payments`). */
@Module({
  providers: [paymentProviderProvider], // PaymentProvider: PayFiP (or the local simulator), infrastructure/payfip
})
export class PaymentsModule {}
