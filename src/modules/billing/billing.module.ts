import { Module } from '@nestjs/common';
import { FamilyModule } from '../family';
import { ReservationsModule } from '../reservations';
import { BillingRunService } from './application/billing-run.service';
import { InvoicesService } from './application/invoices.service';
import { SourceEventsHandler } from './application/on-source-events.handler';
import { SetupService } from './application/setup.service';
import { InvoicesController } from './http/invoices.controller';
import { StaffBillingController } from './http/staff-billing.controller';
import { InvoiceRepository } from './infrastructure/invoice.repository';
import { OfficeRepository } from './infrastructure/office.repository';
import { RunRepository } from './infrastructure/run.repository';
import { UnitRepository } from './infrastructure/unit.repository';

/** Prices, billing runs, gap-free invoices, credit notes, manual payments, unpaid follow-up (schema `billing`). See README.md. */
@Module({
  imports: [FamilyModule, ReservationsModule],
  controllers: [InvoicesController, StaffBillingController],
  providers: [OfficeRepository, UnitRepository, RunRepository, InvoiceRepository, SetupService, BillingRunService, InvoicesService, SourceEventsHandler],
})
export class BillingModule {}
