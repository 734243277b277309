import type { Response as InjectResponse } from 'light-my-request';
import { TestApp } from './test-app';

/** One answer seen by the browser: where it was, and where it is sent next (absolute), if anywhere. */
export interface Hop {
  url: string;
  status: number;
  location?: string;
  body: string;
  /** the Set-Cookie headers, as sent */
  setCookies: string[];
}

type Form = Record<string, string>;

/**
 * A browser without a browser, for OpenID flows: a cookie jar per origin; Guichet's URLs
 * (PUBLIC_URL) go through the application's injector, every other URL (the OpenID provider) over
 * real HTTP. Redirects are followed by hand, so that a test can stop at, look at or tamper with any
 * hop. Cookie paths and flags are ignored (one flow at a time).
 */
export class OidcBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  constructor(
    public app: TestApp,
    private readonly publicUrl = app.config.publicUrl,
  ) {}

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).origin)?.get(name);
  }

  /** The URL of one of the web client's pages (PUBLIC_URL, not /api): a flow ends there. */
  isWebClient(url: string): boolean {
    return url.startsWith(`${this.publicUrl}/`) && !url.startsWith(`${this.publicUrl}/api/`);
  }

  async request(url: string, form?: Form): Promise<Hop> {
    const cookie = [...(this.jar.get(new URL(url).origin) ?? [])].map(([k, v]) => `${k}=${v}`).join('; ');
    const body = form && new URLSearchParams(form).toString();
    const method = form ? 'POST' : 'GET';
    const headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) };
    let status: number;
    let setCookies: string[];
    let location: string | undefined;
    let text: string;
    if (url.startsWith(`${this.publicUrl}/`)) {
      const res: InjectResponse = await this.app.inject({ method, url: url.slice(this.publicUrl.length), headers, payload: body });
      status = res.statusCode;
      const raw = res.headers['set-cookie'];
      setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
      location = res.headers.location as string | undefined;
      text = res.body;
    } else {
      const res = await fetch(url, { method, headers, body, redirect: 'manual' });
      status = res.status;
      setCookies = res.headers.getSetCookie();
      location = res.headers.get('location') ?? undefined;
      text = await res.text();
    }
    this.keep(url, setCookies);
    return { url, status, body: text, setCookies, ...(location ? { location: new URL(location, url).toString() } : {}) };
  }

  /** Follows redirects from `url` until an answer that is not a redirect, the web client, or `until` says stop (that hop is not requested). */
  async follow(url: string, until?: (next: string) => boolean, form?: Form): Promise<Hop> {
    let hop = await this.request(url, form);
    while (hop.location && !this.isWebClient(hop.location) && !until?.(hop.location)) hop = await this.request(hop.location);
    return hop;
  }

  /** Submits the form of `page` whose action matches, with its hidden fields plus `fields`, then follows. */
  async submit(page: Hop, action: RegExp, fields: Form, until?: (next: string) => boolean): Promise<Hop> {
    const forms = [...page.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)];
    const form = forms.find((f) => action.test(/action="([^"]*)"/.exec(f[1])?.[1] ?? ''));
    if (!form) throw new Error(`no form with action ${action} on ${page.url}:\n${page.body}`);
    const hidden = Object.fromEntries(
      [...form[2].matchAll(/<input\b[^>]*type="hidden"[^>]*>/g)].map((i) => [/name="([^"]*)"/.exec(i[0])![1], /value="([^"]*)"/.exec(i[0])?.[1] ?? '']),
    );
    return this.follow(new URL(/action="([^"]*)"/.exec(form[1])![1], page.url).toString(), until, { ...hidden, ...fields });
  }

  private keep(url: string, setCookies: string[]): void {
    const origin = new URL(url).origin;
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    this.jar.set(origin, cookies);
    for (const header of setCookies) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]).getTime() < Date.now()));
      if (gone) cookies.delete(name);
      else cookies.set(name, pair.slice(eq + 1).trim());
    }
  }
}

/** The redirect URI of Guichet, where the provider sends the browser back. */
export const isCallback = (url: string) => new URL(url).pathname === '/api/auth/sso/callback';

/**
 * "Se connecter avec EduConnect" up to the provider's answer: logs in at the provider (its login
 * form, unless its session is still alive) and returns the callback URL, not visited yet.
 */
export async function ssoUpToCallback(browser: OidcBrowser, username: string, password = 'motdepasse'): Promise<string> {
  let hop = await browser.follow(`${browser.app.config.publicUrl}/api/auth/sso/login`, isCallback);
  if (!hop.location) hop = await browser.submit(hop, /\/login$/, { login: username, password }, isCallback);
  if (!hop.location || !isCallback(hop.location)) throw new Error(`the provider did not send the browser back:\n${hop.status} ${hop.url}\n${hop.body}`);
  return hop.location;
}
