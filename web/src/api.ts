/** The API, as the browser calls it: same origin, session cookie, CSRF header on changes, problem details. */

export interface FieldError {
  field: string;
  message: string;
  line?: number;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  correlationId?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `Erreur ${status}`);
  }

  /** Field errors by field name (`email`, `contacts[1].phones`…). */
  get fields(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) if (!out[e.field]) out[e.field] = e.message;
    return out;
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when an API call answers 401 (the session ended): the app goes back to the login page. */
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export async function api<T>(method: string, path: string, body?: unknown, init: { query?: Query; quiet401?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, init.query), { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { status: 0, title: 'Réseau indisponible', detail: 'Le serveur ne répond pas. Vérifiez votre connexion et réessayez.' });
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const problem: Problem = data && typeof data === 'object' ? (data as Problem) : { status: response.status, title: `Erreur ${response.status}` };
    if (response.status === 401 && !init.quiet401) onUnauthenticated?.();
    if (response.status >= 500) problem.detail = `Une erreur est survenue de notre côté. Réessayez dans un instant${problem.correlationId ? ` (référence ${problem.correlationId})` : ''}.`;
    throw new ApiError(response.status, problem);
  }
  return data as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, undefined, { query });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
