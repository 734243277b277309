import { hash } from '@node-rs/argon2';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { CreatedFamily, guardianOf } from '../factories/family.factory';
import { TestApp } from '../support/test-app';

/**
 * Browser tests of the web client: playwright-core drives Debian's chromium (/usr/bin/chromium,
 * installed by .ci/run when missing; CHROMIUM_PATH overrides) against the real application
 * listening on a port (startTestApp({ listen: true })). Screenshots go to test-results/screenshots.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-results', 'screenshots');
export const PASSWORD = 'Motdepasse9?';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

/** A phone (360 px wide) or a computer. */
export async function newContext(browser: Browser, t: TestApp, device: 'phone' | 'desktop' = 'desktop'): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: t.baseUrl,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: device === 'phone' ? { width: 360, height: 740 } : { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    isMobile: device === 'phone',
    hasTouch: device === 'phone',
  });
  context.setDefaultTimeout(10_000);
  return context;
}

/** A guardian of the family with an account and a password (as after an activation). */
export async function guardianWithPassword(t: TestApp, family: CreatedFamily, index = 0): Promise<{ email: string; password: string; accountId: string }> {
  const { accountId } = await guardianOf(t, family, index);
  await t.dataSource.query(`UPDATE identity.account SET password_hash = $2 WHERE id = $1`, [accountId, await hash(PASSWORD)]);
  return { email: family.guardians[index].email, password: PASSWORD, accountId };
}

export async function login(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail (identifiant)').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  try {
    await page.waitForURL((url) => url.pathname !== '/connexion');
    await page.locator('#main-nav').waitFor({ state: 'attached' });
  } catch (e) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'failed-login.png'), fullPage: true });
    throw e;
  }
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core on the page as it is: the serious and critical violations (WCAG 2 A/AA rules and best practices). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  // (a string: the test code is compiled without the DOM's types)
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Expects no serious or critical axe violation, and saves a screenshot of the page. */
export async function checkPage(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const violations = await seriousViolations(page);
  const summary = violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
  // Usable at 360 px: nothing wider than the screen.
  const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Waits for the page's title (h1). */
export async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}
