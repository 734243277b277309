import { SESSION_COOKIE } from '../../../platform/http';

/** A Set-Cookie value: Path=/, HttpOnly, SameSite=Lax, Secure unless COOKIE_SECURE=false. Max-Age 0 deletes it. */
export function httpOnlyCookie(name: string, value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

/** The login session cookie of the web client (`guichet_session`). */
export function sessionCookie(token: string, expiresAt: Date | null, secure: boolean): string {
  const maxAge = expiresAt ? Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000)) : 0;
  return httpOnlyCookie(SESSION_COOKIE, token, maxAge, secure);
}
