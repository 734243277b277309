import { activationCodeSms, activationEmail, emailChangeEmail, passwordChangedEmail, passwordResetEmail } from './identity.templates';
import { escapeHtml, html, validity } from './html';

const at = '2025-11-21T13:05:00.000Z';
const plus = (minutes: number) => new Date(Date.parse(at) + minutes * 60_000).toISOString();

describe('identity message templates', () => {
  it('writes the activation SMS exactly', () => {
    expect(activationCodeSms({ code: '123456', occurredAt: at, expiresAt: plus(30) })).toBe("Votre code d'activation Guichet : 123456. Il est valable 30 minutes.");
  });

  it('refuses a code that is not 6 digits', () => {
    expect(() => activationCodeSms({ code: '12345', occurredAt: at, expiresAt: plus(30) })).toThrow(/6 digits/);
  });

  it('puts the reset link and its validity in both parts', () => {
    const m = passwordResetEmail({ displayName: 'Claire', resetUrl: 'https://guichet.example/r?t=a&b=c', occurredAt: at, expiresAt: plus(60) });
    expect(m.subject).toBe('Réinitialisation de votre mot de passe');
    expect(m.text).toContain('https://guichet.example/r?t=a&b=c');
    expect(m.text).toContain('valable 1 heure');
    expect(m.html).toContain('href="https://guichet.example/r?t=a&amp;b=c"');
    expect(m.html).toContain('valable 1 heure');
  });

  it('refuses a link that is not http(s)', () => {
    expect(() => emailChangeEmail({ displayName: 'x', newEmail: 'a@b.c', confirmUrl: 'javascript:alert(1)', occurredAt: at, expiresAt: plus(60) })).toThrow(/http\(s\)/);
  });

  it('escapes names and addresses in the HTML', () => {
    const m = emailChangeEmail({ displayName: '<b>Zoé</b>', newEmail: 'a"<x>@b.c', confirmUrl: 'https://g.example/c', occurredAt: at, expiresAt: plus(60) });
    expect(m.html).toContain('&lt;b&gt;Zoé&lt;/b&gt;');
    expect(m.html).toContain('a&quot;&lt;x&gt;@b.c');
    expect(m.html).not.toContain('<b>Zoé');
  });

  it('dates a password change in Paris time', () => {
    const m = passwordChangedEmail({ displayName: 'Inès', occurredAt: at, publicUrl: 'http://localhost:3000' });
    expect(m.text).toContain('modifié le 21 novembre 2025 à 14:05');
  });
});

describe('template helpers', () => {
  it.each([
    [30, '30 minutes'],
    [1, '1 minute'],
    [60, '1 heure'],
    [90, '90 minutes'],
    [120, '2 heures'],
    [1440, '1 jour'],
    [15 * 1440, '15 jours'],
    [0, 'quelques instants'],
    [-5, 'quelques instants'],
  ])('says %i minutes as "%s"', (minutes, words) => {
    expect(validity(at, plus(minutes))).toBe(words);
  });

  it('rounds to the minute (the event time and the expiry are taken a few ms apart)', () => {
    expect(validity(at, new Date(Date.parse(at) + 30 * 60_000 - 40).toISOString())).toBe('30 minutes');
  });

  it('escapes every interpolation unless it is already safe markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const inner = html`<em>${'<i>'}</em>`;
    expect(html`<p>${inner}${'&'}</p>`.value).toBe('<p><em>&lt;i&gt;</em>&amp;</p>');
  });

  it('gives the activation link, the future login and the 15-day limit', () => {
    const m = activationEmail({ displayName: 'Marie Dupont', email: 'marie@exemple.fr', confirmUrl: 'https://g.example/activation/confirmer?token=abc', occurredAt: at, expiresAt: '2025-12-06T13:05:00.000Z' });
    expect(m.subject).toBe('Terminez l’activation de votre compte Guichet');
    expect(m.text).toContain('https://g.example/activation/confirmer?token=abc');
    expect(m.text).toContain('Votre identifiant sera : marie@exemple.fr');
    expect(m.text).toContain("valable jusqu'au 6 décembre 2025 à 14:05");
    expect(m.html).toContain('href="https://g.example/activation/confirmer?token=abc"');
  });
});
