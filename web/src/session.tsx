import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { api, get, setCsrfToken } from './api';

export interface Me {
  accountId: string;
  email: string;
  displayName: string;
  role: 'guardian' | 'staff' | 'admin';
}

export interface SessionState {
  me: Me | null;
  /** after login (or an EduConnect return, a reload): reads the account and the CSRF token */
  refresh(): Promise<Me | null>;
  logout(): Promise<void>;
}

export const SessionContext = createContext<SessionState>({
  me: null,
  refresh: async () => null,
  logout: async () => undefined,
});

export const useSession = () => useContext(SessionContext);

/** The account of the cookie session, with its CSRF token; null when not signed in. */
export async function loadSession(): Promise<Me | null> {
  try {
    const me = await api<Me>('GET', '/api/auth/me', undefined, { quiet401: true });
    const { csrfToken } = await get<{ csrfToken: string }>('/api/auth/csrf');
    setCsrfToken(csrfToken);
    return me;
  } catch {
    setCsrfToken(null);
    return null;
  }
}
