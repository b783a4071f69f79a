import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CalibrationScore, graderMeans, sessionAlignment } from './calibration.js';
import type { Answers, AnswerValue, Criterion, ScorecardDefinition } from './scoring.js';

const criterion = (id: string, extra: Partial<Criterion> = {}): Criterion => ({
  id,
  name: id,
  scale: { kind: 'binary' },
  weight: 1,
  na_allowed: true,
  critical: 'none',
  ...extra,
});
/** a: 5 points, weight 2; b: binary; c: binary, N/A allowed. */
const definition: ScorecardDefinition = {
  weighting: 'points',
  allow_above_100: false,
  sections: [
    {
      id: 's',
      name: 's',
      weight: 1,
      bonus: false,
      criteria: [
        criterion('a', { scale: { kind: 'points', points: 5 }, weight: 2 }),
        criterion('b'),
        criterion('c'),
      ],
    },
  ],
};
const score = (reviewerId: string, ticketId: string, answers: Answers): CalibrationScore => ({
  reviewerId,
  ticketId,
  answers,
});

describe('calibration: a small session computed by hand', () => {
  const scores = [
    score('bench', 't1', { a: 5, b: 1, c: 'n/a' }),
    score('bench', 't2', { a: 3, b: 0, c: 1 }),
    // t1: a 1 − 1/4 = 0.75 × 2 = 1.5; b 1; c both N/A, left out → 2.5 / 3.
    score('r1', 't1', { a: 4, b: 1, c: 'n/a' }),
    // t2: a 2; b 0; c 1 → 3 / 4.
    score('r1', 't2', { a: 3, b: 1, c: 1 }),
    // t1: a 1 − 4/4 = 0; b 0; c answered against N/A → 0 → 0 / 4.
    score('r2', 't1', { a: 1, b: 0, c: 1 }),
    // The benchmark did not score t3: left out for everyone.
    score('r2', 't3', { a: 5, b: 1, c: 1 }),
  ];
  const result = sessionAlignment(definition, 'bench', scores);
  const byId = new Map(result.reviewers.map((r) => [r.reviewer_id, r]));

  it.each([
    { reviewer: 'bench', numerator: 7, denominator: 7, pct: 100, conversations: 2 },
    { reviewer: 'r1', numerator: 5.5, denominator: 7, pct: (100 * 5.5) / 7, conversations: 2 },
    { reviewer: 'r2', numerator: 0, denominator: 4, pct: 0, conversations: 1 },
  ])('$reviewer aligns $pct%', (row) => {
    const r = byId.get(row.reviewer)!;
    expect(r.numerator).toBeCloseTo(row.numerator, 12);
    expect(r.denominator).toBe(row.denominator);
    expect(r.percent).toBeCloseTo(row.pct, 9);
    expect(r.conversations).toBe(row.conversations);
    expect(r.benchmark).toBe(row.reviewer === 'bench');
  });

  it('per criterion across reviewers, the benchmark left out', () => {
    // a: 1.5 + 2 + 0 of 6; b: 1 + 0 + 0 of 3; c: (left out) + 1 + 0 of 2.
    expect(result.criteria).toEqual([
      { id: 'a', numerator: 3.5, denominator: 6, percent: (100 * 3.5) / 6 },
      { id: 'b', numerator: 1, denominator: 3, percent: 100 / 3 },
      { id: 'c', numerator: 1, denominator: 2, percent: 50 },
    ]);
    expect(byId.get('r1')!.criteria.find((c) => c.id === 'c')).toEqual({
      id: 'c',
      numerator: 1,
      denominator: 1,
      percent: 100,
    });
  });

  it('grades the grader: each closed session counts once; the benchmark’s own sessions do not', () => {
    const other = sessionAlignment(definition, 'r1', [
      score('r1', 't9', { a: 5, b: 1, c: 1 }),
      score('r2', 't9', { a: 5, b: 1, c: 1 }),
    ]);
    expect(graderMeans([result, other])).toEqual([
      { reviewer_id: 'r1', sessions: 1, mean_alignment: (100 * 5.5) / 7 },
      { reviewer_id: 'r2', sessions: 2, mean_alignment: 50 },
    ]);
  });
});

// --- Properties ---------------------------------------------------------------------------------

