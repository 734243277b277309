import { guardianOf } from '../factories/family.factory';
import { bearer, newSession } from '../factories/identity.factory';
import { book, enrolledChild, Headers, inDays, newCatalogue } from '../factories/reservations.factory';
import { openDays } from '../reservations/days.support';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { mailsTo, messagesOf, pause } from './notifications.support';

/**
 * Staff decide a request made after the deadline → the guardians of the family who have an account
 * get a French e-mail (text + HTML) with the days, the service and, for a refusal, the reason; through
 * the real outbox, queue, handler, sender and local SMTP sink.
 */
describe('notifications: reservation requests accepted or refused', () => {
  let t: TestApp;
  let staff: Headers;

  beforeAll(async () => {
    t = await startTestApp({ role: 'all' });
    staff = bearer((await newSession(t.dataSource, 'staff')).token);
  });
  afterAll(() => t?.close());

  const requestsCatalogue = () =>
    newCatalogue(t, staff, { weekdays: [1, 2, 3, 4, 5, 6, 7], followsSchoolCalendar: false }, { startsOn: inDays(3), endsOn: inDays(60), deadline: { daysBefore: 30, at: '00:00' } });
  const pendingOf = async (serviceId: string) =>
    (await t.inject({ method: 'GET', url: `/api/staff/reservations/requests?serviceId=${serviceId}`, headers: staff })).json() as { itemId: string; day: string; action: string }[];
  const decide = (payload: object) => t.inject({ method: 'POST', url: '/api/staff/reservations/requests/decisions', headers: staff, payload });
  const frenchLong = (day: string) =>
    new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)).replace(/^(\S+) 1 /, '$1 1er ');

  it('mails a refusal with its reason (escaped in HTML) to the guardian with an account, not to the one without', async () => {
    const c = await requestsCatalogue();
    const { family, guardian, childId } = await enrolledChild(t, c);
    const [d1, , d2] = openDays(15, 3);
    const reservation = (await book(t, guardian, c, childId, { book: { dates: [d1, d2] } })).json();
    const reason = 'Sortie scolaire <ce jour-là> : pas de repas servi & "la cantine" ferme.';
    const res = await decide({ itemIds: (await pendingOf(c.service.id)).map((i) => i.itemId), decision: 'refuse', reason });
    expect(res.statusCode).toBe(200);

    const [withAccount, withoutAccount] = family.guardians;
    const mail = (await eventually(async () => (await mailsTo(t, withAccount.email))[0]))!;
    expect(mail.subject).toBe(`Demande de réservation refusée — ${reservation.number}`);
    expect(mail.to_header).toBe(`"Marie Dupont" <${withAccount.email.toLowerCase()}>`);
    expect(mail.text_body).toContain('Bonjour Marie Dupont,');
    expect(mail.text_body).toContain(`Votre demande de réservation n° ${reservation.number} pour Léo a été refusée.`);
    expect(mail.text_body).toContain('Restauration scolaire');
    expect(mail.text_body).toContain(`- ${frenchLong(d1)}`);
    expect(mail.text_body).toContain(`- ${frenchLong(d2)}`);
    expect(mail.text_body).toContain(`Motif : ${reason}`);
    const link = `${t.config.publicUrl}/reservations/${reservation.id}`;
    expect(mail.text_body).toContain(link);
    expect(mail.html_body).toContain(`href="${link}"`);
    expect(mail.html_body).toContain('Sortie scolaire &lt;ce jour-là&gt; : pas de repas servi &amp; &quot;la cantine&quot; ferme.');
    expect(mail.html_body).not.toContain('<ce jour-là>');
    // never health data (the child's file has a diet and a PAI answer)
    for (const body of [mail.text_body, mail.html_body]) expect(body).not.toMatch(/porc|PAI|régime/i);

    await pause(300);
    expect(await mailsTo(t, withAccount.email)).toHaveLength(1);
    expect(await mailsTo(t, withoutAccount.email)).toEqual([]);
    const [event] = await t.dataSource.query(`SELECT id FROM platform.outbox_event WHERE type = 'reservations.request.refused.v1' AND aggregate_id = $1`, [reservation.id]);
    expect(await messagesOf(t, event.id)).toEqual([expect.objectContaining({ kind: 'reservation-request-refused', channel: 'email', recipient: withAccount.email, status: 'sent' })]);
  });

  it('mails an acceptance to both guardians when both have an account; a cancellation request has its own wording', async () => {
    const c = await requestsCatalogue();
    const { family, guardian, childId } = await enrolledChild(t, c);
    await guardianOf(t, family, 1);
    const [day] = openDays(20);
    const reservation = (await book(t, guardian, c, childId, { book: { dates: [day] } })).json();
    expect((await decide({ itemIds: (await pendingOf(c.service.id)).map((i) => i.itemId), decision: 'accept' })).statusCode).toBe(200);

    for (const g of family.guardians) {
      const mail = (await eventually(async () => (await mailsTo(t, g.email))[0]))!;
      expect(mail.subject).toBe(`Demande de réservation acceptée — ${reservation.number}`);
      expect(mail.text_body).toContain(`Bonjour ${g.firstName} ${g.lastName},`);
      expect(mail.text_body).toContain(`Votre demande de réservation n° ${reservation.number} pour Léo a été acceptée.`);
      expect(mail.text_body).toContain(`- ${frenchLong(day)}`);
      expect(mail.text_body).not.toContain('Motif');
    }

    const cancel = (await book(t, guardian, c, childId, { cancel: { dates: [day] } })).json();
    expect(cancel.state).toBe('requested');
    expect((await decide({ itemIds: (await pendingOf(c.service.id)).map((i) => i.itemId), decision: 'accept' })).statusCode).toBe(200);
    const mails = (await eventually(async () => {
      const all = await mailsTo(t, family.guardians[0].email);
      return all.length === 2 ? all : undefined;
    }))!;
    expect(mails[1].subject).toBe(`Demande d’annulation acceptée — ${cancel.number}`);
    expect(mails[1].text_body).toContain(`Votre demande d’annulation n° ${cancel.number} pour Léo a été acceptée : ce jour n’est plus réservé.`);
  });
});
