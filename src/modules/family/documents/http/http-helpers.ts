import { ParseUUIDPipe, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { ApplicationError, Principal, RequestValidationError } from '../../../../platform/http';
import type { DocumentRecord } from '../infrastructure/document.repository';

/** `@Param('documentId', uuidPathParam('documentId'))`: a path id that is not a UUID is a field error naming it. */
export const uuidPathParam = (field: string) => new ParseUUIDPipe({ exceptionFactory: () => new RequestValidationError([{ field, message: 'doit être un identifiant (UUID)' }]) });

/** The signed-in guardian's family: always from the session, never from the request. */
export function familyOf(principal: Principal): string {
  if (!principal.familyId) throw new ApplicationError('not_found', 'family.not-found', 'Aucune famille n’est rattachée à votre compte.');
  return principal.familyId;
}

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
