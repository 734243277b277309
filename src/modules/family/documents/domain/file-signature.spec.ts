import { detectDocumentType, documentFileName } from './file-signature';

const bytes = (...b: (number | string)[]) => Buffer.concat(b.map((x) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : Buffer.from([x]))));

describe('file signatures (magic bytes)', () => {
  it('recognizes PDF, JPEG and PNG from their first bytes', () => {
    expect(detectDocumentType(bytes('%PDF-1.7\n%âãÏÓ'))).toBe('application/pdf');
    expect(detectDocumentType(bytes(0xff, 0xd8, 0xff, 0xe1, 'Exif'))).toBe('image/jpeg');
    expect(detectDocumentType(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'IHDR'))).toBe('image/png');
  });

  it('recognizes nothing else, whatever its name would say', () => {
    for (const content of [
      bytes('MZ', 0x90, 0, 3), // Windows executable
      bytes(0x7f, 'ELF', 2, 1), // Linux executable
      bytes('PK', 3, 4), // zip, docx
      bytes('GIF89a'),
      bytes('<html><script>'),
      bytes(' %PDF-1.7'), // not at the start
      bytes('%PDF'), // too short for the signature
      bytes(0xff, 0xd8),
      bytes(0x89, 'PNG', 0x0d, 0x0a),
      Buffer.alloc(0),
    ]) {
      expect(detectDocumentType(content)).toBeUndefined();
    }
  });

  it('keeps the base name sent, with the extension of the real type', () => {
    expect(documentFileName('facture.pdf', 'application/pdf')).toBe('facture.pdf');
    expect(documentFileName('Facture EDF.PDF', 'application/pdf')).toBe('Facture EDF.pdf');
    expect(documentFileName('facture.pdf', 'image/jpeg')).toBe('facture.jpg');
    expect(documentFileName('photo.jpeg', 'image/jpeg')).toBe('photo.jpeg');
    expect(documentFileName('scan', 'image/png')).toBe('scan.png');
    expect(documentFileName('C:\\fakepath\\carnet.png', 'image/png')).toBe('carnet.png');
    expect(documentFileName('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf');
    expect(documentFileName('a"b<c>\u0000d.pdf', 'application/pdf')).toBe('abcd.pdf');
    expect(documentFileName(undefined, 'application/pdf')).toBe('document.pdf');
    expect(documentFileName('   .pdf', 'application/pdf')).toBe('document.pdf');
    expect(documentFileName('x'.repeat(300) + '.pdf', 'application/pdf')).toHaveLength(154);
  });
});
