import { csvAmount, csvCell, csvFile } from './csv';

describe('csv', () => {
  it('neutralises what a spreadsheet would run, keeps plain numbers', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+33 6 12')).toBe("'+33 6 12");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-4,00')).toBe('-4,00');
    expect(csvCell('12')).toBe('12');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('ligne\nsuite')).toBe('"ligne\nsuite"');
    expect(csvCell(null)).toBe('');
  });

  it('writes amounts in cents as French decimals', () => {
    expect([0, 5, 100, 123456, -5, -400].map(csvAmount)).toEqual(['0,00', '0,05', '1,00', '1234,56', '-0,05', '-4,00']);
  });

  it('starts with a BOM and ends lines with CRLF', () => {
    expect(csvFile(['Numéro', 'Montant (€)'], [['A-1', '1,00']]).toString('utf8')).toBe('\uFEFFNuméro;Montant (€)\r\nA-1;1,00\r\n');
  });
});
