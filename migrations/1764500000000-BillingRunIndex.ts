import { MigrationInterface, QueryRunner } from 'typeorm';

/** billing: a run's invoices are read by run (its issued events, the staff's `invoices?runId=`). */
export class BillingRunIndex1764500000000 implements MigrationInterface {
  name = 'BillingRunIndex1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX invoice_run ON billing.invoice (run_id) WHERE run_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX billing.invoice_run`);
  }
}
