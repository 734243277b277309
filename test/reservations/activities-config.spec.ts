import { ConfigError, loadConfig } from '../../src/config/app-config';

describe('term activities configuration', () => {
  it('holds places 45 minutes (longer than the 30-minute payment lock and PayFiP’s 15-minute idOp) and sweeps every 30 s', () => {
    expect(loadConfig({}).reservations).toEqual({ activityHoldMinutes: 45, activitySweepIntervalMs: 30_000 });
    expect(loadConfig({ ACTIVITY_HOLD_MINUTES: '60', ACTIVITY_SWEEP_INTERVAL_MS: '5000' }).reservations).toEqual({ activityHoldMinutes: 60, activitySweepIntervalMs: 5000 });
  });

  it.each([
    ['ACTIVITY_HOLD_MINUTES', '0', /ACTIVITY_HOLD_MINUTES must be an integer between 1 and 1440/],
    ['ACTIVITY_HOLD_MINUTES', '3 jours', /ACTIVITY_HOLD_MINUTES must be an integer/],
    ['ACTIVITY_SWEEP_INTERVAL_MS', '5', /ACTIVITY_SWEEP_INTERVAL_MS must be an integer between 10 and 3600000/],
    ['ACTIVITY_SWEEP_INTERVAL_MS', 'often', /ACTIVITY_SWEEP_INTERVAL_MS must be an integer/],
  ])('refuses %s=%s', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
