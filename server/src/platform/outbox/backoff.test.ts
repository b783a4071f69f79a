import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, retryDelayMs } from './backoff.js';

describe('retry backoff', () => {
  it.each([
    [1, 0, 500],
    [1, 0.999999, 1000],
    [2, 0, 1000],
    [3, 0, 2000],
    [4, 0.5, 6000],
  ])('after %i failures with jitter %d waits %i ms (base 1 s)', (attempts, jitter, expected) => {
    expect(retryDelayMs(attempts, 1000, jitter)).toBe(expected);
  });

  it('never waits longer than the cap and grows with every failure until it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 120_000 }),
        (attempts, base) => {
          const now = retryDelayMs(attempts, base, 0);
          const next = retryDelayMs(attempts + 1, base, 0);
          expect(retryDelayMs(attempts, base, 0.999)).toBeLessThanOrEqual(MAX_RETRY_DELAY_MS);
          expect(next).toBeGreaterThanOrEqual(now);
          if (now < MAX_RETRY_DELAY_MS / 2 && base >= 10) expect(next).toBeGreaterThan(now);
        },
      ),
    );
  });
});
