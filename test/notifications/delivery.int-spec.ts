import { LocalDeliveriesController } from '../../src/modules/notifications/http/local-deliveries.controller';
import { LocalDeliveriesRepository } from '../../src/modules/notifications/infrastructure/local-deliveries.repository';
import { EventConsumers } from '../../src/platform/events';
import { bearer, newSession } from '../factories/identity.factory';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { inMinutes, mailsTo, messagesOf, pause, publish, smsTo, uniqueEmail, uniqueMobile } from './notifications.support';

/**
 * identity's events → e-mails through the real local SMTP sink (nodemailer over SMTP) and SMS
 * through the recording gateway, each exactly once per event.
 */
describe('notifications: delivery of identity messages', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  /** Waits for the first mail to `address`, then a little more: a second one would show. */
  async function theOnlyMailTo(address: string) {
    await eventually(async () => (await mailsTo(t, address)).length > 0);
    await pause(300);
    const mails = await mailsTo(t, address);
    expect(mails).toHaveLength(1);
    return mails[0];
  }

  it('mails a password reset link, valid 1 hour, once', async () => {
    const email = uniqueEmail('reset');
    const resetUrl = 'http://localhost:3000/reinitialisation?jeton=abc123_-XYZ';
    const eventId = await publish(t, 'identity.password-reset.requested.v1', 'account-1', {
      accountId: 'account-1',
      email,
      displayName: 'Claire Martin',
      resetUrl,
      expiresAt: inMinutes(60),
    });
    const mail = await theOnlyMailTo(email);
    expect(mail.subject).toBe('Réinitialisation de votre mot de passe');
    expect(mail.from_header).toBe('"Guichet" <no-reply@guichet.localhost>');
    expect(mail.to_header).toBe(`"Claire Martin" <${email}>`);
    expect(mail.envelope_from).toBe('no-reply@guichet.localhost');
    expect(mail.text_body).toContain('Bonjour Claire Martin');
    expect(mail.text_body).toContain(resetUrl);
    expect(mail.text_body).toContain('valable 1 heure');
    expect(mail.html_body).toContain(`href="${resetUrl}"`);
    expect(mail.html_body).toContain('<html lang="fr">');

    const [message] = await messagesOf(t, eventId);
    expect(message).toMatchObject({ kind: 'password-reset', channel: 'email', recipient: email, status: 'sent', attempts: 1, content: null });
    // The Message-ID derives from the message id: a resend would carry the same one.
    expect(mail.message_id).toBe(`<${message.id}@guichet.localhost>`);
  });

  it('mails the confirmation link of an e-mail change to the new address only', async () => {
    const newEmail = uniqueEmail('new');
    const confirmUrl = 'http://localhost:3000/confirmation-email?jeton=def456';
    await publish(t, 'identity.email-change.requested.v1', 'account-2', {
      accountId: 'account-2',
      newEmail,
      displayName: 'Karim Benali',
      confirmUrl,
      expiresAt: inMinutes(24 * 60),
    });
    const mail = await theOnlyMailTo(newEmail);
    expect(mail.envelope_to).toEqual([newEmail]);
    expect(mail.subject).toBe('Confirmez votre nouvelle adresse e-mail');
    expect(mail.text_body).toContain(confirmUrl);
    expect(mail.text_body).toContain('valable 1 jour');
    expect(mail.html_body).toContain(`href="${confirmUrl}"`);
  });

  it('sends the activation code by SMS, once, with the exact French text', async () => {
    const mobile = uniqueMobile();
    const eventId = await publish(t, 'identity.activation-code.requested.v1', 'activation-1', {
      activationId: 'activation-1',
      mobile,
      code: '123456',
      expiresAt: inMinutes(30),
    });
    await eventually(async () => (await smsTo(t, mobile)).length > 0);
    await pause(300);
    const sms = await smsTo(t, mobile);
    expect(sms.map((s) => s.body)).toEqual(["Votre code d'activation Guichet : 123456. Il est valable 30 minutes."]);
    const [message] = await messagesOf(t, eventId);
    expect(message).toMatchObject({ channel: 'sms', status: 'sent', content: null });
    expect(sms[0].message_id).toBe(message.id);
  });

  it('tells the account holder that the password was changed', async () => {
    const email = uniqueEmail('changed');
    await publish(t, 'identity.password.changed.v1', 'account-3', { accountId: 'account-3', email, displayName: 'Inès Petit' });
    const mail = await theOnlyMailTo(email);
    expect(mail.subject).toBe('Votre mot de passe a été modifié');
    expect(mail.text_body).toMatch(/a été modifié le \d{1,2} \S+ \d{4} à \d{2}:\d{2}/);
    expect(mail.text_body).toContain('Mot de passe oublié');
    expect(mail.text_body).toContain('http://localhost:3000');
  });

  it('escapes what it interpolates into the HTML', async () => {
    const email = uniqueEmail('escape');
    await publish(t, 'identity.password.changed.v1', 'account-4', { accountId: 'account-4', email, displayName: '<img src=x onerror=alert(1)> & "Léa"' });
    const mail = await theOnlyMailTo(email);
    expect(mail.html_body).toContain('Bonjour &lt;img src=x onerror=alert(1)&gt; &amp; &quot;Léa&quot;,');
    expect(mail.html_body).not.toContain('<img');
    expect(mail.text_body).toContain('Bonjour <img src=x onerror=alert(1)> & "Léa",'); // plain text is plain
  });

  it('sends nothing more when the event is redelivered, relayed again, or applied again past the inbox', async () => {
    const email = uniqueEmail('twice');
    const eventId = await publish(t, 'identity.password-reset.requested.v1', 'account-5', {
      accountId: 'account-5',
      email,
      displayName: 'Paul Durand',
      resetUrl: 'http://localhost:3000/reinitialisation?jeton=once',
      expiresAt: inMinutes(60),
    });
    await theOnlyMailTo(email);
    const handler = 'IdentityMessagesHandler.onPasswordResetRequested';
    const [row] = await t.dataSource.query(`SELECT id, type, version, aggregate_id, payload, occurred_at FROM platform.outbox_event WHERE id = $1`, [eventId]);
    const event = { id: row.id, type: row.type, version: row.version, occurredAt: row.occurred_at.toISOString(), aggregateId: row.aggregate_id, payload: row.payload };
    const consumers = t.app.get(EventConsumers);

    // 1. The same job delivered again: the inbox makes it a no-op.
    await expect(consumers.deliver({ event, handler })).resolves.toBe('duplicate');
    // 2. A second relay of the same outbox row.
    await t.dataSource.query(`UPDATE platform.outbox_event SET relayed_at = NULL WHERE id = $1`, [eventId]);
    await eventually(async () => (await t.dataSource.query(`SELECT 1 FROM platform.outbox_event WHERE id = $1 AND relayed_at IS NOT NULL`, [eventId])).length);
    // 3. Even applied again (inbox row gone, e.g. purged): one message per event and kind.
    await t.dataSource.query(`DELETE FROM platform.event_inbox WHERE event_id = $1`, [eventId]);
    await expect(consumers.deliver({ event, handler })).resolves.toBe('applied');

    await pause(500);
    expect(await mailsTo(t, email)).toHaveLength(1);
    expect(await messagesOf(t, eventId)).toHaveLength(1);
  });

  it('drops a message whose code has expired before it could be sent', async () => {
    const mobile = uniqueMobile();
    const eventId = await publish(t, 'identity.activation-code.requested.v1', 'activation-2', {
      activationId: 'activation-2',
      mobile,
      code: '654321',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    await eventually(async () => (await messagesOf(t, eventId))[0]?.status === 'expired');
    const [message] = await messagesOf(t, eventId);
    expect(message).toMatchObject({ attempts: 0, content: null });
    expect(await smsTo(t, mobile)).toEqual([]);
  });

  it('lists what the local stand-ins received, to staff only', async () => {
    const email = uniqueEmail('listed');
    await publish(t, 'identity.password.changed.v1', 'account-6', { accountId: 'account-6', email, displayName: 'Nora Lefèvre' });
    await theOnlyMailTo(email);
    const staff = await newSession(t.dataSource, 'staff');
    const res = await t.inject({ method: 'GET', url: `/api/admin/notifications/sink/mails?to=${encodeURIComponent(email)}`, headers: bearer(staff.token) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([expect.objectContaining({ envelopeTo: [email], subject: 'Votre mot de passe a été modifié', text: expect.stringContaining('Nora Lefèvre') })]);

    const sms = await t.inject({ method: 'GET', url: '/api/admin/notifications/recorded-sms?limit=1', headers: bearer(staff.token) });
    expect(sms.statusCode).toBe(200);
    expect(sms.json()).toHaveLength(1);

    const guardian = await newSession(t.dataSource, 'guardian');
    expect((await t.inject({ method: 'GET', url: '/api/admin/notifications/sink/mails', headers: bearer(guardian.token) })).statusCode).toBe(403);
    expect((await t.inject({ method: 'GET', url: '/api/admin/notifications/sink/mails' })).statusCode).toBe(401);
    const bad = await t.inject({ method: 'GET', url: '/api/admin/notifications/sink/mails?limit=0', headers: bearer(staff.token) });
    expect(bad.statusCode).toBe(400);
  });

  it('hides those lists in production', async () => {
    const controller = new LocalDeliveriesController(t.app.get(LocalDeliveriesRepository), { ...t.config, nodeEnv: 'production' });
    expect(() => controller.mails({ limit: 1 })).toThrow(expect.objectContaining({ kind: 'not_found' }));
    expect(() => controller.sms({ limit: 1 })).toThrow(expect.objectContaining({ kind: 'not_found' }));
  });
});
