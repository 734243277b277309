/**
 * CSV for Excel as French staff open it: UTF-8 with a BOM (so accents show), `;` between cells,
 * CRLF between lines. A cell that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab,
 * carriage return at its start) is neutralised with a leading `'` (CSV injection), except a plain
 * number such as `-4,00`; a cell with `;`, quotes or line breaks is quoted.
 */
export type CsvValue = string | number | null | undefined;

const PLAIN_NUMBER = /^[-+]?\d+(?:,\d+)?$/;

export function csvCell(value: CsvValue): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, header, lines. */
export function csvFile(header: string[], rows: CsvValue[][]): Buffer {
  const lines = [header, ...rows].map((cells) => cells.map(csvCell).join(';'));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** Cents as a French decimal for a spreadsheet, without a currency sign: 123456 → "1234,56", -5 → "-0,05". */
export function csvAmount(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}
