import { ConfigError, loadConfig } from '../../src/config/app-config';

describe('billing configuration', () => {
  it('looks for reminders once an hour unless told', () => {
    expect(loadConfig({}).billing).toEqual({ reminderIntervalMs: 3_600_000 });
    expect(loadConfig({ BILLING_REMINDER_INTERVAL_MS: '60000' }).billing).toEqual({ reminderIntervalMs: 60_000 });
  });

  it.each([
    ['5', /BILLING_REMINDER_INTERVAL_MS must be an integer between 10 and 86400000/],
    ['100000000', /BILLING_REMINDER_INTERVAL_MS must be an integer between 10 and 86400000/],
    ['1h', /BILLING_REMINDER_INTERVAL_MS must be an integer/],
  ])('refuses BILLING_REMINDER_INTERVAL_MS=%s', (value, message) => {
    expect(() => loadConfig({ BILLING_REMINDER_INTERVAL_MS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ BILLING_REMINDER_INTERVAL_MS: value })).toThrow(message);
  });
});
