import { randomUUID } from 'node:crypto';
import { DomainEvent, DomainEventCatalog, EventConsumers, EventType } from '../../src/platform/events';
import type { TestApp } from '../support/test-app';
import { billedService, runBilling } from './billing.factory';
import { guardianOf, newFamily, type CreatedFamily } from './family.factory';
import { addDays, Catalogue, Headers, newCatalogue } from './reservations.factory';

/** A catalogue whose service a new office bills (4,00 € a day for a family without quotient). */
export async function billedCatalogue(t: TestApp, staff: Headers): Promise<Catalogue & { office: { id: string; code: string; name: string } }> {
  const c = await newCatalogue(t, staff);
  return { ...c, office: await billedService(t, staff, c) };
}

export interface Payer {
  family: CreatedFamily;
  guardian: Headers;
}

export async function payer(t: TestApp): Promise<Payer> {
  const family = await newFamily(t);
  return { family, guardian: (await guardianOf(t, family, 0)).headers };
}

export interface InvoiceRef {
  id: string;
  number: string;
  totalCents: number;
}

let dayCursor = 0;

/**
 * An invoice of `days` booked days (4,00 € each) for the family's first child, by a billing run of
 * the catalogue's office over those days only (billing's projection written as its consumer would;
 * each call takes days no other call took, so that a run bills only its own).
 */
export async function invoiceOf(t: TestApp, staff: Headers, c: Catalogue & { office: { id: string } }, family: CreatedFamily, days: number): Promise<InvoiceRef> {
  const first = addDays(c.period.startsOn, (dayCursor += days + 1) - days - 1);
  const list = Array.from({ length: days }, (_, i) => addDays(first, i));
  await t.dataSource.query(
    `INSERT INTO billing.unit (child_id, service_id, day, family_id, establishment_id, booked) SELECT $1, $2, d, $3, $4, true FROM unnest($5::date[]) d`,
    [family.children[0].id, c.service.id, family.id, c.establishment.id, list],
  );
  const res = await runBilling(t, staff, { officeId: c.office.id, from: list[0], to: list.at(-1)! });
  if (res.statusCode !== 200 || res.json().invoices !== 1) throw new Error(`invoiceOf: ${res.statusCode} ${res.body}`);
  const [row] = await t.dataSource.query(`SELECT id, number, total_cents AS "totalCents" FROM billing.invoice WHERE run_id = $1`, [res.json().runId]);
  return row;
}

export function pay(t: TestApp, staff: Headers, body: Record<string, unknown>) {
  return t.inject({ method: 'POST', url: '/api/staff/billing/payments', headers: staff, payload: { method: 'cheque', receivedOn: new Date().toISOString().slice(0, 10), ...body } });
}

export async function invoiceState(t: TestApp, id: string): Promise<{ totalCents: number; settledCents: number; cancelled: boolean }> {
  const [row] = await t.dataSource.query(
    `SELECT total_cents AS "totalCents", settled_cents AS "settledCents", cancelled_at IS NOT NULL AS cancelled FROM billing.invoice WHERE id = $1`,
    [id],
  );
  return row;
}

export async function balanceOf(t: TestApp, staff: Headers, familyId: string, at?: string) {
  const res = await t.inject({ method: 'GET', url: `/api/staff/billing/families/${familyId}/balance${at ? `?at=${at}` : ''}`, headers: staff });
  if (res.statusCode !== 200) throw new Error(`balance: ${res.statusCode} ${res.body}`);
  return res.json();
}

/**
 * The reconciliation invariant, for every family of the database: Σ invoices − Σ credit notes −
 * Σ payments + Σ refunds = Σ remaining due of open invoices − family credit; and every stored sum
 * matches its rows (an invoice's settled amount = its allocations, a payment's or credit note's used
 * amount = its allocations + refunds, never beyond their totals). Returns the families that break it.
 */
