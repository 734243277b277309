'use strict';
/**
 * Invoice PDF: Guichet's drawing of an invoice (dist/: layout, French formatting, page numbers, and
 * the content hash that decides whether a kept PDF is still right) against pdfkit alone writing the
 * same texts of the same invoice in flowing text, in the same process, alternating. TARGETS.md: ≤ 2×
 * its time. Database reads of a download (seven short queries) are not counted: they are the
 * same for any renderer; a kept PDF is not drawn at all.
 *
 *   npm run build && node bench/invoice-pdf.js [--rounds=5] [--iterations=200] [--lines=4]
 */
const { createHash } = require('node:crypto');
const path = require('node:path');
const PDFDocument = require('pdfkit');

function option(name, fallback) {
  const flag = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = Number(flag ? flag.slice(name.length + 3) : (process.env[`BENCH_${name.toUpperCase()}`] ?? fallback));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const rounds = option('rounds', 5);
const iterations = option('iterations', 200);
const lineCount = option('lines', 4);

const dist = path.join(__dirname, '..', 'dist', 'src', 'modules', 'billing');
let renderer;
let documentModule;
try {
  renderer = require(path.join(dist, 'infrastructure', 'invoice-pdf.renderer.js'));
  documentModule = require(path.join(dist, 'domain', 'invoice-document.js'));
} catch (err) {
  console.error(`Build first (npm run build): ${err.message}`);
  process.exit(1);
}
const { renderInvoicePdf, RENDERER_VERSION, pdfText } = renderer;
const { euros, frenchDate, frenchQuantity, legalMentions } = documentModule;

const children = ['Léo Dupont', 'Inès Dupont'];
const designations = ['Restauration scolaire (jour)', 'Accueil périscolaire du soir (heure)', 'Majoration absence non justifiée — Restauration scolaire', 'Régularisation (jours modifiés après une facture précédente) — Restauration scolaire'];
const lines = Array.from({ length: lineCount }, (_, i) => ({
  childName: children[i % 2],
  designation: designations[i % designations.length],
  quantity: i % 4 === 1 ? 7.5 : 12,
  unitPriceCents: 350 + 10 * i,
  amountCents: (i % 4 === 1 ? 7.5 : 12) * (350 + 10 * i),
}));
const total = lines.reduce((s, l) => s + l.amountCents, 0);
/** A month of canteen and after-school care for two children, partly paid. */
const invoice = {
  issuer: { legalName: 'Commune de Noyon', officeName: 'Restauration scolaire', address: 'Place Bertrand Labarre, 60400 Noyon', siret: '21600471300018', email: 'regie@noyon.fr', phone: '03 44 93 36 36' },
  addressee: { names: ['Marie Dupont', 'Karim Dupont'], reference: 'F-0042', addressLines: ['12 rue de Paris', 'Bâtiment B', '60400 Noyon'] },
  number: 'REST-2026-000123',
  label: 'Restauration scolaire — Novembre 2026',
  issuedOn: '2026-11-30',
  dueOn: '2026-12-30',
  periodFrom: '2026-11-01',
  periodTo: '2026-11-30',
  cancelled: null,
  lines,
  totalCents: total,
  paidCents: 2000,
  remainingCents: total - 2000,
  settlements: [{ on: '2026-12-02', label: 'Chèque n° 1234567', amountCents: 2000 }],
  paymentInstructions: 'Par chèque à l’ordre du Trésor public, à déposer à la régie, ou en espèces aux heures d’ouverture.',
  portalUrl: 'https://guichet.noyon.fr/factures/5d3c0b1e-1111-4222-8333-944445555666',
};

/** Guichet: what a download does once the invoice is read — hash what it shows, draw it. */
async function guichet() {
  createHash('sha256').update(JSON.stringify({ v: RENDERER_VERSION, document: invoice })).digest('hex');
  return renderInvoicePdf(invoice);
}

/** pdfkit alone: the same texts of the same invoice, one after the other, in flowing text. */
function baseline() {
  const d = invoice;
  const doc = new PDFDocument({ size: 'A4', margin: 50 });
  const chunks = [];
  const done = new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.on('data', (c) => chunks.push(c));
  const t = (s) => pdfText(s);
  doc.font('Helvetica-Bold').fontSize(11).text(t(d.issuer.legalName));
  doc.font('Helvetica').fontSize(9).text(t([`Régie : ${d.issuer.officeName}`, d.issuer.address, `SIRET : ${d.issuer.siret}`, `Courriel : ${d.issuer.email}`, `Téléphone : ${d.issuer.phone}`].join('\n')));
  doc.fontSize(20).text('FACTURE');
  doc.fontSize(10).text(t(`N° ${d.number}\nÉmise le ${frenchDate(d.issuedOn)}\nÀ régler avant le ${frenchDate(d.dueOn)}`));
  doc.text(t([d.addressee.names.join(' et '), ...d.addressee.addressLines, `Référence famille : ${d.addressee.reference}`].join('\n')));
  doc.fontSize(12).text(t(d.label));
  doc.fontSize(10).text(t(`Période : du ${frenchDate(d.periodFrom)} au ${frenchDate(d.periodTo)}`));
  doc.fontSize(9).text(t('Enfant / Désignation / Quantité / Prix unitaire / Montant'));
  for (const l of d.lines) doc.text(t(`${l.childName} ${l.designation} ${frenchQuantity(l.quantity)} ${euros(l.unitPriceCents)} ${euros(l.amountCents)}`));
  doc.fontSize(10).text(t(`Total de la facture ${euros(d.totalCents)}\nDéjà réglé (paiements et avoirs) ${euros(d.paidCents)}\nRestant dû ${euros(d.remainingCents)}`));
  doc.text(t(`Règlements reçus\n${d.settlements.map((s) => `${frenchDate(s.on)} — ${s.label} : ${euros(s.amountCents)}`).join('\n')}`));
  doc.text(t(`Comment payer\nEn ligne, par carte bancaire, sur le portail famille : ${d.portalUrl}\n${d.paymentInstructions}`));
  doc.fontSize(7.5).text(t(legalMentions(d).join('\n')));
  doc.fontSize(8).text(t(`Facture ${d.number} — page 1 sur 1`));
  doc.end();
  return done;
}

async function time(fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / iterations;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const [g, b] = [await guichet(), await baseline()];
  console.log(`invoice of ${lineCount} lines: Guichet ${g.length} bytes, pdfkit alone ${b.length} bytes`);
  // warm-up: JIT and the fonts’ metrics of both, untimed
  for (let i = 0; i < 100; i++) await Promise.all([guichet(), baseline()]);
  const results = { guichet: [], baseline: [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? ['baseline', 'guichet'] : ['guichet', 'baseline'];
    for (const name of order) results[name].push(await time(name === 'guichet' ? guichet : baseline));
    console.log(`round ${r + 1}: Guichet ${results.guichet[r].toFixed(2)} ms, pdfkit alone ${results.baseline[r].toFixed(2)} ms, ratio ${(results.guichet[r] / results.baseline[r]).toFixed(2)}×`);
  }
  const [mg, mb] = [median(results.guichet), median(results.baseline)];
  const ratios = results.guichet.map((g, r) => g / results.baseline[r]);
  console.log(`median per PDF: Guichet ${mg.toFixed(2)} ms, pdfkit alone ${mb.toFixed(2)} ms; ratio of the medians ${(mg / mb).toFixed(2)}×, median of the rounds' ratios ${median(ratios).toFixed(2)}× (target ≤ 2×)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
