import { BeforeApplicationShutdown, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { FamilyModule } from '../family';
import { ReservationsModule } from '../reservations';
import { BillingRunService } from './application/billing-run.service';
import { ExportsService } from './application/exports.service';
import { InvoicePdfService } from './application/invoice-pdf.service';
import { InvoiceReminders } from './application/invoice-reminders';
import { InvoicesService } from './application/invoices.service';
import { SourceEventsHandler } from './application/on-source-events.handler';
import { SetupService } from './application/setup.service';
import { UnpaidService } from './application/unpaid.service';
import { InvoiceDocumentsController } from './http/invoice-documents.controller';
import { InvoicesController } from './http/invoices.controller';
import { StaffBillingController } from './http/staff-billing.controller';
import { StaffFollowUpController } from './http/staff-follow-up.controller';
import { ExportsRepository } from './infrastructure/exports.repository';
import { FollowUpRepository } from './infrastructure/follow-up.repository';
import { InvoicePdfRepository } from './infrastructure/invoice-pdf.repository';
import { InvoiceRepository } from './infrastructure/invoice.repository';
import { OfficeRepository } from './infrastructure/office.repository';
import { RunRepository } from './infrastructure/run.repository';
import { UnitRepository } from './infrastructure/unit.repository';

/** Prices, billing runs, gap-free invoices, credit notes, manual payments, unpaid follow-up (schema `billing`). See README.md. */
@Module({
  imports: [FamilyModule, ReservationsModule],
  controllers: [InvoicesController, StaffBillingController, InvoiceDocumentsController, StaffFollowUpController],
  providers: [
    OfficeRepository,
    UnitRepository,
    RunRepository,
    InvoiceRepository,
    SetupService,
    BillingRunService,
    InvoicesService,
    SourceEventsHandler,
    // issue 7, items 4 (PDF), 7, 8: documents, unpaid follow-up, exports
    InvoicePdfRepository,
    FollowUpRepository,
    ExportsRepository,
    InvoicePdfService,
    UnpaidService,
    ExportsService,
    InvoiceReminders,
  ],
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
