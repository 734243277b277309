import { randomUUID } from 'node:crypto';
import { billedService, Office, runBilling } from '../factories/billing.factory';
import { CreatedFamily, guardianOf, newFamily } from '../factories/family.factory';
import { addDays, Catalogue, Headers, inDays, newCatalogue, nextWeekday } from '../factories/reservations.factory';
import type { TestApp } from '../support/test-app';

/**
 * Helpers of the PDF, unpaid and exports tests: invoices made by a real billing run over units put
 * straight into billing's projection (no event consumer needed), and the payments, allocations and
 * credit notes another part of billing records, inserted with SQL as their migration defines them.
 */

export interface InvoicedFamily {
  family: CreatedFamily;
  guardian: Headers;
  invoiceId: string;
  number: string;
  totalCents: number;
}

/** A family with a guardian signed in (an account: messages go to them), its address on file. */
export async function familyWithAddress(t: TestApp): Promise<{ family: CreatedFamily; guardian: Headers }> {
  const family = await newFamily(t);
  const guardian = (await guardianOf(t, family, 0)).headers;
  const res = await t.inject({
    method: 'PATCH',
    url: '/api/family/file',
    headers: guardian,
    payload: { address: { line1: '12 rue de Paris', line2: 'Bâtiment B', postcode: '60400', city: 'Noyon' }, consent: { accepted: true, version: 1 } },
  });
  if (res.statusCode !== 200) throw new Error(`address: ${res.statusCode} ${res.body}`);
  return { family, guardian };
}

/**
 * An office billing a new canteen at 4,00 € a day (no quotient on file), and one invoice per family
 * given: `days[n]` booked days for the family's n-th child (Léo, then Inès).
 */
export async function invoicedFamilies(t: TestApp, staff: Headers, plans: number[][]): Promise<{ office: Office; catalogue: Catalogue; invoiced: InvoicedFamily[] }> {
  const catalogue = await newCatalogue(t, staff);
  const office = await billedService(t, staff, catalogue, {});
  const monday = nextWeekday(inDays(10), 1);
  const days = Array.from({ length: 10 }, (_, i) => addDays(monday, i));
  const families = [];
  for (const plan of plans) {
    const f = await familyWithAddress(t);
    for (const [n, count] of plan.entries()) {
      await t.dataSource.query(
        `INSERT INTO billing.unit (child_id, service_id, day, family_id, establishment_id, booked)
         SELECT $1, $2, d, $3, $4, true FROM unnest($5::date[]) d`,
        [f.family.children[n].id, catalogue.service.id, f.family.id, catalogue.establishment.id, days.slice(0, count)],
      );
    }
    families.push(f);
  }
  const run = await runBilling(t, staff, { officeId: office.id, from: days[0], to: days[days.length - 1], label: 'Novembre 2026' });
  if (run.statusCode !== 200) throw new Error(`run: ${run.statusCode} ${run.body}`);
  const invoiced: InvoicedFamily[] = [];
  for (const f of families) {
    const [invoice] = await t.dataSource.query(`SELECT id, number, total_cents AS "totalCents" FROM billing.invoice WHERE family_id = $1 AND office_id = $2`, [f.family.id, office.id]);
    invoiced.push({ ...f, invoiceId: invoice.id, number: invoice.number, totalCents: invoice.totalCents });
  }
  return { office, catalogue, invoiced };
}

/** A payment of the family, allocated (in part) to the invoice, as the payments part of billing records it. */
export async function recordPayment(
  t: TestApp,
  p: { familyId: string; officeId: string | null; amountCents: number; method?: string; reference?: string | null; receivedOn: string; allocations: { invoiceId: string; amountCents: number }[] },
): Promise<string> {
  const [payment] = await t.dataSource.query(
    `INSERT INTO billing.payment (family_id, office_id, amount_cents, method, reference, received_on) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [p.familyId, p.officeId, p.amountCents, p.method ?? 'cheque', p.reference ?? null, p.receivedOn],
  );
  for (const a of p.allocations) {
    await t.dataSource.query(`INSERT INTO billing.allocation (invoice_id, payment_id, amount_cents) VALUES ($1, $2, $3)`, [a.invoiceId, payment.id, a.amountCents]);
    await t.dataSource.query(`UPDATE billing.invoice SET settled_cents = settled_cents + $2 WHERE id = $1`, [a.invoiceId, a.amountCents]);
  }
  return payment.id;
}

/** A credit note on the invoice (next number of the office's series), allocated to it up to `allocatedCents`. */
export async function recordCreditNote(t: TestApp, c: { officeId: string; officeCode: string; familyId: string; invoiceId: string; amountCents: number; allocatedCents: number; reason: string; cancels?: boolean }): Promise<string> {
  const year = new Date().getFullYear();
  const [{ seq }] = await t.dataSource.query(
    `INSERT INTO billing.number_series AS s (office_id, kind, year, last) VALUES ($1, 'credit-note', $2, 1)
     ON CONFLICT (office_id, kind, year) DO UPDATE SET last = s.last + 1 RETURNING last AS seq`,
    [c.officeId, year],
  );
  const [note] = await t.dataSource.query(
    `INSERT INTO billing.credit_note (office_id, family_id, number, year, seq, invoice_id, amount_cents, reason, cancels, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, number`,
    [c.officeId, c.familyId, `AV-${c.officeCode}-${year}-${String(seq).padStart(6, '0')}`, year, seq, c.invoiceId, c.amountCents, c.reason, c.cancels ?? false, randomUUID()],
  );
  if (c.allocatedCents > 0) {
    await t.dataSource.query(`INSERT INTO billing.allocation (invoice_id, credit_note_id, amount_cents) VALUES ($1, $2, $3)`, [c.invoiceId, note.id, c.allocatedCents]);
    await t.dataSource.query(`UPDATE billing.invoice SET settled_cents = settled_cents + $2 WHERE id = $1`, [c.invoiceId, c.allocatedCents]);
  }
  return note.number;
}

/** Amounts as `euros()` prints them, with the no-break spaces the PDF's fonts know. */
export const pdfEuros = (text: string) => text.replace(/\u202f/g, '\u00a0');
