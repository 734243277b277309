import { Module } from '@nestjs/common';

/** Prices, billing runs, gap-free invoices, credit notes, manual payments, unpaid follow-up (schema `billing`). */
@Module({})
export class BillingModule {}
