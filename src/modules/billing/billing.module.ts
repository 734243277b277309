import { Module } from '@nestjs/common';
import { FamilyModule } from '../family';
import { ReservationsModule } from '../reservations';
import { ActivityInvoicesService } from './application/activity-invoices.service';
import { BalanceService } from './application/balance.service';
import { BillingRunService } from './application/billing-run.service';
import { CreditNotesService } from './application/credit-notes.service';
import { CreditService } from './application/credit.service';
import { InvoicesForPayment } from './application/invoices-for-payment';
import { InvoicesService } from './application/invoices.service';
import { MoneyEventsHandler } from './application/on-money-events.handler';
import { SourceEventsHandler } from './application/on-source-events.handler';
import { PaymentsService } from './application/payments.service';
import { RefundsService } from './application/refunds.service';
import { SetupService } from './application/setup.service';
import { InvoicesController } from './http/invoices.controller';
import { MoneyController } from './http/money.controller';
import { StaffBillingController } from './http/staff-billing.controller';
import { StaffMoneyController } from './http/staff-money.controller';
import { ActivityInvoiceRepository } from './infrastructure/activity-invoice.repository';
import { BalanceRepository } from './infrastructure/balance.repository';
import { InvoiceRepository } from './infrastructure/invoice.repository';
import { LedgerRepository } from './infrastructure/ledger.repository';
import { OfficeRepository } from './infrastructure/office.repository';
import { RunRepository } from './infrastructure/run.repository';
import { UnitRepository } from './infrastructure/unit.repository';

/** Prices, billing runs, gap-free invoices, credit notes, manual payments, unpaid follow-up (schema `billing`). See README.md. */
@Module({
  imports: [FamilyModule, ReservationsModule],
  controllers: [InvoicesController, StaffBillingController, MoneyController, StaffMoneyController],
  providers: [
    OfficeRepository, UnitRepository, RunRepository, InvoiceRepository, SetupService, BillingRunService, InvoicesService, SourceEventsHandler,
    // the money side: payments, allocations, credit, credit notes, refunds, activity invoices, balance
    LedgerRepository, BalanceRepository, ActivityInvoiceRepository, CreditService, PaymentsService, CreditNotesService, RefundsService, BalanceService,
    ActivityInvoicesService, MoneyEventsHandler, InvoicesForPayment,
  ],
  exports: [InvoicesForPayment],
})
export class BillingModule {}
