import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldError } from '../../../../platform/http';
import { DocumentsError, FileTooLargeError } from '../domain/documents.errors';

/** At most 10 MB a file (the multipart plugin's `fileSize` limit in http-app.ts is the same). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILE_MEGABYTES = MAX_FILE_BYTES / (1024 * 1024);
/** What a form with one file adds around it (boundaries, part headers, a few short fields). */
const FORM_OVERHEAD_BYTES = 64 * 1024;

export interface UploadedForm {
  fields: Record<string, string>;
  file: { fileName: string | undefined; content: Buffer } | undefined;
}

/**
 * Reads a multipart/form-data request with short text fields and at most one file, kept in
 * memory (10 MB at most). Refuses, with the field at fault and before anything is stored: a
 * request that is not multipart, unknown fields, several files, a file over the limit (413, as
 * soon as its Content-Length says so; else when the limit is reached, the parser dropping the
 * rest), a form that cannot be parsed.
 */
export async function readUploadedForm(request: FastifyRequest, allowedFields: readonly string[], fileField: string): Promise<UploadedForm> {
  if (!request.isMultipart()) {
    throw DocumentsError.field('invalid', 'not-multipart', fileField, `Envoyez le formulaire en multipart/form-data, le fichier dans le champ « ${fileField} ».`);
  }
  if (Number(request.headers['content-length']) > MAX_FILE_BYTES + FORM_OVERHEAD_BYTES) throw new FileTooLargeError(MAX_FILE_MEGABYTES);

  const fields: Record<string, string> = {};
  const errors: FieldError[] = [];
  let file: UploadedForm['file'];
  const parts = request.parts();
  for (;;) {
    let next: IteratorResult<Multipart>;
    try {
      next = await parts.next();
    } catch (error) {
      throw unreadable(error, fileField);
    }
    if (next.done) break;
    const part = next.value;
    if (part.type === 'file') {
      const content = await readFile(part);
      if (part.fieldname !== fileField) errors.push({ field: part.fieldname, message: `Champ inconnu : le fichier va dans le champ « ${fileField} ».` });
      else file = { fileName: part.filename || undefined, content };
    } else if (part.fieldname === fileField) {
      errors.push({ field: fileField, message: 'doit être un fichier' });
    } else if (!allowedFields.includes(part.fieldname)) {
      errors.push({ field: part.fieldname, message: 'Champ inconnu.' });
    } else if (part.valueTruncated || typeof part.value !== 'string') {
      errors.push({ field: part.fieldname, message: 'Valeur trop longue.' });
    } else {
      fields[part.fieldname] = part.value.trim();
    }
  }
  if (errors.length) throw new DocumentsError('invalid', 'validation', 'Un ou plusieurs champs sont invalides.', errors);
  return { fields, file };
}

/** The file's contents; over the limit, busboy stops passing data on and marks the stream truncated. */
async function readFile(part: MultipartFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of part.file) chunks.push(chunk as Buffer);
  } catch (error) {
    throw unreadable(error, part.fieldname);
  }
  if (part.file.truncated) throw new FileTooLargeError(MAX_FILE_MEGABYTES);
  return Buffer.concat(chunks);
}

/** Errors of the multipart parser (limits, malformed form, request cut short): a 4xx that names the field, never a 500. */
function unreadable(error: unknown, fileField: string): DocumentsError {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new FileTooLargeError(MAX_FILE_MEGABYTES);
  if (code === 'FST_FILES_LIMIT') return DocumentsError.field('invalid', 'one-file', fileField, 'Envoyez un seul fichier à la fois.');
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') return DocumentsError.field('invalid', 'too-many-fields', fileField, 'Le formulaire contient trop de champs.');
  return DocumentsError.field('invalid', 'unreadable-form', fileField, 'Le formulaire multipart/form-data est illisible ou incomplet : envoyez-le à nouveau.');
}

/**
 * Runs an upload; refused before the client finished sending, the connection is closed after
 * the answer rather than the rest read (as Fastify does for its own body limit).
 */
export async function closingOnRefusal<T>(request: FastifyRequest, reply: FastifyReply, upload: () => Promise<T>): Promise<T> {
  try {
    return await upload();
  } catch (error) {
    if (!request.raw.complete) reply.header('connection', 'close');
    throw error;
  }
}
