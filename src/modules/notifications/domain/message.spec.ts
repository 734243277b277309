import { MAX_RETRY_DELAY_MS, retryDelayMs } from './message';

describe('retryDelayMs', () => {
  it('doubles from the first delay and stops at 30 minutes', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 5000))).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(12, 5000)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(1000, 5000)).toBe(MAX_RETRY_DELAY_MS);
  });
});
