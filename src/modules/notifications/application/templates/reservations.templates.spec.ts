import { frenchLongDate, requestDecisionEmail, RequestDecisionInput } from './reservations.templates';

const base: RequestDecisionInput = {
  outcome: 'refused',
  action: 'book',
  displayName: 'Marie Dupont',
  childFirstName: 'Léo',
  reservationNumber: 'R2026-000123',
  serviceLabel: 'Restauration scolaire',
  establishmentName: 'École Jules Ferry',
  days: [{ date: '2026-11-03', slot: null }],
  reason: 'Complet <ce jour-là> & "désolés"',
  reservationUrl: 'https://guichet.example/reservations/5d3c0b1e-1111-4222-8333-944445555666',
};

describe('reservation request messages', () => {
  it('writes a refusal with the day, the service, the reason and the link, in both parts', () => {
    const m = requestDecisionEmail(base);
    expect(m.subject).toBe('Demande de réservation refusée — R2026-000123');
    expect(m.text).toBe(`Bonjour Marie Dupont,

Votre demande de réservation n° R2026-000123 pour Léo a été refusée.

Service : Restauration scolaire (École Jules Ferry)
Jour concerné :
- mardi 3 novembre 2026

Motif : Complet <ce jour-là> & "désolés"

Le détail de la réservation est sur Guichet :
https://guichet.example/reservations/5d3c0b1e-1111-4222-8333-944445555666

-- 
Guichet — message envoyé automatiquement, merci de ne pas y répondre.
`);
    expect(m.html).toContain('<li>mardi 3 novembre 2026</li>');
    expect(m.html).toContain('<strong>Motif :</strong> Complet &lt;ce jour-là&gt; &amp; &quot;désolés&quot;');
    expect(m.html).toContain('href="https://guichet.example/reservations/5d3c0b1e-1111-4222-8333-944445555666"');
  });

  it('words cancellations and several days, with hourly slots; no reason when accepted', () => {
    const m = requestDecisionEmail({ ...base, outcome: 'accepted', action: 'cancel', reason: null, days: [{ date: '2026-11-03', slot: { start: '08:00', end: '12:30' } }, { date: '2026-11-05', slot: null }] });
    expect(m.subject).toBe('Demande d’annulation acceptée — R2026-000123');
    expect(m.text).toContain('Votre demande d’annulation n° R2026-000123 pour Léo a été acceptée : ces jours ne sont plus réservés.');
    expect(m.text).toContain('Jours concernés :\n- mardi 3 novembre 2026, de 08:00 à 12:30\n- jeudi 5 novembre 2026\n');
    expect(m.text).not.toContain('Motif');
    expect(m.html).not.toContain('Motif');
    const kept = requestDecisionEmail({ ...base, action: 'cancel' });
    expect(kept.text).toContain('a été refusée : ce jour reste réservé.');
  });

  it('escapes names in the HTML and refuses a link that is not http(s)', () => {
    const m = requestDecisionEmail({ ...base, displayName: '<b>Zoé</b>', childFirstName: null, serviceLabel: 'Cantine <i>' });
    expect(m.html).toContain('Bonjour &lt;b&gt;Zoé&lt;/b&gt;,');
    expect(m.html).toContain('pour votre enfant');
    expect(m.html).toContain('Cantine &lt;i&gt;');
    expect(() => requestDecisionEmail({ ...base, reservationUrl: 'javascript:alert(1)' })).toThrow(/http\(s\)/);
  });

  it('reads calendar days without a time-zone shift', () => {
    expect(frenchLongDate('2026-01-01')).toBe('jeudi 1er janvier 2026');
  });
});
