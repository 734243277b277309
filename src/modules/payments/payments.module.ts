import { Module } from '@nestjs/common';

/** Online payment through PayFiP, the lock against double payment, tickets and history (schema `payments`). */
@Module({})
export class PaymentsModule {}