export async function unreconciled(t: TestApp): Promise<unknown[]> {
  return t.dataSource.query(`
    WITH fam AS (
      SELECT family_id FROM billing.invoice UNION SELECT family_id FROM billing.payment UNION SELECT family_id FROM billing.credit_note),
    f AS (
      SELECT fam.family_id,
        (SELECT coalesce(sum(total_cents), 0) FROM billing.invoice WHERE family_id = fam.family_id)
          - (SELECT coalesce(sum(amount_cents), 0) FROM billing.credit_note WHERE family_id = fam.family_id)
          - (SELECT coalesce(sum(amount_cents), 0) FROM billing.payment WHERE family_id = fam.family_id)
          + (SELECT coalesce(sum(amount_cents), 0) FROM billing.refund WHERE family_id = fam.family_id) AS balance,
        (SELECT coalesce(sum(total_cents - settled_cents), 0) FROM billing.invoice WHERE family_id = fam.family_id) AS due,
        (SELECT coalesce(sum(amount_cents - used_cents), 0) FROM billing.payment WHERE family_id = fam.family_id)
          + (SELECT coalesce(sum(amount_cents - used_cents), 0) FROM billing.credit_note WHERE family_id = fam.family_id) AS credit
      FROM fam)
    SELECT 'family' AS what, family_id::text AS id, balance::text, due::text, credit::text FROM f WHERE balance <> due - credit
    UNION ALL
    SELECT 'invoice', i.id::text, i.settled_cents::text, (SELECT coalesce(sum(amount_cents), 0) FROM billing.allocation a WHERE a.invoice_id = i.id)::text, i.total_cents::text
    FROM billing.invoice i WHERE i.settled_cents <> (SELECT coalesce(sum(amount_cents), 0) FROM billing.allocation a WHERE a.invoice_id = i.id)
       OR i.settled_cents > i.total_cents OR (i.cancelled_at IS NOT NULL AND i.settled_cents <> i.total_cents)
    UNION ALL
    SELECT 'payment', p.id::text, p.used_cents::text,
           ((SELECT coalesce(sum(amount_cents), 0) FROM billing.allocation a WHERE a.payment_id = p.id) + (SELECT coalesce(sum(amount_cents), 0) FROM billing.refund r WHERE r.payment_id = p.id))::text, p.amount_cents::text
    FROM billing.payment p
    WHERE p.used_cents <> (SELECT coalesce(sum(amount_cents), 0) FROM billing.allocation a WHERE a.payment_id = p.id) + (SELECT coalesce(sum(amount_cents), 0) FROM billing.refund r WHERE r.payment_id = p.id)
       OR p.used_cents > p.amount_cents
    UNION ALL
    SELECT 'credit-note', c.id::text, c.used_cents::text,
           ((SELECT coalesce(sum(amount_cents), 0) FROM billing.allocation a WHERE a.credit_note_id = c.id) + (SELECT coalesce(sum(amount_cents), 0) FROM billing.refund r WHERE r.credit_note_id = c.id))::text, c.amount_cents::text
    FROM billing.credit_note c
    WHERE c.used_cents <> (SELECT coalesce(sum(amount_cents), 0) FROM billing.allocation a WHERE a.credit_note_id = c.id) + (SELECT coalesce(sum(amount_cents), 0) FROM billing.refund r WHERE r.credit_note_id = c.id)
       OR c.used_cents > c.amount_cents`);
}

/** The invariant holds in the database and in the family's balance as the API shows it (today). */
export async function expectReconciled(t: TestApp, staff: Headers, familyIds: string[] = []): Promise<void> {
  expect(await unreconciled(t)).toEqual([]);
  for (const familyId of familyIds) {
    const b = await balanceOf(t, staff, familyId);
    const signed = b.movements.reduce((s: number, m: { signedCents: number }) => s + m.signedCents, 0);
    expect({ balance: b.balanceCents, signed, invariant: b.dueCents - b.creditCents, total: b.invoicedCents - b.creditNotesCents - b.paidCents + b.refundedCents }).toEqual({
      balance: b.balanceCents,
      signed: b.balanceCents,
      invariant: b.balanceCents,
      total: b.balanceCents,
    });
  }
}

/** Delivers an event to one billing handler directly, as a consumer would (inbox included): for orders the queue would not guarantee. */
export async function deliver<T extends EventType>(t: TestApp, handler: string, type: T, payload: DomainEventCatalog[T], eventId: string = randomUUID()) {
  const event = { id: eventId, type, version: 1, occurredAt: new Date().toISOString(), aggregateId: 'test', payload } as DomainEvent;
  return t.app.get(EventConsumers).deliver({ event, handler });
}

export const events = (t: TestApp, type: string, familyId: string) =>
  t.dataSource.query(`SELECT payload FROM platform.outbox_event WHERE type = $1 AND payload->>'familyId' = $2 ORDER BY position`, [type, familyId]).then((rows: { payload: Record<string, unknown> }[]) => rows.map((r) => r.payload));
