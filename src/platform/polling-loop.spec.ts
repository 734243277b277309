import { PollingLoop } from './polling-loop';

describe('PollingLoop', () => {
  it('runs again at once while work is waiting, then every interval', async () => {
    const calls: number[] = [];
    let waiting = 3;
    const loop = new PollingLoop({ name: 'test', intervalMs: 10_000, failureMessage: 'x', step: async () => (calls.push(Date.now()), waiting-- > 0) });
    loop.start();
    await new Promise((r) => setTimeout(r, 50));
    await loop.stop();
    expect(calls).toHaveLength(4); // 3 with work waiting, then one that sleeps the interval
  });

  it('backs off while the step fails and recovers', async () => {
    let n = 0;
    const loop = new PollingLoop({
      name: 'test',
      intervalMs: 5,
      failureMessage: 'x',
      step: async () => {
        n++;
        if (n <= 3) throw new Error('down');
        return false;
      },
    });
    loop.start();
    await new Promise((r) => setTimeout(r, 30)); // 10 + 20 ms of backoff: still failing or just recovered
    const early = n;
    await new Promise((r) => setTimeout(r, 200));
    await loop.stop();
    expect(early).toBeLessThanOrEqual(3);
    expect(n).toBeGreaterThan(4);
  });

  it('runs the hourly housekeeping once, and stop() wakes a sleeping loop', async () => {
    const hourly = jest.fn(async () => undefined);
    const loop = new PollingLoop({ name: 'test', intervalMs: 60_000, failureMessage: 'x', step: async () => false, hourly });
    loop.start();
    await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    await loop.stop();
    expect(Date.now() - t0).toBeLessThan(100);
    expect(hourly).toHaveBeenCalledTimes(1);
  });
});
