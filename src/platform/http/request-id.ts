import { randomUUID } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Keeps a caller's x-request-id when it is a safe token, else makes one. */
export function genRequestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const header = req.headers['x-request-id'];
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate && SAFE_ID.test(candidate) ? candidate : randomUUID();
}

export function requestIdOf(request: { id?: unknown }): string {
  return typeof request.id === 'string' ? request.id : String(request.id ?? '');
}
