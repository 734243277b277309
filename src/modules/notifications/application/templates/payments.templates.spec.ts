import { paymentTicketEmail } from './payments.templates';

describe('the payment ticket e-mail', () => {
  it('gives the ticket number, date, amount, invoices and authorisation number, in French', () => {
    const m = paymentTicketEmail({
      displayName: 'Marie Dupont',
      ticketNumber: 'TP-2026-000123',
      paidAt: '2026-11-14T13:05:00Z',
      amountCents: 3250,
      authorizationNumber: '482913',
      invoices: [
        { number: 'REST-2026-000001', amountCents: 2000 },
        { number: 'REST-2026-000002', amountCents: 1250 },
      ],
      registrationNumber: null,
      paymentUrl: 'https://guichet.example.fr/paiements/6c3c1c1e-0000-4000-8000-000000000000',
    });
    expect(m.subject).toBe('Ticket de paiement TP-2026-000123');
    expect(m.text).toContain('Votre paiement en ligne de 32,50\u00a0€ a été accepté le 14 novembre 2026 à 14:05.');
    expect(m.text).toContain('N° d’autorisation : 482913');
    expect(m.text).toContain('- Facture n° REST-2026-000001 : 20,00\u00a0€');
    expect(m.html).toContain('<li>Facture n° REST-2026-000002 : 12,50\u00a0€</li>');
    expect(m.html).toContain('href="https://guichet.example.fr/paiements/6c3c1c1e-0000-4000-8000-000000000000"');
  });

  it('escapes what it did not write', () => {
    const m = paymentTicketEmail({ displayName: '<b>x</b>', ticketNumber: 'TP-2026-000001', paidAt: '2026-01-01T00:00:00Z', amountCents: 100, authorizationNumber: null, invoices: [], registrationNumber: 'I2026-000001', paymentUrl: 'https://g.fr/p/1' });
    expect(m.html).not.toContain('<b>x</b>');
    expect(m.text).toContain('Inscription n° I2026-000001 : 1,00');
  });
});
