import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, effectiveShares, type VendorShare } from './allocation.js';

/** Runs a stream of contacts; each step names the vendors eligible for that contact. */
function run(targets: Record<string, number>, steps: ReadonlySet<string>[]) {
  const state = new Map(Object.keys(targets).map((v) => [v, 0]));
  const picks: (string | null)[] = [];
  const expected: Map<string, number>[] = [];
  for (const eligible of steps) {
    const shares: VendorShare[] = Object.entries(targets).map(([vendorId, share]) => ({
      vendorId,
      share,
      deficit: state.get(vendorId) ?? 0,
    }));
    expected.push(effectiveShares(shares, eligible));
    const { vendorId, deficits } = allocate(shares, eligible);
    for (const [v, d] of deficits) state.set(v, d);
    picks.push(vendorId);
  }
  return { picks, expected };
}

/** The largest gap, in contacts, between actual and target count of any vendor in any window. */
function worstWindowGap(
  picks: (string | null)[],
  expected: Map<string, number>[],
  window: number,
  vendors: string[],
) {
  let worst = 0;
  for (const v of vendors) {
    // prefix sums: actual and expected counts
    const actual = [0];
    const target = [0];
    for (let i = 0; i < picks.length; i++) {
      actual.push((actual[i] ?? 0) + (picks[i] === v ? 1 : 0));
      target.push((target[i] ?? 0) + (expected[i]?.get(v) ?? 0));
    }
    for (let end = Math.min(window, picks.length); end <= picks.length; end++) {
      const start = Math.max(0, end - window);
      const gap = Math.abs(actual[end]! - actual[start]! - (target[end]! - target[start]!));
      worst = Math.max(worst, gap);
    }
  }
  return worst;
}

describe('allocate', () => {
  it.each([
    {
      name: '60/30/10 over 10 contacts',
      targets: { a: 60, b: 30, c: 10 },
      n: 10,
      counts: { a: 6, b: 3, c: 1 },
    },
    { name: '50/50 alternates', targets: { a: 50, b: 50 }, n: 4, counts: { a: 2, b: 2 } },
    { name: 'a zero share is never chosen', targets: { a: 100, b: 0 }, n: 5, counts: { a: 5, b: 0 } },
    { name: '1/3 each over 9', targets: { a: 1, b: 1, c: 1 }, n: 9, counts: { a: 3, b: 3, c: 3 } },
  ] as { name: string; targets: Record<string, number>; n: number; counts: Record<string, number> }[])(
    '$name',
    ({ targets, n, counts }) => {
      const all = new Set(Object.keys(targets));
      const { picks } = run(
        targets,
        Array.from({ length: n }, () => all),
      );
      for (const [v, c] of Object.entries(counts)) expect(picks.filter((p) => p === v).length).toBe(c);
    },
  );

  it('gives everything to the only eligible vendor, and nothing when none is eligible', () => {
    const shares = [
      { vendorId: 'a', share: 60, deficit: 0 },
      { vendorId: 'b', share: 40, deficit: 0 },
    ];
    expect(allocate(shares, new Set(['b'])).vendorId).toBe('b');
    expect(allocate(shares, new Set()).vendorId).toBeNull();
    expect(allocate(shares, new Set(['c'])).vendorId).toBeNull();
  });

  it('is deterministic: ties go to the larger share, then the smaller id', () => {
    const tie = [
      { vendorId: 'b', share: 50, deficit: 0 },
      { vendorId: 'a', share: 50, deficit: 0 },
    ];
    expect(allocate(tie, new Set(['a', 'b'])).vendorId).toBe('a');
  });

  /**
   * The property: for every vendor and every window of 500 consecutive contacts, the number the
   * vendor received differs from the sum of its renormalised target shares over those contacts
   * (its share among the vendors eligible for each contact) by at most 10 contacts = 2 pp of 500,
   * for random targets, random streams and random eligibility changes.
   */
  it('keeps every vendor within ±2 pp of target over any 500 consecutive contacts', () => {
    const vendors = ['a', 'b', 'c', 'd', 'e'];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 5 }),
        // eligibility changes: segments of random length with a random non-empty eligible subset
        fc.array(
          fc.record({
            length: fc.integer({ min: 1, max: 400 }),
            mask: fc.integer({ min: 1, max: 31 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (weights, segments) => {
          const targets = Object.fromEntries(weights.map((w, i) => [vendors[i]!, w]));
          const steps: Set<string>[] = [];
          for (const { length, mask } of segments) {
            const eligible = new Set(vendors.slice(0, weights.length).filter((_, i) => mask & (1 << i)));
            if (eligible.size === 0) eligible.add('a');
            for (let i = 0; i < length; i++) steps.push(eligible);
          }
          const { picks, expected } = run(targets, steps);
          expect(worstWindowGap(picks, expected, 500, Object.keys(targets))).toBeLessThanOrEqual(10);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps within ±2 pp when eligibility flips contact by contact', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 500, maxLength: 1500 }),
        (weights, masks) => {
          const targets = { a: weights[0]!, b: weights[1]!, c: weights[2]! };
          const steps = masks.map((m) => new Set(['a', 'b', 'c'].filter((_, i) => m & (1 << i))));
          const { picks, expected } = run(targets, steps);
          expect(worstWindowGap(picks, expected, 500, ['a', 'b', 'c'])).toBeLessThanOrEqual(10);
        },
      ),
      { numRuns: 100 },
    );
  });
});
