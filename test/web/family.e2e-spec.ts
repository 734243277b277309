import type { Browser } from 'playwright-core';
import { newFamily } from '../factories/family.factory';
import { newKind, PDF, staffHeaders } from '../family/documents.support';
import { startTestApp, TestApp } from '../support/test-app';
import { checkPage, guardianWithPassword, heading, launchBrowser, login, newContext } from './web.support';

jest.setTimeout(120_000);

/** Seed 002, sections 4, 5 and 8 in a real browser: family file, child file block by block, contacts, documents. */
describe('web client: family and children', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp({ listen: true });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('updates the family file: postcode/town autocomplete, phones, « J’accepte » required', async () => {
    const family = await newFamily(t);
    const g = await guardianWithPassword(t, family);
    const context = await newContext(browser, t, 'phone');
    const page = await context.newPage();
    await login(page, g.email);
    await page.goto('/famille');
    await heading(page, 'Ma famille');
    await page.getByLabel('Numéro et rue').fill('12 rue de Paris');
    await page.getByRole('combobox', { name: 'Code postal' }).pressSequentially('6040');
    await page.getByRole('option', { name: '60400 Noyon' }).click();
    expect(await page.getByRole('combobox', { name: 'Ville' }).inputValue()).toBe('Noyon');
    await page.getByLabel('Numéro 1', { exact: true }).fill('06 12 34 56 78');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    // without « J’accepte »: the message next to the box
    await page.locator('.check .field-error').waitFor();
    await checkPage(page, 'family-file-consent-error');
    await page.getByLabel('J’accepte').check();
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByRole('status').filter({ hasText: /enregistr/i }).first().waitFor();
    await checkPage(page, 'family-file');
    const file = (await t.inject({ method: 'GET', url: '/api/family', headers: { authorization: `Bearer ${await tokenOf(g.accountId)}` } })).json().file;
    expect(file.address).toMatchObject({ line1: '12 rue de Paris', postcode: '60400', city: 'Noyon' });
    expect(file.phones).toEqual([{ label: 'mobile', number: '+33612345678' }]);
    await context.close();
  });

  it('fills every block of the child file; adds, changes and removes emergency contacts and pick-up persons', async () => {
    const family = await newFamily(t);
    const g = await guardianWithPassword(t, family);
    const leo = family.children[0];
    const context = await newContext(browser, t);
    const page = await context.newPage();
    await login(page, g.email);
    await page.goto('/famille');
    await page.getByRole('link', { name: `${leo.firstName} ${leo.lastName}` }).click();
    await heading(page, `Fiche enfant : ${leo.firstName} ${leo.lastName}`);

    await page.getByLabel('Garçon').check();
    await page.getByLabel('École', { exact: true }).fill('École Jules Ferry');
    await page.getByLabel('Classe', { exact: true }).fill('CE2');
    await page.getByLabel('Régime', { exact: true }).selectOption({ label: 'Allergie ou intolérance alimentaire' });
    await page.getByLabel('Précisions (aliments à éviter, allergies)').fill('Arachides');
    await page.getByLabel('Observations', { exact: true }).fill('Porte des lunettes');
    await page.getByLabel('Nom du médecin').fill('Dr Martin');
    await page.getByLabel('Téléphone du médecin').fill('03 44 00 00 00');
    await page.getByRole('group', { name: 'Projet d’accueil individualisé (PAI)' }).getByLabel('Non').check();

    // an emergency contact, with the relation suggested and the town assisted
    await page.getByRole('button', { name: 'Ajouter une personne à contacter' }).click();
    await page.getByLabel('Nom de la personne', { exact: true }).fill('Durand');
    await page.getByLabel('Prénom de la personne').fill('Josette');
    await page.getByLabel('Lien avec l’enfant').fill('Grand-mère');
    await page.getByLabel('Téléphone 1').fill('03 44 09 12 34');
    await checkPage(page, 'child-contact-form');
    await page.getByRole('button', { name: 'Enregistrer la personne' }).click();
    // a second one, then allowed to pick the child up from the list
    await page.getByRole('button', { name: 'Ajouter une personne à contacter' }).click();
    await page.getByLabel('Nom de la personne', { exact: true }).fill('Petit');
    await page.getByLabel('Prénom de la personne').fill('Luc');
    await page.getByLabel('Lien avec l’enfant').fill('Voisin');
    await page.getByLabel('Téléphone 1').fill('06 98 76 54 32');
    await page.getByRole('button', { name: 'Enregistrer la personne' }).click();
    await page.getByRole('button', { name: 'Autoriser Josette Durand' }).click();
    // a new pick-up person only
    await page.getByRole('button', { name: 'Ajouter une personne autorisée' }).click();
    await page.getByLabel('Nom de la personne', { exact: true }).fill('Moreau');
    await page.getByLabel('Prénom de la personne').fill('Anne');
    await page.getByLabel('Lien avec l’enfant').fill('Tante');
    await page.getByLabel('Téléphone 1').fill('06 11 22 33 44');
    await page.getByRole('button', { name: 'Enregistrer la personne' }).click();
    // change one, remove another (with confirmation)
    await page.getByRole('button', { name: 'Modifier Luc Petit' }).click();
    await page.getByLabel('Téléphone 2 (facultatif)').fill('03 44 55 66 77');
    await page.getByRole('button', { name: 'Enregistrer la personne' }).click();
    await page.getByRole('button', { name: 'Supprimer Anne Moreau' }).click();
    await page.getByRole('button', { name: 'Confirmer la suppression' }).click();

    for (const group of await page.getByRole('group').filter({ has: page.getByLabel('Non concerné') }).all()) await group.getByLabel('Oui').check();
    await page.getByLabel('J’accepte').check();
    await checkPage(page, 'child-file');
    await page.getByRole('button', { name: 'Valider la fiche enfant' }).click();
    await page.getByRole('status').filter({ hasText: /enregistr/i }).first().waitFor();

    const child = (await t.inject({ method: 'GET', url: `/api/family/children/${leo.id}`, headers: { authorization: `Bearer ${await tokenOf(g.accountId)}` } })).json();
    expect(child).toMatchObject({ sex: 'M', school: 'École Jules Ferry', className: 'CE2', diet: { kind: 'allergy', details: 'Arachides' }, careplan: { hasPlan: false }, doctor: { name: 'Dr Martin' } });
    const contacts = child.contacts.map((c: { firstName: string; phones: string[]; emergency: boolean; pickup: boolean }) => [c.firstName, c.phones.length, c.emergency, c.pickup]).sort();
    expect(contacts).toEqual([
      ['Josette', 1, true, true],
      ['Luc', 2, true, false],
    ]);
    expect(child.authorizations.every((a: { answer: string }) => a.answer === 'yes')).toBe(true);
    await context.close();
  });

  it('shows the documents asked, sends one, shows it refused with the reason', async () => {
    const staff = await staffHeaders(t);
    const kind = await newKind(t, staff, { label: `Justificatif de domicile ${Date.now()}` });
    const family = await newFamily(t);
    const g = await guardianWithPassword(t, family);
    const context = await newContext(browser, t, 'phone');
    const page = await context.newPage();
    await login(page, g.email);
    await page.goto('/documents');
    await heading(page, 'Pièces justificatives');
    const proof = page.getByRole('listitem').filter({ hasText: kind.label });
    await proof.getByText('À fournir').waitFor();
    await checkPage(page, 'documents');
    await proof.getByRole('button', { name: /Envoyer ce document/ }).click();
    await page.getByLabel('Fichier').setInputFiles({ name: 'facture-edf.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await page.getByText(/Document envoyé/).waitFor();
    await proof.getByText('Envoyé, en cours de vérification').waitFor();
    await proof.getByRole('link', { name: 'facture-edf.pdf' }).waitFor();

    const [doc] = await t.dataSource.query(`SELECT id FROM family.document WHERE family_id = $1`, [family.id]);
    const reject = await t.inject({ method: 'POST', url: `/api/staff/documents/${doc.id}/reject`, headers: staff, payload: { reason: 'Document illisible' } });
    expect(reject.statusCode).toBe(200);
    await page.reload();
    await proof.getByText('Motif du refus : Document illisible').waitFor();
    await checkPage(page, 'documents-rejected');
    await context.close();
  });

  const tokenOf = async (accountId: string): Promise<string> => {
    const { randomBytes, createHash } = await import('node:crypto');
    const token = randomBytes(32).toString('base64url');
    await t.dataSource.query(`INSERT INTO identity.session (account_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '1 hour')`, [accountId, createHash('sha256').update(token).digest()]);
    return token;
  };
});
