import { BeforeApplicationShutdown, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { FamilyModule } from '../family';
import { ReservationsModule } from '../reservations';
import { ActivityInvoicesService } from './application/activity-invoices.service';
import { BalanceService } from './application/balance.service';
import { BillingRunService } from './application/billing-run.service';
import { CreditNotesService } from './application/credit-notes.service';
import { CreditService } from './application/credit.service';
import { ExportsService } from './application/exports.service';
import { InvoicePdfService } from './application/invoice-pdf.service';
import { InvoiceReminders } from './application/invoice-reminders';
import { InvoicesForPayment } from './application/invoices-for-payment';
import { InvoicesService } from './application/invoices.service';
import { MoneyEventsHandler } from './application/on-money-events.handler';
import { SourceEventsHandler } from './application/on-source-events.handler';
import { PaymentsService } from './application/payments.service';
import { RefundsService } from './application/refunds.service';
import { SetupService } from './application/setup.service';
import { UnpaidService } from './application/unpaid.service';
import { InvoiceDocumentsController } from './http/invoice-documents.controller';
import { InvoicesController } from './http/invoices.controller';
import { MoneyController } from './http/money.controller';
import { StaffBillingController } from './http/staff-billing.controller';
import { StaffFollowUpController } from './http/staff-follow-up.controller';
import { StaffMoneyController } from './http/staff-money.controller';
import { ActivityInvoiceRepository } from './infrastructure/activity-invoice.repository';
import { BalanceRepository } from './infrastructure/balance.repository';
import { ExportsRepository } from './infrastructure/exports.repository';
import { FollowUpRepository } from './infrastructure/follow-up.repository';
import { InvoicePdfRepository } from './infrastructure/invoice-pdf.repository';
import { InvoiceRepository } from './infrastructure/invoice.repository';
import { LedgerRepository } from './infrastructure/ledger.repository';
import { OfficeRepository } from './infrastructure/office.repository';
import { RunRepository } from './infrastructure/run.repository';
import { UnitRepository } from './infrastructure/unit.repository';

/**
 * Prices, billing runs, gap-free invoices, credit notes, payments and their allocation, unpaid
 * follow-up, PDFs and exports (schema `billing`). In the worker role, raises the reminders due.
 * See README.md.
 */
@Module({
  imports: [FamilyModule, ReservationsModule],
  controllers: [InvoicesController, MoneyController, InvoiceDocumentsController, StaffBillingController, StaffMoneyController, StaffFollowUpController],
  providers: [
    // setup, projections, runs, invoices
    OfficeRepository,
    UnitRepository,
    RunRepository,
    InvoiceRepository,
    SetupService,
    BillingRunService,
    InvoicesService,
    SourceEventsHandler,
    // the money side: payments, allocations, credit, credit notes, refunds, activity invoices, balance
    LedgerRepository,
    BalanceRepository,
    ActivityInvoiceRepository,
    CreditService,
    PaymentsService,
    CreditNotesService,
    RefundsService,
    BalanceService,
    ActivityInvoicesService,
    MoneyEventsHandler,
    InvoicesForPayment,
    // documents, unpaid follow-up, exports
    InvoicePdfRepository,
    FollowUpRepository,
    ExportsRepository,
    InvoicePdfService,
    UnpaidService,
    ExportsService,
    InvoiceReminders,
  ],
  exports: [InvoicesForPayment],
})
export class BillingModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reminders: InvoiceReminders,
  ) {}

  /** The reminders' loop runs in the worker role (and `all`), not in the api role. */
  onApplicationBootstrap(): void {
    if (this.config.role !== 'api') this.reminders.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.reminders.stop();
  }
}
