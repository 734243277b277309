import { todayInParis } from '../../src/platform/dates';
import { euros } from '../../src/modules/billing/domain/money';
import { renderInvoicePdf } from '../../src/modules/billing/infrastructure/invoice-pdf.renderer';
import { staffHeaders, Headers } from '../factories/reservations.factory';
import { pdfText } from '../support/pdf-text';
import { startTestApp, TestApp } from '../support/test-app';
import { invoicedFamilies, pdfEuros, recordCreditNote, recordPayment } from './follow-up.support';

/**
 * The invoice PDF: French, the office as issuer, the family as addressee, the lines, the totals, how
 * to pay and the legal mentions; downloaded by the family's guardians (another family's: 404) and
 * by staff; kept, and drawn again when a payment changes what it says.
 */
describe('invoice PDF', () => {
  let t: TestApp;
  let staff: Headers;

  beforeAll(async () => {
    t = await startTestApp({ role: 'api' });
    staff = await staffHeaders(t);
  });
  afterAll(() => t?.close());

  const download = (url: string, headers: Headers) => t.inject({ method: 'GET', url, headers });
  const kept = (invoiceId: string) => t.dataSource.query(`SELECT content_hash AS hash, generated_at AS at FROM billing.invoice_pdf WHERE invoice_id = $1`, [invoiceId]);

  it('gives the family its invoice as a PDF that says who bills whom, what, how much is left and how to pay', async () => {
    const { office, invoiced } = await invoicedFamilies(t, staff, [[3, 2], [1]]);
    const [a, b] = invoiced;

    const res = await download(`/api/billing/invoices/${a.invoiceId}/pdf`, a.guardian);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="facture-${a.number}.pdf"`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const text = pdfText(res.rawPayload);
    for (const expected of [
      'Commune de Noyon — Régie de la restauration',
      'Régie : Restauration scolaire',
      'Place Bertrand Labarre, 60400 Noyon',
      'SIRET : 21600471300018',
      'FACTURE',
      `N° ${a.number}`,
      `Émise le ${todayInParis().split('-').reverse().join('/')}`,
      'Marie Dupont et Karim Dupont',
      '12 rue de Paris',
      'Bâtiment B',
      '60400 Noyon',
      `Référence famille : ${a.family.reference}`,
      'Restauration scolaire — Novembre 2026',
      'Léo Dupont',
      'Inès Dupont',
      'Restauration scolaire (jour)',
      pdfEuros(euros(400)),
      pdfEuros(euros(1200)),
      pdfEuros(euros(800)),
      'Total de la facture',
      'Restant dû',
      pdfEuros(euros(2000)),
      `${t.config.publicUrl}/factures/${a.invoiceId}`,
      'TVA non applicable — article 256 B du code général des impôts',
      'article L. 1617-5 du code général des collectivités territoriales',
      `Facture ${a.number} — page 1 sur 1`,
    ]) {
      expect(text).toContain(expected);
    }
    // the lines: child, designation, quantity, unit price, amount, in this order
    expect(text).toContain(['Léo Dupont', 'Restauration scolaire (jour)', '3', pdfEuros(euros(400)), pdfEuros(euros(1200))].join('\n'));
    expect(text).toContain(['Inès Dupont', 'Restauration scolaire (jour)', '2', pdfEuros(euros(400)), pdfEuros(euros(800))].join('\n'));
    // nothing of the child files' health data, nothing of the other family
    expect(text).not.toMatch(/\bPAI\b|régime|allerg/);
    expect(text).not.toContain(b.number);

    // staff download the same document
    const asStaff = await download(`/api/staff/billing/invoices/${a.invoiceId}/pdf`, staff);
    expect(asStaff.statusCode).toBe(200);
    expect(asStaff.headers['content-type']).toBe('application/pdf');
    expect(asStaff.rawPayload.equals(res.rawPayload)).toBe(true);
    expect(office.code).toBeTruthy();
  });

  it('answers 404 to another family’s invoice and to an unknown one, and draws nothing for them', async () => {
    const { invoiced } = await invoicedFamilies(t, staff, [[1], [1]]);
    const [a, b] = invoiced;
    const res = await download(`/api/billing/invoices/${b.invoiceId}/pdf`, a.guardian);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'billing.invoice-not-found' });
    expect(res.body).not.toContain(b.number);
    expect(await kept(b.invoiceId)).toEqual([]);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await download(`/api/billing/invoices/${unknown}/pdf`, a.guardian)).statusCode).toBe(404);
    expect((await download(`/api/staff/billing/invoices/${unknown}/pdf`, staff)).statusCode).toBe(404);
    expect((await download(`/api/billing/invoices/not-a-uuid/pdf`, a.guardian)).statusCode).toBe(400);
  });

  it('keeps the PDF, and draws it again when a payment or a credit note changes what it says', async () => {
    const { office, invoiced } = await invoicedFamilies(t, staff, [[5]]);
    const [a] = invoiced;
    const first = await download(`/api/billing/invoices/${a.invoiceId}/pdf`, a.guardian);
    const [kept1] = await kept(a.invoiceId);
    const again = await download(`/api/billing/invoices/${a.invoiceId}/pdf`, a.guardian);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(await kept(a.invoiceId)).toEqual([kept1]);

    await recordPayment(t, { familyId: a.family.id, officeId: office.id, amountCents: 500, method: 'cheque', reference: '1234567', receivedOn: todayInParis(), allocations: [{ invoiceId: a.invoiceId, amountCents: 500 }] });
    const creditNote = await recordCreditNote(t, { officeId: office.id, officeCode: office.code, familyId: a.family.id, invoiceId: a.invoiceId, amountCents: 400, allocatedCents: 400, reason: 'Repas non servi' });
    const after = await download(`/api/billing/invoices/${a.invoiceId}/pdf`, a.guardian);
    expect(after.rawPayload.equals(first.rawPayload)).toBe(false);
    const [kept2] = await kept(a.invoiceId);
    expect(kept2.hash).not.toBe(kept1.hash);
    const text = pdfText(after.rawPayload);
    expect(text).toContain('Règlements reçus');
    expect(text).toContain(`Chèque n° 1234567 : ${pdfEuros(euros(500))}`);
    expect(text).toContain(`Avoir ${creditNote} : ${pdfEuros(euros(400))}`);
    expect(text).toContain(['Déjà réglé (paiements et avoirs)', pdfEuros(euros(900))].join('\n'));
    expect(text).toContain(['Restant dû', pdfEuros(euros(2000 - 900))].join('\n'));

    // paid in full: no "how to pay" any more
    await recordPayment(t, { familyId: a.family.id, officeId: office.id, amountCents: 1100, method: 'online', reference: 'PAYFIP-1', receivedOn: todayInParis(), allocations: [{ invoiceId: a.invoiceId, amountCents: 1100 }] });
    const paid = pdfText((await download(`/api/staff/billing/invoices/${a.invoiceId}/pdf`, staff)).rawPayload);
    expect(paid).toContain(['Restant dû', pdfEuros(euros(0))].join('\n'));
    expect(paid).toContain(`Paiement en ligne : ${pdfEuros(euros(1100))}`);
    expect(paid).not.toContain('Comment payer');
  });

  it('numbers the pages of a long invoice and writes what the standard fonts cannot as close as they can', async () => {
    const lines = Array.from({ length: 45 }, (_, i) => ({ childName: `Enfant ${i + 1}`, designation: 'Accueil périscolaire du soir (heure)', quantity: 2.5, unitPriceCents: 180, amountCents: 450 }));
    const pdf = await renderInvoicePdf({
      issuer: { legalName: 'Commune de Łódź-sur-Oise', officeName: 'Périscolaire', address: '1 place de la Mairie', siret: null, email: null, phone: null },
      addressee: { names: ['Ana Dupont'], reference: null, addressLines: [] },
      number: 'PERI-2026-000001',
      label: 'Périscolaire — Novembre 2026',
      issuedOn: '2026-11-30',
      dueOn: '2026-12-30',
      periodFrom: '2026-11-01',
      periodTo: '2026-11-30',
      cancelled: null,
      lines,
      totalCents: 45 * 450,
      paidCents: 0,
      remainingCents: 45 * 450,
      settlements: [],
      paymentInstructions: null,
      portalUrl: 'http://localhost:3000/factures/x',
    });
    const text = pdfText(pdf);
    expect(text).toContain('Facture PERI-2026-000001 — page 1 sur 2');
    expect(text).toContain('Facture PERI-2026-000001 — page 2 sur 2');
    expect(text).toContain('Enfant 45');
    expect(text).toContain('2,5');
    expect(text).toContain('Commune de Lódz-sur-Oise');
    expect(text).toContain(pdfEuros(euros(45 * 450)));
  });
});
