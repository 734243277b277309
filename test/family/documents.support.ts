import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { bearer, newSession } from '../factories/identity.factory';
import type { TestApp } from '../support/test-app';

/** Helpers of the supporting-documents tests: files of each type, multipart bodies, kinds. */

export const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'), randomBytes(2000), Buffer.from('\n%%EOF\n')]);
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), randomBytes(3000), Buffer.from([0xff, 0xd9])]);
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(1500)]);
/** A Windows executable ("MZ" header), the kind of file renamed `.pdf` */
export const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00'), randomBytes(4000)]);

export type Part = { name: string; value: string } | { name: string; filename: string; contentType?: string; content: Buffer };

const CRLF = '\r\n';

function partHeader(boundary: string, part: Part): string {
  return 'value' in part
    ? `--${boundary}${CRLF}Content-Disposition: form-data; name="${part.name}"${CRLF}${CRLF}`
    : `--${boundary}${CRLF}Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"${CRLF}Content-Type: ${part.contentType ?? 'application/octet-stream'}${CRLF}${CRLF}`;
}

/** A multipart/form-data body, as a browser's FormData sends it. */
export function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----guichet${randomBytes(8).toString('hex')}`;
  const chunks = parts.flatMap((p) => [Buffer.from(partHeader(boundary, p)), 'value' in p ? Buffer.from(p.value) : p.content, Buffer.from(CRLF)]);
  return { payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--${CRLF}`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A multipart body streamed (no Content-Length) whose file is `size` bytes, produced as it is read: nothing big is held in memory. */
export function streamedUpload(fields: Record<string, string>, file: { filename: string; head: Buffer; size: number }): { payload: Readable; headers: Record<string, string> } {
  const boundary = `----guichet${randomBytes(8).toString('hex')}`;
  const zeros = Buffer.alloc(64 * 1024);
  function* body() {
    for (const [name, value] of Object.entries(fields)) yield Buffer.from(partHeader(boundary, { name, value }) + value + CRLF);
    yield Buffer.from(partHeader(boundary, { name: 'file', filename: file.filename, contentType: 'application/pdf', content: Buffer.alloc(0) }));
    yield file.head;
    for (let sent = file.head.length; sent < file.size; sent += zeros.length) yield zeros.subarray(0, Math.min(zeros.length, file.size - sent));
    yield Buffer.from(`${CRLF}--${boundary}--${CRLF}`);
  }
  return { payload: Readable.from(body()), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function staffHeaders(t: TestApp): Promise<Record<string, string>> {
  return bearer((await newSession(t.dataSource, 'staff')).token);
}

let kindCounter = 0;

/** A kind of proof created by staff through the API; a unique code unless given. */
export async function newKind(
  t: TestApp,
  staff: Record<string, string>,
  overrides: { code?: string; label?: string; level?: 'family' | 'child'; requiredFor?: string[]; validityMonths?: number | null; description?: string } = {},
): Promise<{ id: string; code: string; label: string; level: 'family' | 'child'; validityMonths: number | null }> {
  const code = overrides.code ?? `kind-${++kindCounter}-${randomBytes(3).toString('hex')}`;
  const res = await t.inject({
    method: 'POST',
    url: '/api/staff/document-kinds',
    headers: staff,
    payload: { code, label: overrides.label ?? 'Justificatif de domicile', level: overrides.level ?? 'family', requiredFor: overrides.requiredFor ?? [], validityMonths: overrides.validityMonths ?? null, ...(overrides.description ? { description: overrides.description } : {}) },
  });
  if (res.statusCode !== 201) throw new Error(`newKind: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Sends a file as a guardian. */
export function upload(t: TestApp, headers: Record<string, string>, fields: Record<string, string>, file?: { filename: string; content: Buffer; contentType?: string }) {
  const parts: Part[] = [...Object.entries(fields).map(([name, value]) => ({ name, value })), ...(file ? [{ name: 'file', ...file }] : [])];
  const body = multipart(parts);
  return t.inject({ method: 'POST', url: '/api/family/documents', headers: { ...headers, ...body.headers }, payload: body.payload });
}

/** Every file under a folder (the local storage). */
export function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath ?? e.path, e.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
