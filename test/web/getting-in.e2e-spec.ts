import type { Browser, Page } from 'playwright-core';
import { DevOidcProvider, startDevOidcProvider } from '../../src/modules/identity/infrastructure/dev-oidc-provider';
import { newFamily } from '../factories/family.factory';
import { eventually, freePort, startTestApp, TestApp } from '../support/test-app';
import { checkPage, guardianWithPassword, heading, launchBrowser, login, newContext, PASSWORD } from './web.support';

/** Seeds 001, 002 (sections 2–4) and 004 in a real browser: login, EduConnect, activation, lost password, e-mail and password change, logout. */
jest.setTimeout(120_000);

describe('web client: getting in', () => {
  let t: TestApp;
  let provider: DevOidcProvider;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    const base = `http://localhost:${port}`;
    provider = await startDevOidcProvider({ port: 0, clientId: 'guichet-web', redirectUri: `${base}/api/auth/sso/callback`, postLogoutRedirectUri: `${base}/` });
    t = await startTestApp({
      listen: true,
      env: { PORT: String(port), PUBLIC_URL: base, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret },
    });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await provider?.stop();
  });

  const mailTo = async (email: string, pattern: RegExp): Promise<string> => {
    const mail = await eventually(async () => {
      const rows: { text_body: string }[] = await t.dataSource.query(`SELECT text_body FROM notifications.sink_mail WHERE envelope_to @> ARRAY[$1::text] ORDER BY id DESC`, [email]);
      return rows.find((r) => pattern.test(r.text_body));
    });
    return pattern.exec(mail!.text_body)![1];
  };
  const codeSentTo = async (mobile: string): Promise<string> => {
    const sms = await eventually(async () => (await t.dataSource.query(`SELECT body FROM notifications.recorded_sms WHERE recipient = $1 ORDER BY id DESC`, [mobile]))[0]);
    return /(\d{6})/.exec(sms.body)![1];
  };
  const path = (page: Page) => new URL(page.url()).pathname;

  it('logs in with e-mail and password, shows the home page, refuses a wrong password next to the form, logs out', async () => {
    const family = await newFamily(t);
    const g = await guardianWithPassword(t, family);
    for (const device of ['desktop', 'phone'] as const) {
      const context = await newContext(browser, t, device);
      const page = await context.newPage();
      await page.goto('/famille');
      // a page that needs a session: the login page, then back there
      await heading(page, 'Connexion à votre espace');
      expect(page.url()).toContain('/connexion?retour=%2Ffamille');
      await checkPage(page, `login-${device}`);

      await page.getByLabel('Adresse e-mail (identifiant)').fill(g.email);
      await page.getByLabel('Mot de passe', { exact: true }).fill('Mauvais1!');
      await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
      await page.getByRole('alert').waitFor();
      expect(await page.getByRole('alert').textContent()).toMatch(/e-mail ou mot de passe incorrect/i);
      await checkPage(page, `login-error-${device}`);

      await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
      await heading(page, 'Ma famille');
      expect(path(page)).toBe('/famille');

      await page.goto('/');
      await heading(page, /Bonjour/);
      await page.getByRole('heading', { name: /Fil des événements/ }).waitFor();
      await checkPage(page, `home-${device}`);

      if (device === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await heading(page, 'Connexion à votre espace');
      // the session is over: the home page asks to log in again
      await page.goto('/');
      await heading(page, 'Connexion à votre espace');
      await context.close();
    }
  });

  it('sends a lost-password link that sets a new password', async () => {
    const family = await newFamily(t);
    const g = await guardianWithPassword(t, family);
    const context = await newContext(browser, t);
    const page = await context.newPage();
    await page.goto('/connexion');
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await heading(page, 'Mot de passe oublié');
    await page.getByLabel('Adresse e-mail').fill(g.email);
    await page.getByRole('button', { name: 'Envoyer le lien' }).click();
    await page.getByText('Si un compte correspond à cette adresse').waitFor();
    await checkPage(page, 'password-forgot');

    const link = await mailTo(g.email, /(http\S+\/mot-de-passe\/nouveau\?jeton=\S+)/);
    await page.goto(link);
    await heading(page, 'Choisir un nouveau mot de passe');
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('faible');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('faible');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    // the rule that is missing, next to the field
    await page.locator('.field-error').first().waitFor();
    await checkPage(page, 'password-reset-error');
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Nouveau-mdp-2026');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('Nouveau-mdp-2026');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Votre mot de passe a été changé').waitFor();
    await login(page, g.email, 'Nouveau-mdp-2026');
    await heading(page, /Bonjour/);
    await context.close();
  });

  it('changes the password and the login e-mail (confirmed by the link sent to the new address)', async () => {
    const family = await newFamily(t);
    const g = await guardianWithPassword(t, family);
    const context = await newContext(browser, t);
    const page = await context.newPage();
    await login(page, g.email);
    await page.getByRole('link', { name: 'Mon compte' }).click();
    await heading(page, 'Mon compte');
    await checkPage(page, 'account');

    const pwd = page.locator('form', { has: page.getByRole('heading', { name: 'Modifier mon mot de passe' }) });
    await pwd.getByLabel('Mot de passe actuel').fill('Mauvais1!');
    await pwd.getByLabel('Nouveau mot de passe', { exact: true }).fill('Autre-mdp-2026');
    await pwd.getByLabel('Confirmez le nouveau mot de passe').fill('Autre-mdp-2026');
    await pwd.getByRole('button', { name: 'Modifier le mot de passe' }).click();
    await pwd.locator('.field-error, [role=alert]').first().waitFor();
    await pwd.getByLabel('Mot de passe actuel').fill(PASSWORD);
    await pwd.getByRole('button', { name: 'Modifier le mot de passe' }).click();
    await pwd.getByText('Votre mot de passe a été modifié.').waitFor();

    const newEmail = `nouvelle-${Date.now()}@familles.test`;
    const mail = page.locator('form', { has: page.getByRole('heading', { name: 'Modifier mon adresse e-mail' }) });
    await mail.getByLabel('Nouvelle adresse e-mail').fill(newEmail);
    await mail.getByLabel('Mot de passe actuel').fill('Autre-mdp-2026');
    await mail.getByRole('button', { name: 'Envoyer le lien de confirmation' }).click();
    await mail.getByText(/Votre identifiant reste inchangé/).waitFor();
    const link = await mailTo(newEmail, /(http\S+\/adresse\/confirmer\?jeton=\S+)/);
    await page.goto(link);
    await page.getByText('Votre nouvelle adresse e-mail est confirmée').waitFor();
    await checkPage(page, 'email-confirmed');
    await page.goto('/compte');
    await page.getByText(newEmail).waitFor();
    await context.close();
  });

  it('activates an account: name and mobile, SMS code, children’s birth dates, login and password, e-mail link', async () => {
    const family = await newFamily(t);
    const g = family.guardians[0];
    const context = await newContext(browser, t, 'phone');
    const page = await context.newPage();
    await page.goto('/connexion');
    await page.getByRole('link', { name: 'Activer mon compte' }).click();
    await heading(page, 'Activer mon compte');
    await page.getByRole('button', { name: 'Recevoir le code par SMS' }).click();
    await page.locator('.field-error').first().waitFor();
    await checkPage(page, 'activation-1-errors');
    await page.getByLabel('Nom', { exact: true }).fill(g.lastName);
    await page.getByLabel('Prénom').fill(g.firstName);
    await page.getByLabel('N° de téléphone portable').fill(g.mobile.replace('+33', '0'));
    await page.getByRole('button', { name: 'Recevoir le code par SMS' }).click();
    await page.getByLabel('Code').waitFor();
    await checkPage(page, 'activation-2-code');
    await page.getByLabel('Code').fill(await codeSentTo(g.mobile));
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('heading', { name: 'Je rattache mes enfants' }).waitFor();
    for (const child of family.children) {
      const block = page.getByRole('group', { name: new RegExp(child.firstName) });
      await block.getByLabel('Oui').check();
      await block.getByLabel(`Date de naissance de ${child.firstName}`).fill(child.birthDate);
    }
    await checkPage(page, 'activation-3-children');
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await page.getByLabel('Adresse e-mail (votre identifiant)').waitFor();
    expect(await page.getByLabel('Adresse e-mail (votre identifiant)').inputValue()).toBe(g.email);
    await page.getByLabel('Je crée mon mot de passe').fill('Cantine-2026');
    await page.getByLabel('Je confirme le mot de passe').fill('Cantine-2026');
    await checkPage(page, 'activation-4-credentials');
    await page.getByRole('button', { name: 'Terminer' }).click();
    await page.getByRole('heading', { name: 'Confirmez votre adresse e-mail' }).waitFor();

    await page.goto(await mailTo(g.email, /(http\S+\/activation\/confirmer\?token=\S+)/));
    await page.getByRole('link', { name: 'Se connecter' }).waitFor();
    await checkPage(page, 'activation-5-confirmed');
    await login(page, g.email, 'Cantine-2026');
    await heading(page, /Bonjour/);
    await context.close();
  });

  it('"Se connecter avec EduConnect": a first login goes through the activation, later ones land in the account', async () => {
    // the development provider's guardian "paul.roux" is Paul Roux: a family on file with that name
    const family = await newFamily(t, { guardians: [{ lastName: 'Roux', firstName: 'Paul' }] });
    const g = family.guardians[0];
    const context = await newContext(browser, t);
    const page = await context.newPage();
    await page.goto('/connexion');
    await page.getByRole('link', { name: 'Se connecter avec EduConnect' }).click();
    await page.getByLabel('Identifiant').fill('paul.roux');
    await page.getByLabel('Mot de passe').fill('motdepasse');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await heading(page, 'Activer mon compte');
    expect(path(page)).toBe('/activation');
    await page.getByText('Votre compte EduConnect n’est pas encore relié').waitFor();
    await checkPage(page, 'activation-educonnect');
    await page.getByLabel('Nom', { exact: true }).fill(g.lastName);
    await page.getByLabel('Prénom').fill(g.firstName);
    await page.getByLabel('N° de téléphone portable').fill(g.mobile);
    await page.getByRole('button', { name: 'Recevoir le code par SMS' }).click();
    await page.getByLabel('Code').fill(await codeSentTo(g.mobile));
    await page.getByRole('button', { name: 'Continuer' }).click();
    for (const child of family.children) {
      const block = page.getByRole('group', { name: new RegExp(child.firstName) });
      await block.getByLabel('Oui').check();
      await block.getByLabel(`Date de naissance de ${child.firstName}`).fill(child.birthDate);
    }
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await page.getByRole('button', { name: 'Terminer' }).click();
    await page.getByRole('heading', { name: 'Confirmez votre adresse e-mail' }).waitFor();
    await page.goto(await mailTo(g.email, /(http\S+\/activation\/confirmer\?token=\S+)/));
    await page.getByRole('link', { name: 'Se connecter avec EduConnect' }).click();
    // the provider remembers the login: straight back, signed in
    await heading(page, /Bonjour/);
    expect(path(page)).toBe('/');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    // an EduConnect session ends at the provider too (its logout page), then comes back
    await page.getByRole('button', { name: 'Oui, me déconnecter' }).click();
    await heading(page, 'Connexion à votre espace');
    await context.close();
  });
});
