import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * billing (issue 7): the invoice PDFs, generated on demand and kept. One per invoice, with a hash of
 * everything it shows (amounts paid, remaining due, the family's address…): when what it would show
 * changes (a payment, a credit note, a new address), the hash differs and it is generated again.
 */
export class BillingDocuments1764400002000 implements MigrationInterface {
  name = 'BillingDocuments1764400002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE billing.invoice_pdf (
        invoice_id   uuid PRIMARY KEY REFERENCES billing.invoice (id),
        -- sha-256 of what the PDF shows (hex)
        content_hash text NOT NULL,
        pdf          bytea NOT NULL,
        generated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing.invoice_pdf`);
  }
}
