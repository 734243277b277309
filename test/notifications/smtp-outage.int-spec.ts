import { SMTPServer } from 'smtp-server';
import { MessageRepository } from '../../src/modules/notifications/infrastructure/message.repository';
import { SmtpSink } from '../../src/modules/notifications/infrastructure/smtp-sink';
import { freePorts } from '../support/guichet-process';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { inMinutes, mailsTo, messagesOf, pause, publish, uniqueEmail } from './notifications.support';

/**
 * Guichet sending to an SMTP server given by SMTP_URL that is down, refuses, or comes back:
 * retried with backoff, delivered once when the server answers, given up when refused for good.
 */
describe('notifications: SMTP server outages', () => {
  let t: TestApp;
  let port: number;
  let sink: SmtpSink | undefined;
  let refusing: SMTPServer | undefined;

  beforeAll(async () => {
    [port] = await freePorts(1); // nothing listens there yet
    t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, NOTIFICATIONS_BACKOFF_MS: '100', NOTIFICATIONS_MAX_ATTEMPTS: '6' } });
  });
  afterEach(async () => {
    await sink?.stop();
    sink = undefined;
    if (refusing) await new Promise((r) => refusing!.close(() => r(undefined)));
    refusing = undefined;
  });
  afterAll(() => t?.close());

  const resetEvent = (email: string) =>
    publish(t, 'identity.password-reset.requested.v1', 'account-x', {
      accountId: 'account-x',
      email,
      displayName: 'Claire Martin',
      resetUrl: 'http://localhost:3000/reinitialisation?jeton=retry',
      expiresAt: inMinutes(60),
    });

  it('retries while the server is down and delivers once it is back', async () => {
    const email = uniqueEmail('outage');
    const eventId = await resetEvent(email);
    const failing = await eventually(async () => {
      const [m] = await messagesOf(t, eventId);
      return m?.attempts >= 2 ? m : undefined;
    });
    expect(failing).toMatchObject({ status: 'pending', last_error: expect.stringMatching(/ECONNREFUSED|ESOCKET|ECONNECTION/) });
    expect(await mailsTo(t, email)).toEqual([]);

    sink = new SmtpSink(t.dataSource);
    await sink.start(port);
    await eventually(async () => (await messagesOf(t, eventId))[0]?.status === 'sent');
    await pause(400);
    const mails = await mailsTo(t, email);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Réinitialisation de votre mot de passe');
    const [message] = await messagesOf(t, eventId);
    expect(message.attempts).toBeGreaterThanOrEqual(3);
    expect(message.last_error).toBeNull();
  });

  it('gives up after NOTIFICATIONS_MAX_ATTEMPTS and erases the content', async () => {
    const eventId = await resetEvent(uniqueEmail('never'));
    await eventually(async () => (await messagesOf(t, eventId))[0]?.status === 'failed', 20_000);
    const [message] = await messagesOf(t, eventId);
    expect(message).toMatchObject({ attempts: 6, content: null, last_error: expect.any(String) });
  });

  it('does not retry a recipient the server refuses for good', async () => {
    refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 500,
      onRcptTo: (_address, _session, callback) => callback(Object.assign(new Error('5.1.1 Mailbox unknown'), { responseCode: 550 })),
    });
    await new Promise<void>((r) => refusing!.listen(port, '127.0.0.1', () => r()));
    const eventId = await resetEvent(uniqueEmail('unknown'));
    await eventually(async () => (await messagesOf(t, eventId))[0]?.status === 'failed');
    const [message] = await messagesOf(t, eventId);
    expect(message).toMatchObject({ attempts: 1, last_error: expect.stringContaining('550') });
  });

  it('sends again, with the same Message-ID, a mail whose success could not be recorded (the at-least-once window)', async () => {
    sink = new SmtpSink(t.dataSource);
    await sink.start(port);
    const repository = t.app.get(MessageRepository);
    const spy = jest.spyOn(repository, 'markSent').mockRejectedValue(new Error('database unreachable'));
    try {
      const email = uniqueEmail('lost');
      const eventId = await resetEvent(email);
      await eventually(async () => spy.mock.calls.length >= 5, 10_000); // sent, then 5 tries to record it
      expect((await messagesOf(t, eventId))[0]).toMatchObject({ status: 'pending', attempts: 1 });
      spy.mockRestore();
      // The worker "died" here; once the lease is over another sender takes the message again.
      await t.dataSource.query(`UPDATE notifications.message SET next_attempt_at = now() WHERE event_id = $1`, [eventId]);
      await eventually(async () => (await messagesOf(t, eventId))[0]?.status === 'sent');
      const mails = await mailsTo(t, email);
      expect(mails).toHaveLength(2);
      expect(mails[1].message_id).toBe(mails[0].message_id);
    } finally {
      spy.mockRestore();
    }
  });
});
