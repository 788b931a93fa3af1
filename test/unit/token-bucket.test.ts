import { describe, expect, it } from 'vitest';
import { createTokenBucket } from '../../src/kernel/token-bucket';

describe('the token bucket', () => {
  it('refuses a request over the budget without waiting, and grants it again as tokens refill', () => {
    let now = 0;
    const bucket = createTokenBucket({ ratePerSecond: 2, burst: 3, nowMs: () => now });
    expect([1, 2, 3, 4].map(() => bucket.tryTake())).toEqual([true, true, true, false]);
    now += 499;
    expect(bucket.tryTake()).toBe(false);
    now += 1;
    expect(bucket.tryTake()).toBe(true);
    // A long pause refills no more than the burst.
    now += 60_000;
    expect(bucket.available()).toBe(3);
  });

  it('serves waiting callers in order', async () => {
    let now = 0;
    const bucket = createTokenBucket({
      ratePerSecond: 1,
      burst: 1,
      nowMs: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => bucket.take().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3]);
    expect(now).toBe(2000);
  });

  it.each([
    [0, 5],
    [2, 0],
    [Number.NaN, 5],
  ])('refuses a budget of %s a second with a burst of %s', (ratePerSecond, burst) => {
    expect(() => createTokenBucket({ ratePerSecond, burst })).toThrow(/ratePerSecond > 0 and burst >= 1/);
  });
});
