import { BeforeApplicationShutdown, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { BillingModule } from '../billing';
import { IdentityModule } from '../identity';
import { ReservationsModule } from '../reservations';
import { PaymentChecker } from './application/payment-checker';
import { PaymentOutcomeService } from './application/payment-outcome.service';
import { PaymentStartService } from './application/payment-start.service';
import { PaymentViewsService } from './application/payment-views.service';
import { paymentProviderProvider } from './infrastructure/payfip/payment-provider.provider';
import { PayfipCallbacksController } from './http/payfip-callbacks.controller';
import { PaymentsController } from './http/payments.controller';
import { StaffPaymentsController } from './http/staff-payments.controller';
import { OfficeSettingsRepository } from './infrastructure/office-settings.repository';
import { TransactionRepository } from './infrastructure/transaction.repository';

/**
 * Online payment through PayFiP, the lock against double payment, tickets and history (schema
 * `payments`). In the worker role, re-checks the pending transactions. See README.md.
 */
@Module({
  imports: [BillingModule, ReservationsModule, IdentityModule],
  controllers: [PaymentsController, PayfipCallbacksController, StaffPaymentsController],
  providers: [
    paymentProviderProvider, // PaymentProvider: PayFiP (or the local simulator), infrastructure/payfip
    OfficeSettingsRepository,
    TransactionRepository,
    PaymentStartService,
    PaymentOutcomeService,
    PaymentViewsService,
    PaymentChecker,
  ],
})
export class PaymentsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly checker: PaymentChecker,
  ) {}

  /** The re-checking loop runs in the worker role (and `all`), not in the api role. */
  onApplicationBootstrap(): void {
    if (this.config.role !== 'api') this.checker.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.checker.stop();
  }
}
