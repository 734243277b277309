import { StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import type { DocumentRecord } from '../infrastructure/document.repository';

/** The file as a download: its real type, `attachment` (never shown inline), not cached, not sniffed. */
export function download(reply: FastifyReply, document: DocumentRecord, content: Readable): StreamableFile {
  reply.header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store');
  return new StreamableFile(content, { type: document.contentType, length: document.size, disposition: attachment(document.fileName) });
}

/** RFC 6266: an ASCII fallback name and the UTF-8 name (`filename*`). */
export function attachment(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
