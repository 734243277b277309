import PDFDocument from 'pdfkit';
import { euros, frenchDate, frenchQuantity, InvoiceDocument, legalMentions } from '../domain/invoice-document';

/** Bumped when the layout changes: kept PDFs are then generated again (part of the content hash). */
export const RENDERER_VERSION = 1;

// A4 in points, 50 pt margins.
const LEFT = 50;
const RIGHT = 545.28;
const WIDTH = RIGHT - LEFT;
const BOTTOM = 841.89 - 60;
const BLUE = '#1d4f91';
const GREY = '#555555';
/** Lines table: child, designation, quantity, unit price, amount. */
const COLUMNS = [
  { title: 'Enfant', width: 95, align: 'left' as const },
  { title: 'Désignation', width: 200, align: 'left' as const },
  { title: 'Quantité', width: 50, align: 'right' as const },
  { title: 'Prix unitaire', width: 70, align: 'right' as const },
  { title: 'Montant', width: WIDTH - 415, align: 'right' as const },
];

// Characters beyond these are not in the standard fonts' encoding (WinAnsi): pdfkit would write them wrong.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
/** Letters that do not decompose into a base letter and an accent. */
const PLAIN_LETTERS: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', ı: 'i', Ħ: 'H', ħ: 'h' };

/** Text for the standard fonts: French formatting's narrow spaces become no-break spaces; other characters outside WinAnsi lose their accents or become "?". */
export function pdfText(text: string): string {
  let out = '';
  for (const ch of text.replace(/[\u202f\u2009\u2007]/g, '\u00a0')) {
    if (ch.charCodeAt(0) < 0x100 || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else {
      const plain = PLAIN_LETTERS[ch] ?? ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += plain.length === 1 && plain.charCodeAt(0) < 0x100 ? plain : '?';
    }
  }
  return out;
}

/** The invoice as a PDF (A4, French, Helvetica), page numbers at the foot of each page. */
export function renderInvoicePdf(d: InvoiceDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 60, left: LEFT, right: 595.28 - RIGHT },
    bufferPages: true,
    info: { Title: pdfText(`Facture ${d.number}`), Author: pdfText(d.issuer.legalName), Subject: pdfText(d.label), CreationDate: new Date(`${d.issuedOn}T00:00:00Z`) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const text = (value: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}) => pdf.text(pdfText(value), x, y, { lineBreak: true, ...options });

  // ---- issuer (left) and invoice references (right)
  pdf.font('Helvetica-Bold').fontSize(11).fillColor('black');
  text(d.issuer.legalName, LEFT, 50, { width: 260 });
  pdf.font('Helvetica').fontSize(9).fillColor(GREY);
  const issuerLines = [
    `Régie : ${d.issuer.officeName}`,
    d.issuer.address,
    d.issuer.siret ? `SIRET : ${d.issuer.siret}` : null,
    d.issuer.email ? `Courriel : ${d.issuer.email}` : null,
    d.issuer.phone ? `Téléphone : ${d.issuer.phone}` : null,
  ].filter((l): l is string => l !== null);
  text(issuerLines.join('\n'), LEFT, pdf.y + 2, { width: 260 });
  const afterIssuer = pdf.y;

  pdf.font('Helvetica-Bold').fontSize(20).fillColor(BLUE);
  text(d.cancelled ? 'FACTURE ANNULÉE' : 'FACTURE', 320, 50, { width: RIGHT - 320, align: 'right' });
  pdf.font('Helvetica').fontSize(10).fillColor('black');
  text(`N° ${d.number}\nÉmise le ${frenchDate(d.issuedOn)}\nÀ régler avant le ${frenchDate(d.dueOn)}`, 320, pdf.y + 4, { width: RIGHT - 320, align: 'right' });

  // ---- addressee (where a window envelope shows it)
  const addressTop = Math.max(afterIssuer, pdf.y) + 24;
  pdf.font('Helvetica-Bold').fontSize(10);
  text(d.addressee.names.join(' et ') || 'Famille', 320, addressTop, { width: RIGHT - 320 });
  pdf.font('Helvetica').fontSize(10);
  if (d.addressee.addressLines.length) text(d.addressee.addressLines.join('\n'), 320, pdf.y, { width: RIGHT - 320 });
  if (d.addressee.reference) {
    pdf.fontSize(8).fillColor(GREY);
    text(`Référence famille : ${d.addressee.reference}`, 320, pdf.y + 4, { width: RIGHT - 320 });
    pdf.fillColor('black');
  }

  // ---- label, period, cancellation
  let y = Math.max(pdf.y + 28, addressTop + 90);
  pdf.font('Helvetica-Bold').fontSize(12).fillColor('black');
  text(d.label, LEFT, y, { width: WIDTH });
  pdf.font('Helvetica').fontSize(10);
  text(`Période : du ${frenchDate(d.periodFrom)} au ${frenchDate(d.periodTo)}`, LEFT, pdf.y + 2, { width: WIDTH });
  if (d.cancelled) {
    pdf.fillColor('#a40000');
    const by = d.cancelled.creditNoteNumber ? ` par l’avoir ${d.cancelled.creditNoteNumber}` : '';
    text(`Facture annulée le ${frenchDate(d.cancelled.on)}${by}.${d.cancelled.reason ? ` Motif : ${d.cancelled.reason}` : ''}`, LEFT, pdf.y + 4, { width: WIDTH });
    pdf.fillColor('black');
  }

  // ---- lines
  y = pdf.y + 16;
  const header = (top: number): number => {
    pdf.rect(LEFT, top, WIDTH, 18).fill('#e8eef7');
    pdf.font('Helvetica-Bold').fontSize(9).fillColor('black');
    let x = LEFT;
    for (const c of COLUMNS) {
      text(c.title, x + 4, top + 5, { width: c.width - 8, align: c.align, lineBreak: false });
      x += c.width;
    }
    pdf.font('Helvetica').fontSize(9);
    return top + 22;
  };
  y = header(y);
  for (const line of d.lines) {
    const cells = [line.childName ?? '', line.designation, frenchQuantity(line.quantity), euros(line.unitPriceCents), euros(line.amountCents)];
    const height = Math.max(...cells.map((c, i) => pdf.heightOfString(pdfText(c), { width: COLUMNS[i].width - 8 }))) + 6;
    if (y + height > BOTTOM) {
      pdf.addPage();
      y = header(50);
    }
    let x = LEFT;
    cells.forEach((c, i) => {
      text(c, x + 4, y, { width: COLUMNS[i].width - 8, align: COLUMNS[i].align });
      x += COLUMNS[i].width;
    });
    y += height;
    pdf.moveTo(LEFT, y - 3).lineTo(RIGHT, y - 3).lineWidth(0.3).strokeColor('#cccccc').stroke();
  }

  // ---- totals
  const totals: [string, string, boolean][] = [
    ['Total de la facture', euros(d.totalCents), false],
    ['Déjà réglé (paiements et avoirs)', euros(d.paidCents), false],
    ['Restant dû', euros(d.remainingCents), true],
  ];
  if (y + 70 > BOTTOM) {
    pdf.addPage();
    y = 50;
  }
  y += 8;
  for (const [label, amount, strong] of totals) {
    pdf.font(strong ? 'Helvetica-Bold' : 'Helvetica').fontSize(strong ? 11 : 10);
    text(label, RIGHT - 300, y, { width: 215, align: 'right' });
    text(amount, RIGHT - 85, y, { width: 85, align: 'right' });
    y += strong ? 18 : 15;
  }

  // ---- what settled it, how to pay, legal mentions: flowing text (pdfkit adds pages as needed)
  pdf.x = LEFT;
  pdf.y = y + 10;
  const section = (title: string, body: string[]) => {
    if (pdf.y + 40 > BOTTOM) pdf.addPage();
    pdf.font('Helvetica-Bold').fontSize(10).fillColor(BLUE);
    text(title, LEFT, pdf.y, { width: WIDTH });
    pdf.font('Helvetica').fontSize(9).fillColor('black');
    for (const paragraph of body) text(paragraph, LEFT, pdf.y + 2, { width: WIDTH });
    pdf.y += 10;
  };
  if (d.settlements.length) {
    section('Règlements reçus', d.settlements.map((s) => `${frenchDate(s.on)} — ${s.label} : ${euros(s.amountCents)}`));
  }
  if (d.remainingCents > 0 && !d.cancelled) {
    section('Comment payer', [
      `En ligne, par carte bancaire, sur le portail famille : ${d.portalUrl} (bouton « Payer » de la facture).`,
      ...(d.paymentInstructions ? [d.paymentInstructions] : []),
      `Rappelez le numéro de facture ${d.number} avec tout règlement.`,
    ]);
  }
  pdf.fontSize(7.5).fillColor(GREY);
  if (pdf.y + 50 > BOTTOM) pdf.addPage();
  for (const mention of legalMentions(d)) text(mention, LEFT, pdf.y + 3, { width: WIDTH });

  // ---- page numbers
  const { start, count } = pdf.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font('Helvetica').fontSize(8).fillColor(GREY);
    text(`Facture ${d.number} — page ${i - start + 1} sur ${count}`, LEFT, 841.89 - 35, { width: WIDTH, align: 'center', lineBreak: false });
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}
