import { todayInParis } from '../../src/platform/dates';
import { addDays, Headers, staffHeaders } from '../factories/reservations.factory';
import { startTestApp, TestApp } from '../support/test-app';
import { invoicedFamilies, InvoicedFamily, recordCreditNote, recordPayment } from './follow-up.support';

/**
 * Accounting exports of an office over a period (CSV for a spreadsheet) and their reconciliation:
 * invoices − credit notes − payments of the period = change of the sum of the families' balances.
 * Payments, allocations and credit notes are inserted with SQL as their migration defines them.
 */
describe('accounting exports', () => {
  let t: TestApp;
  let staff: Headers;
  const today = todayInParis();
  const fr = (d: string) => d.split('-').reverse().join('/');
  let office: { id: string; code: string };
  let a: InvoicedFamily;
  let b: InvoicedFamily;
  let creditNote: string;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    staff = await staffHeaders(t);
    // A: 3 days (12,00 €), B: 2 days (8,00 €)
    const made = await invoicedFamilies(t, staff, [[3], [2]]);
    office = made.office;
    [a, b] = made.invoiced;
    // A pays 5,00 € by cheque (a reference that looks like a formula) and gets a credit note of 1,00 €;
    // B pays 10,00 € by transfer: 8,00 € settle its invoice, 2,00 € are its credit
    await recordPayment(t, { familyId: a.family.id, officeId: office.id, amountCents: 500, method: 'cheque', reference: "=cmd|' /C calc'!A0", receivedOn: today, allocations: [{ invoiceId: a.invoiceId, amountCents: 500 }] });
    await recordPayment(t, { familyId: b.family.id, officeId: office.id, amountCents: 1000, method: 'transfer', reference: 'VIR 2026-11', receivedOn: today, allocations: [{ invoiceId: b.invoiceId, amountCents: 800 }] });
    creditNote = await recordCreditNote(t, { officeId: office.id, officeCode: office.code, familyId: a.family.id, invoiceId: a.invoiceId, amountCents: 100, allocatedCents: 100, reason: '-1 repas : sortie scolaire; "pique-nique"' });
    await t.dataSource.query(`INSERT INTO billing.reminder (invoice_id, rank) VALUES ($1, 1)`, [a.invoiceId]);
  });
  afterAll(() => t?.close());

  const csv = async (kind: string, from = today, to = today) => {
    const res = await t.inject({ method: 'GET', url: `/api/staff/billing/exports/${kind}?officeId=${office.id}&from=${from}&to=${to}`, headers: staff });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const body = res.rawPayload.toString('utf8');
    expect(body.startsWith('\uFEFF')).toBe(true);
    expect(body.endsWith('\r\n')).toBe(true);
    return { disposition: res.headers['content-disposition'], lines: body.slice(1).trimEnd().split('\r\n') };
  };
  const reconciliation = async (from = today, to = today) => {
    const res = await t.inject({ method: 'GET', url: `/api/staff/billing/exports/reconciliation?officeId=${office.id}&from=${from}&to=${to}`, headers: staff });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('exports the invoices of the period with a totals line', async () => {
    const { disposition, lines } = await csv('invoices');
    expect(disposition).toBe(`attachment; filename="factures-${office.code}-${today}-${today}.csv"`);
    expect(lines[0]).toBe('Numéro;Émise le;Échéance;Référence famille;Responsables;Libellé;Période du;Période au;Montant (€);Réglé (€);Restant dû (€);État;Annulée le');
    expect(lines).toHaveLength(4);
    const due = fr(addDays(today, 30));
    expect(lines).toContain(`${a.number};${fr(today)};${due};${a.family.reference};Marie Dupont et Karim Dupont;Restauration scolaire — Novembre 2026;${lines[1].split(';')[6]};${lines[1].split(';')[7]};12,00;6,00;6,00;Partiellement payée;`);
    expect(lines).toContain(`${b.number};${fr(today)};${due};${b.family.reference};Marie Dupont et Karim Dupont;Restauration scolaire — Novembre 2026;${lines[1].split(';')[6]};${lines[1].split(';')[7]};8,00;8,00;0,00;Payée;`);
    expect(lines[3]).toBe('Total (2 factures);;;;;;;;20,00;14,00;6,00;;');
  });

  it('exports the payments, neutralising what a spreadsheet would run', async () => {
    const { lines } = await csv('payments');
    expect(lines[0]).toBe('Reçu le;Référence famille;Responsables;Mode de règlement;Référence du règlement;Montant (€);Affecté aux factures (€);Non affecté, crédit de la famille (€);Factures réglées');
    expect(lines).toContain(`${fr(today)};${a.family.reference};Marie Dupont et Karim Dupont;Chèque;'=cmd|' /C calc'!A0;5,00;5,00;0,00;${a.number}`);
    expect(lines).toContain(`${fr(today)};${b.family.reference};Marie Dupont et Karim Dupont;Virement;VIR 2026-11;10,00;8,00;2,00;${b.number}`);
    expect(lines[3]).toBe('Total (2 règlements);;;;;15,00;13,00;2,00;');
  });

  it('exports the credit notes with their reason, quoted and neutralised', async () => {
    const { lines } = await csv('credit-notes');
    expect(lines).toEqual([
      'Numéro;Date;Facture;Référence famille;Responsables;Montant (€);Annulation de la facture;Motif',
      `${creditNote};${fr(today)};${a.number};${a.family.reference};Marie Dupont et Karim Dupont;1,00;Non;"'-1 repas : sortie scolaire; ""pique-nique"""`,
      'Total (1 avoir);;;;;1,00;;',
    ]);
  });

  it('exports the unpaid invoices for the public accountant, with the debtors’ address and the reminders', async () => {
    const { disposition, lines } = await csv('unpaid');
    expect(disposition).toBe(`attachment; filename="impayes-${office.code}-${today}-${today}.csv"`);
    expect(lines).toEqual([
      'Numéro;Libellé;Émise le;Échéance;Jours de retard;Débiteurs;Adresse;Complément d’adresse;Code postal;Ville;Référence famille;Montant (€);Réglé (€);Restant dû (€);Relances envoyées;Dernière relance',
      `${a.number};Restauration scolaire — Novembre 2026;${fr(today)};${fr(addDays(today, 30))};0;Marie Dupont et Karim Dupont;12 rue de Paris;Bâtiment B;60400;Noyon;${a.family.reference};12,00;6,00;6,00;1;${fr(today)}`,
      'Total (1 facture);;;;;;;;;;;12,00;6,00;6,00;;',
    ]);
  });

  it('exports nothing but the headers and zero totals for a period without movements', async () => {
    const later = addDays(today, 40);
    expect((await csv('invoices', later, later)).lines).toEqual([expect.stringMatching(/^Numéro;/), 'Total (0 facture);;;;;;;;0,00;0,00;0,00;;']);
    expect(await reconciliation(later, later)).toMatchObject({ invoicesCents: 0, creditNotesCents: 0, paymentsCents: 0, netCents: 0, balancesChangeCents: 0, openingBalancesCents: 400, closingBalancesCents: 400, reconciled: true });
  });

  it('reconciles: invoices − credit notes − payments = the change of the families’ balances', async () => {
    const r = await reconciliation();
    // A owes 12 − 5 − 1 = 6,00 €; B has a credit of 2,00 €
    expect(r).toEqual({
      officeId: office.id, from: today, to: today,
      invoicesCents: 2000, creditNotesCents: 100, paymentsCents: 1500, refundsCents: 0, netCents: 400,
      openingBalancesCents: 0, closingBalancesCents: 400, balancesChangeCents: 400, families: 2,
      settledMismatches: 0, overAllocated: 0, reconciled: true,
    });

    // a payment without an office counts for the office of the invoices it settles; still reconciled
    await recordPayment(t, { familyId: b.family.id, officeId: null, amountCents: 300, method: 'online', receivedOn: today, allocations: [] });
    const c = await recordPayment(t, { familyId: a.family.id, officeId: null, amountCents: 250, method: 'online', receivedOn: today, allocations: [{ invoiceId: a.invoiceId, amountCents: 250 }] });
    expect(c).toBeTruthy();
    expect(await reconciliation()).toMatchObject({ paymentsCents: 1750, netCents: 150, closingBalancesCents: 150, reconciled: true });

    // B's credit of 2,00 € refunded by staff (through the API): the balances and the period still agree
    const [creditOfB] = await t.dataSource.query(`SELECT id FROM billing.payment WHERE family_id = $1 AND office_id IS NOT NULL ORDER BY received_on LIMIT 1`, [b.family.id]);
    const refund = await t.inject({ method: 'POST', url: '/api/staff/billing/refunds', headers: staff, payload: { paymentId: creditOfB.id, amountCents: 200, method: 'transfer', refundedOn: today, reason: 'Trop-perçu' } });
    expect(refund.statusCode).toBe(201);
    expect(await reconciliation()).toMatchObject({ refundsCents: 200, netCents: 350, closingBalancesCents: 350, reconciled: true });

    // an invoice whose settled amount drifted from its allocations is caught
    await t.dataSource.query(`UPDATE billing.invoice SET settled_cents = settled_cents - 100 WHERE id = $1`, [b.invoiceId]);
    expect(await reconciliation()).toMatchObject({ settledMismatches: 1, reconciled: false });
    await t.dataSource.query(`UPDATE billing.invoice SET settled_cents = settled_cents + 100 WHERE id = $1`, [b.invoiceId]);

    // an allocation dated before its payment was received breaks the balances of the day before
    await recordPayment(t, { familyId: a.family.id, officeId: office.id, amountCents: 100, receivedOn: addDays(today, 1), allocations: [{ invoiceId: a.invoiceId, amountCents: 100 }] });
    const broken = await reconciliation();
    expect(broken.netCents).not.toBe(broken.balancesChangeCents);
    expect(broken.reconciled).toBe(false);
    expect(await reconciliation(today, addDays(today, 1))).toMatchObject({ paymentsCents: 1850, reconciled: true });
  });

  it('refuses a bad period or office, naming the field', async () => {
    const get = (query: string) => t.inject({ method: 'GET', url: `/api/staff/billing/exports/invoices?${query}`, headers: staff });
    const bad = await get(`officeId=${office.id}&from=${today}&to=${addDays(today, -1)}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'to' })]);
    const missing = await get(`from=${today}&to=2026-02-30`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['officeId', 'to']);
    expect((await get(`officeId=00000000-0000-4000-8000-000000000000&from=${today}&to=${today}`)).statusCode).toBe(404);
  });
});
