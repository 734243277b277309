import { ConfigError, loadConfig } from '../../src/config/app-config';

describe('notifications configuration', () => {
  it('defaults to the local SMTP sink and recorded SMS', () => {
    expect(loadConfig({}).notifications).toEqual({
      mail: { smtpUrl: undefined, from: 'Guichet <no-reply@guichet.localhost>', sinkPort: 1025 },
      sms: { gateway: 'record' },
      sendIntervalMs: 200,
      maxAttempts: 12,
      backoffMs: 5000,
    });
  });

  it('takes an SMTP server and a sender', () => {
    const { mail } = loadConfig({ SMTP_URL: 'smtps://user:pa%40ss@mail.example.org:465', MAIL_FROM: 'École <ne-pas-repondre@ecole.example.org>' }).notifications;
    expect(mail).toMatchObject({ smtpUrl: 'smtps://user:pa%40ss@mail.example.org:465', from: 'École <ne-pas-repondre@ecole.example.org>' });
    expect(loadConfig({ MAIL_FROM: 'no-reply@ecole.example.org' }).notifications.mail.from).toBe('no-reply@ecole.example.org');
  });

  it.each([
    ['SMTP_URL', 'http://mail.example.org', /SMTP_URL must be a smtp: or smtps:/],
    ['SMTP_URL', 'mail.example.org', /SMTP_URL is not a valid URL/],
    ['MAIL_FROM', 'Guichet', /MAIL_FROM must be an address/],
    ['MAIL_FROM', 'Guichet <no-reply>', /MAIL_FROM must be an address/],
    ['SMTP_SINK_PORT', '70000', /SMTP_SINK_PORT must be an integer between 0 and 65535/],
    ['SMS_GATEWAY', 'twilio', /SMS_GATEWAY must be one of record/],
    ['NOTIFICATIONS_MAX_ATTEMPTS', '0', /NOTIFICATIONS_MAX_ATTEMPTS must be an integer/],
    ['NOTIFICATIONS_BACKOFF_MS', 'soon', /NOTIFICATIONS_BACKOFF_MS must be an integer/],
    ['NOTIFICATIONS_SEND_INTERVAL_MS', '5', /NOTIFICATIONS_SEND_INTERVAL_MS must be an integer/],
  ])('refuses %s=%s', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
