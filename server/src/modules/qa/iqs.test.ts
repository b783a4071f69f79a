import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counts, IQS_VARIANT, type IqsReview, iqsBy } from './iqs.js';

const period = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
const r = (key: string | null, score: number | null, extra: Partial<IqsReview> = {}): IqsReview => ({
  key,
  state: 'submitted',
  submitted_at: '2026-03-10T12:00:00.000Z',
  score_percent: score,
  ...extra,
});

describe('IQS: which reviews count', () => {
  it.each<[string, IqsReview, boolean]>([
    ['a submitted review in the period', r('a', 80), true],
    ['a draft, even with a score', r('a', 80, { state: 'draft' }), false],
    ['a draft without a submission time', r('a', null, { state: 'draft', submitted_at: null }), false],
    ['submitted exactly at from (inclusive)', r('a', 80, { submitted_at: period.from }), true],
    ['submitted exactly at to (exclusive)', r('a', 80, { submitted_at: period.to }), false],
    ['submitted before the period', r('a', 80, { submitted_at: '2026-02-28T23:59:59.999Z' }), false],
    ['an offset instant inside the period', r('a', 80, { submitted_at: '2026-03-01T00:30:00+01:00' }), false],
    ['a bonus score above 100', r('a', 110), true],
    ['a zero (auto-failed) score', r('a', 0), true],
  ])('%s', (_name, review, expected) => {
    expect(counts(review, period)).toBe(expected);
  });
});

describe('IQS: the mean of the counted scores', () => {
  it('groups, totals and keeps bonus scores as stored', () => {
    const result = iqsBy(
      [
        r('b', 50),
        r('a', 100),
        r('a', 80),
        r('a', 10, { state: 'draft' }),
        r('b', 110),
        r(null, 40),
        r('b', 0, { submitted_at: '2026-04-01T00:00:00.000Z' }),
      ],
      period,
    );
    expect(result.groups).toEqual([
      { key: 'a', figure: { value: 90, numerator: 180, denominator: 2, variant: IQS_VARIANT } },
      { key: 'b', figure: { value: 80, numerator: 160, denominator: 2, variant: IQS_VARIANT } },
      { key: null, figure: { value: 40, numerator: 40, denominator: 1, variant: IQS_VARIANT } },
    ]);
    expect(result.total).toEqual({ value: 76, numerator: 380, denominator: 5, variant: IQS_VARIANT });
  });
  it('no counted review: no groups and a null value, not 0', () => {
    const result = iqsBy([r('a', 70, { state: 'draft' })], period);
    expect(result.groups).toEqual([]);
    expect(result.total).toEqual({ value: null, numerator: 0, denominator: 0, variant: IQS_VARIANT });
  });
});

const arbReview = fc.record({
  key: fc.constantFrom('a', 'b', 'c', null),
  state: fc.constantFrom('draft' as const, 'submitted' as const),
  submitted_at: fc.option(
    fc
      .integer({ min: Date.parse('2026-02-20'), max: Date.parse('2026-04-10') })
      .map((t) => new Date(t).toISOString()),
  ),
  score_percent: fc.option(fc.double({ min: 0, max: 150, noNaN: true })),
});

describe('IQS properties', () => {
  it('value × denominator = numerator; groups sum to the total; order does not matter', () => {
    fc.assert(
      fc.property(fc.array(arbReview, { maxLength: 60 }), fc.integer(), (reviews, seed) => {
        const result = iqsBy(reviews, period);
        const counted = reviews.filter((x) => counts(x, period));
        expect(result.total.denominator).toBe(counted.length);
        for (const f of [result.total, ...result.groups.map((g) => g.figure)]) {
          if (f.denominator === 0) expect(f.value).toBeNull();
          else expect((f.value as number) * f.denominator).toBeCloseTo(f.numerator, 6);
        }
        const sum = result.groups.reduce((s, g) => s + g.figure.numerator, 0);
        expect(result.groups.reduce((s, g) => s + g.figure.denominator, 0)).toBe(result.total.denominator);
        expect(sum).toBeCloseTo(result.total.numerator, 6);
        const shuffled = [...reviews]
          .map((x, i) => ({ x, k: Math.imul(i + 1, seed | 1) ^ seed }))
          .sort((p, q) => p.k - q.k)
          .map((p) => p.x);
        expect(iqsBy(shuffled, period)).toEqual(result);
      }),
    );
  });
});
