import { invoiceIssuedEmail, invoiceReminderEmail } from './billing.templates';

const url = 'https://guichet.example/factures/5d3c0b1e-1111-4222-8333-944445555666';

describe('invoice messages', () => {
  it('announces a new invoice with its number, amount, due date and link', () => {
    const m = invoiceIssuedEmail({ displayName: 'Marie Dupont', number: 'REST-2026-000123', totalCents: 123456, remainingCents: 123456, dueOn: '2026-12-01', invoiceUrl: url });
    expect(m.subject).toBe('Nouvelle facture REST-2026-000123');
    expect(m.text).toBe(`Bonjour Marie Dupont,

Une nouvelle facture est disponible sur Guichet : n° REST-2026-000123, d’un montant de 1\u202f234,56\u00a0€.
Elle est à régler avant le mardi 1er décembre 2026.

Vous pouvez la consulter, la télécharger et la payer en ligne sur Guichet :
${url}

-- 
Guichet — message envoyé automatiquement, merci de ne pas y répondre.
`);
    expect(m.html).toContain(`href="${url}"`);
    expect(m.html).toContain('Voir et payer la facture');
  });

  it('says when an invoice is already paid (a term activity paid at registration)', () => {
    const m = invoiceIssuedEmail({ displayName: 'Marie Dupont', number: 'ACT-2026-000001', totalCents: 9000, remainingCents: 0, dueOn: '2026-12-01', invoiceUrl: url });
    expect(m.text).toContain('Elle est déjà réglée : vous n’avez rien à payer.');
    expect(m.text).not.toContain('payer en ligne');
  });

  it('reminds of what remains due; the second reminder says the public accountant comes next', () => {
    const first = invoiceReminderEmail({ displayName: 'Paul Dupont', number: 'REST-2026-000123', remainingCents: 1250, dueOn: '2026-11-30', rank: 1, invoiceUrl: url });
    expect(first.subject).toBe('Rappel : facture REST-2026-000123 à régler');
    expect(first.text).toContain('la facture n° REST-2026-000123, arrivée à échéance le lundi 30 novembre 2026, n’est pas entièrement réglée : il reste 12,50\u00a0€ à payer.');
    expect(first.text).not.toContain('comptable public');
    expect(first.text).toContain(url);
    const second = invoiceReminderEmail({ displayName: 'Paul Dupont', number: 'REST-2026-000123', remainingCents: 1250, dueOn: '2026-11-30', rank: 2, invoiceUrl: url });
    expect(second.subject).toBe('Second rappel : facture REST-2026-000123 à régler');
    expect(second.text).toContain('comptable public');
    expect(second.html).toContain('<strong>Sans règlement de votre part');
  });

  it('escapes what goes into HTML', () => {
    const m = invoiceIssuedEmail({ displayName: 'Marie <b>Dupont</b>', number: 'REST-2026-000123', totalCents: 100, remainingCents: 100, dueOn: '2026-12-01', invoiceUrl: url });
    expect(m.html).toContain('Marie &lt;b&gt;Dupont&lt;/b&gt;');
  });
});