const scaleArb = fc.oneof(
  fc.constant({ kind: 'binary' } as const),
  fc.constantFrom(3, 4, 5).map((points) => ({ kind: 'points', points }) as const),
  fc
    .uniqueArray(fc.integer({ min: -5, max: 20 }), { minLength: 2, maxLength: 5 })
    .map((values) => ({ kind: 'custom', values }) as const),
);
const values = (c: Criterion): number[] =>
  c.scale.kind === 'binary'
    ? [0, 1]
    : c.scale.kind === 'points'
      ? Array.from({ length: c.scale.points }, (_, i) => i + 1)
      : [...c.scale.values];

const sessionArb = fc
  .record({
    criteria: fc.array(fc.record({ scale: scaleArb, weight: fc.integer({ min: 1, max: 10 }) }), {
      minLength: 1,
      maxLength: 5,
    }),
    reviewers: fc.integer({ min: 1, max: 4 }),
    tickets: fc.integer({ min: 1, max: 3 }),
    picks: fc.array(fc.array(fc.integer({ min: -1, max: 30 }), { minLength: 5, maxLength: 5 }), {
      minLength: 15,
      maxLength: 15,
    }),
  })
  .map((shape) => {
    const criteria = shape.criteria.map((c, i) => criterion(`c${i}`, { scale: c.scale, weight: c.weight }));
    const def: ScorecardDefinition = {
      weighting: 'points',
      allow_above_100: false,
      sections: [{ id: 's', name: 's', weight: 1, bonus: false, criteria }],
    };
    const scores: CalibrationScore[] = [];
    let k = 0;
    for (let r = 0; r < shape.reviewers; r++)
      for (let t = 0; t < shape.tickets; t++) {
        const pick = shape.picks[k++ % shape.picks.length]!;
        const answers: Record<string, AnswerValue> = {};
        criteria.forEach((c, i) => {
          const p = pick[i]!;
          answers[c.id] = p < 0 ? 'n/a' : values(c)[p % values(c).length]!;
        });
        scores.push(score(`r${r}`, `t${t}`, answers));
      }
    return { definition: def, scores };
  });

describe('calibration: properties', () => {
  it('the benchmark aligns 100% with itself, unless everything it answered is N/A', () => {
    fc.assert(
      fc.property(sessionArb, ({ definition: def, scores }) => {
        const bench = sessionAlignment(def, 'r0', scores).reviewers.find((r) => r.reviewer_id === 'r0')!;
        expect(bench.benchmark).toBe(true);
        if (bench.denominator === 0) expect(bench.percent).toBeNull();
        else expect(bench.percent).toBeCloseTo(100, 9);
      }),
    );
  });

  it('every alignment stays within 0..100', () => {
    fc.assert(
      fc.property(sessionArb, ({ definition: def, scores }) => {
        const result = sessionAlignment(def, 'r0', scores);
        const figures = [...result.criteria, ...result.reviewers.flatMap((r) => [r, ...r.criteria])];
        for (const f of figures) {
          if (f.percent === null) {
            expect(f.denominator).toBe(0);
            continue;
          }
          expect(f.percent).toBeGreaterThanOrEqual(-1e-9);
          expect(f.percent).toBeLessThanOrEqual(100 + 1e-9);
        }
        for (const g of graderMeans([result])) {
          expect(g.mean_alignment).toBeGreaterThanOrEqual(-1e-9);
          expect(g.mean_alignment).toBeLessThanOrEqual(100 + 1e-9);
        }
      }),
    );
  });

  it('N/A on both sides leaves a criterion out: it never counts as 0 or 100', () => {
    fc.assert(
      fc.property(sessionArb, ({ definition: def, scores }) => {
        const target = def.sections[0]!.criteria[0]!.id;
        const both = scores.map((s) => ({ ...s, answers: { ...s.answers, [target]: 'n/a' as const } }));
        const result = sessionAlignment(def, 'r0', both);
        expect(result.criteria.find((c) => c.id === target)).toEqual({
          id: target,
          numerator: 0,
          denominator: 0,
          percent: null,
        });
      }),
    );
  });

  it('is deterministic, whatever order the scores arrive in', () => {
    fc.assert(
      fc.property(sessionArb, fc.boolean(), ({ definition: def, scores }, reverse) => {
        const first = sessionAlignment(def, 'r0', scores);
        const reordered = reverse ? [...scores].reverse() : [...scores].sort(() => 0);
        expect(sessionAlignment(def, 'r0', reordered)).toEqual(first);
        expect(sessionAlignment(structuredClone(def), 'r0', structuredClone(scores))).toEqual(first);
      }),
    );
  });
});
