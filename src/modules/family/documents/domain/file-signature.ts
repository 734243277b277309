/**
 * The three file types a supporting document may be, recognized from the file's first bytes
 * ("magic bytes"), never from its name or the type the browser declares. Checked by hand: the
 * well-known `file-type` package is ESM-only and our build is CommonJS, and three signatures do
 * not need a library.
 */
export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const SIGNATURES: { type: DocumentType; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] }, // \x89PNG\r\n\x1a\n
];

/** The type of these contents, or undefined when they are none of the three. */
export function detectDocumentType(content: Uint8Array): DocumentType | undefined {
  return SIGNATURES.find((s) => content.length >= s.bytes.length && s.bytes.every((b, i) => content[i] === b))?.type;
}

const EXTENSIONS: Record<DocumentType, string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
};

const MAX_NAME_LENGTH = 150;

/**
 * The name a file is kept and downloaded under: the base name the browser sent (no folders,
 * no control or reserved characters, at most 150 characters), with the extension of its real
 * type (`scan.pdf` that is really a JPEG becomes `scan.jpg`).
 */
export function documentFileName(sent: string | undefined, type: DocumentType): string {
  const base = (sent ?? '')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>:|?*]/g, '')
    .normalize('NFC')
    .trim();
  const dot = base.lastIndexOf('.');
  const extension = dot >= 0 ? base.slice(dot).toLowerCase() : '';
  const stem = (/^\.[a-z0-9]{1,5}$/.test(extension) ? base.slice(0, dot) : base).trim() || 'document';
  const kept = EXTENSIONS[type].includes(extension) ? extension : EXTENSIONS[type][0];
  return [...stem].slice(0, MAX_NAME_LENGTH).join('') + kept;
}
