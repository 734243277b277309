import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../platform/database/transaction-host';

export interface SettlementRow {
  on: string;
  /** a payment's method, or null for a credit note */
  method: string | null;
  reference: string | null;
  creditNoteNumber: string | null;
  amountCents: number;
}

/** What settled an invoice (billing.allocation with its payment or credit note), and the kept PDFs (billing.invoice_pdf). */
@Injectable()
export class InvoicePdfRepository {
  constructor(private readonly txHost: TransactionHost) {}

  /** Payments and credit notes allocated to the invoice, in the order they were. */
  async settlements(invoiceId: string): Promise<SettlementRow[]> {
    return this.txHost.tx.query(
      `SELECT to_char(coalesce(p.received_on, (cn.created_at AT TIME ZONE 'Europe/Paris')::date), 'YYYY-MM-DD') AS "on",
              p.method, p.reference, cn.number AS "creditNoteNumber", a.amount_cents AS "amountCents"
       FROM billing.allocation a
       LEFT JOIN billing.payment p ON p.id = a.payment_id
       LEFT JOIN billing.credit_note cn ON cn.id = a.credit_note_id
       WHERE a.invoice_id = $1 ORDER BY a.created_at, a.id`,
      [invoiceId],
    );
  }

  /** The credit note that cancelled the invoice, if any. */
  async cancellingCreditNote(invoiceId: string): Promise<string | null> {
    const [row] = await this.txHost.tx.query(`SELECT number FROM billing.credit_note WHERE invoice_id = $1 AND cancels ORDER BY created_at LIMIT 1`, [invoiceId]);
    return row?.number ?? null;
  }

  /** The kept PDF, if it was made from content with this hash. */
  async kept(invoiceId: string, hash: string): Promise<Buffer | undefined> {
    const [row] = await this.txHost.tx.query(`SELECT pdf FROM billing.invoice_pdf WHERE invoice_id = $1 AND content_hash = $2`, [invoiceId, hash]);
    return row?.pdf;
  }

  /** Keeps the PDF of the invoice (replaces an older one). */
  async keep(invoiceId: string, hash: string, pdf: Buffer): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO billing.invoice_pdf (invoice_id, content_hash, pdf) VALUES ($1, $2, $3)
       ON CONFLICT (invoice_id) DO UPDATE SET content_hash = EXCLUDED.content_hash, pdf = EXCLUDED.pdf, generated_at = now()
       WHERE billing.invoice_pdf.content_hash <> EXCLUDED.content_hash`,
      [invoiceId, hash, pdf],
    );
  }
}
