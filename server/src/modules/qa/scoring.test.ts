import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Answers,
  type AnswerValue,
  type Criterion,
  calibrationAlignment,
  criterionFraction,
  type ScorecardDefinition,
  type Section,
  scoreReview,
} from './scoring.js';

const binary = (id: string, extra: Partial<Criterion> = {}): Criterion => ({
  id,
  name: id,
  scale: { kind: 'binary' },
  weight: 1,
  na_allowed: true,
  critical: 'none',
  ...extra,
});
const section = (id: string, criteria: Criterion[], extra: Partial<Section> = {}): Section => ({
  id,
  name: id,
  weight: 1,
  bonus: false,
  criteria,
  ...extra,
});
const card = (sections: Section[], extra: Partial<ScorecardDefinition> = {}): ScorecardDefinition => ({
  weighting: 'points',
  allow_above_100: false,
  sections,
  ...extra,
});
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/**
 * The reference's weighting example: sections 3/3 (10%), 5/10 (30%), 4/5 (50%), 1/2 (10%) → 70% by
 * section weights, 13/20 = 65% by points. Each section has one binary criterion per point.
 */
function referenceExample(weighting: 'sections' | 'points') {
  const shape = [
    { id: 'a', earned: 3, max: 3, weight: 10 },
    { id: 'b', earned: 5, max: 10, weight: 30 },
    { id: 'c', earned: 4, max: 5, weight: 50 },
    { id: 'd', earned: 1, max: 2, weight: 10 },
  ];
  const answers: Record<string, AnswerValue> = {};
  const sections = shape.map((s) => {
    const criteria = ids(s.id, s.max).map((id, i) => {
      answers[id] = i < s.earned ? 1 : 0;
      return binary(id);
    });
    return section(s.id, criteria, { weight: s.weight });
  });
  return { definition: card(sections, { weighting }), answers };
}

describe('scoring: the reference’s worked examples', () => {
  it.each([
    { scale: { kind: 'points', points: 5 } as const, selected: 4, fraction: 0.75 },
    { scale: { kind: 'points', points: 5 } as const, selected: 1, fraction: 0 },
    { scale: { kind: 'points', points: 3 } as const, selected: 2, fraction: 0.5 },
    { scale: { kind: 'points', points: 4 } as const, selected: 2, fraction: 1 / 3 },
    { scale: { kind: 'binary' } as const, selected: 1, fraction: 1 },
    { scale: { kind: 'custom', values: [0, 5, 10, 20] } as const, selected: 5, fraction: 0.25 },
  ])('criterion score = (selected − min) / (max − min): $scale.kind $selected → $fraction', (c) => {
    expect(criterionFraction(c.scale, c.selected)).toBeCloseTo(c.fraction, 12);
  });

  it.each([
    {
      name: '9 pass and 1 N/A → 100% (N/A leaves numerator and maximum)',
      last: 'n/a' as const,
      num: 9,
      den: 9,
      pct: 100,
    },
    { name: '9 pass and 1 fail → 90%', last: 0, num: 9, den: 10, pct: 90 },
  ])('10 equal criteria: $name', ({ last, num, den, pct }) => {
    const criteria = ids('q', 10).map((id) => binary(id));
    const answers = Object.fromEntries(criteria.map((c, i) => [c.id, i === 9 ? last : 1]));
    const score = scoreReview(card([section('s', criteria)]), answers);
    expect(score).toMatchObject({ numerator: num, denominator: den, percent: pct, auto_failed: false });
  });

  it.each([
    { weighting: 'sections' as const, num: 70, den: 100, pct: 70 },
    { weighting: 'points' as const, num: 13, den: 20, pct: 65 },
  ])('sections 3/3 (10%), 5/10 (30%), 4/5 (50%), 1/2 (10%) weighted by $weighting → $pct%', (row) => {
    const { definition, answers } = referenceExample(row.weighting);
    const score = scoreReview(definition, answers);
    expect(score.numerator).toBeCloseTo(row.num, 9);
    expect(score.denominator).toBe(row.den);
    expect(score.percent).toBeCloseTo(row.pct, 9);
    expect(score.sections.map((s) => [s.numerator, s.denominator])).toEqual([
      [3, 3],
      [5, 10],
      [4, 5],
      [1, 2],
    ]);
  });

  it.each([
    { critical: 'review' as const, answer: 0, pct: 0, failed: true, sections: [0, 100] },
    { critical: 'section' as const, answer: 0, pct: 50, failed: false, sections: [0, 100] },
    { critical: 'review' as const, answer: 'n/a' as const, pct: 100, failed: false, sections: [100, 100] },
    { critical: 'review' as const, answer: 1, pct: 100, failed: false, sections: [100, 100] },
  ])('a failed critical criterion ($critical, answered $answer) → review $pct%', (row) => {
    const definition = card(
      [
        section('s1', [binary('crit', { critical: row.critical }), binary('x')]),
        section('s2', [binary('y'), binary('z')]),
      ],
      { weighting: 'sections' },
    );
    const score = scoreReview(definition, { crit: row.answer, x: 1, y: 1, z: 1 });
    expect(score.percent).toBeCloseTo(row.pct, 9);
    expect(score.auto_failed).toBe(row.failed);
    expect(score.sections.map((s) => s.percent)).toEqual(row.sections);
  });

  it.each([
    { allow: false, pct: 100 },
    { allow: true, pct: 150 },
  ])('a bonus section lifts the score above 100% only if allowed (allowed: $allow → $pct%)', (row) => {
    for (const weighting of ['sections', 'points'] as const) {
      const definition = card(
        [section('main', [binary('a'), binary('b')]), section('extra', [binary('c')], { bonus: true })],
        { weighting, allow_above_100: row.allow },
      );
      const score = scoreReview(definition, { a: 1, b: 1, c: 1 });
      expect(score.percent, weighting).toBeCloseTo(weighting === 'points' || !row.allow ? row.pct : 200, 9);
    }
  });

  it('a bonus section fills a gap below 100%, and adds nothing to the maximum', () => {
    const definition = card([
      section('main', [binary('a'), binary('b')]),
      section('extra', [binary('c')], { bonus: true }),
    ]);
    expect(scoreReview(definition, { a: 1, b: 0, c: 1 })).toMatchObject({
      numerator: 2,
      denominator: 2,
      percent: 100,
    });
    expect(scoreReview(definition, { a: 1, b: 0, c: 0 })).toMatchObject({
      numerator: 1,
      denominator: 2,
      percent: 50,
    });
  });

  it.each([
    // c: both N/A leaves both sums (it never counts as 0 or 100) → 3 / 3.
    { name: 'identical answers align fully', reviewer: { a: 5, b: 1, c: 'n/a' }, den: 3, pct: 100 },
    // a: 1 − |4 − 5| / (5 − 1) = 0.75 (weight 2); b: 1 (weight 1); c left out → 2.5 / 3.
    { name: 'one point off on a 5-point scale', reviewer: { a: 4, b: 1, c: 'n/a' }, den: 3, pct: 250 / 3 },
    // c answered where the benchmark said N/A: a disagreement on whether it applies, 0 → (2 + 1 + 0) / 4.
    { name: 'N/A against an answer', reviewer: { a: 5, b: 1, c: 1 }, den: 4, pct: 75 },
    // a: 1 − 4/4 = 0; b: 0; c left out → 0 / 3.
    { name: 'opposite ends', reviewer: { a: 1, b: 0, c: 'n/a' }, den: 3, pct: 0 },
  ])('calibration alignment: $name → $pct%', (row) => {
    const definition = card([
      section('s', [
        { ...binary('a'), scale: { kind: 'points', points: 5 }, weight: 2 },
        binary('b'),
        binary('c'),
      ]),
    ]);
    const benchmark: Answers = { a: 5, b: 1, c: 'n/a' };
    const result = calibrationAlignment(definition, benchmark, row.reviewer as Answers);
    expect(result.denominator).toBe(row.den);
    expect(result.percent).toBeCloseTo(row.pct, 9);
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

const criterionArb = fc.record({
  scale: scaleArb,
  weight: fc.integer({ min: 1, max: 10 }),
  critical: fc.constantFrom('none', 'none', 'none', 'review', 'section') as fc.Arbitrary<
    Criterion['critical']
  >,
  pick: fc.nat(),
  na: fc.boolean(),
});

const scoredCard = fc
  .record({
    weighting: fc.constantFrom('sections', 'points') as fc.Arbitrary<'sections' | 'points'>,
    allow: fc.boolean(),
    sections: fc.array(
      fc.record({
        weight: fc.integer({ min: 1, max: 50 }),
        bonus: fc.boolean(),
        criteria: fc.array(criterionArb, { minLength: 1, maxLength: 5 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map((shape) => {
    const answers: Record<string, AnswerValue> = {};
    const sections: Section[] = shape.sections.map((s, si) => ({
      id: `s${si}`,
      name: `s${si}`,
      weight: s.weight,
      bonus: s.bonus,
      criteria: s.criteria.map((c, ci) => {
        const id = `s${si}c${ci}`;
        const values =
          c.scale.kind === 'binary'
            ? [0, 1]
            : c.scale.kind === 'points'
              ? Array.from({ length: c.scale.points }, (_, i) => i + 1)
              : c.scale.values;
        answers[id] = c.na ? 'n/a' : values[c.pick % values.length]!;
        return { id, name: id, scale: c.scale, weight: c.weight, na_allowed: true, critical: c.critical };
      }),
    }));
    return {
      definition: card(sections, { weighting: shape.weighting, allow_above_100: shape.allow }),
      answers,
    };
  });

describe('scoring: properties', () => {
  it('the score stays within 0..100 unless a bonus section may lift it', () => {
    fc.assert(
      fc.property(scoredCard, ({ definition, answers }) => {
        const score = scoreReview(definition, answers);
        if (score.percent === null) {
          expect(score.denominator).toBe(0);
          return;
        }
        expect(score.percent).toBeGreaterThanOrEqual(0);
        const bonus = definition.sections.some((s) => s.bonus);
        if (!definition.allow_above_100 || !bonus) expect(score.percent).toBeLessThanOrEqual(100 + 1e-9);
        for (const s of score.sections)
          if (s.percent !== null) expect(s.percent).toBeLessThanOrEqual(100 + 1e-9);
      }),
    );
  });

  it('N/A never changes the others’ relative weight: it scores as if the criterion were not there', () => {
    fc.assert(
      fc.property(scoredCard, fc.nat(), ({ definition, answers }, pick) => {
        const all = definition.sections.flatMap((s) => s.criteria);
        const target = all[pick % all.length]!;
        const withNa = scoreReview(definition, { ...answers, [target.id]: 'n/a' });
        const without: ScorecardDefinition = {
          ...definition,
          sections: definition.sections
            .map((s) => ({ ...s, criteria: s.criteria.filter((c) => c.id !== target.id) }))
            .filter((s) => s.criteria.length > 0),
        };
        const { [target.id]: _dropped, ...rest } = answers;
        const removed = scoreReview(without, rest);
        expect(withNa.denominator).toBeCloseTo(removed.denominator, 9);
        expect(withNa.numerator).toBeCloseTo(removed.numerator, 9);
        expect(withNa.auto_failed).toBe(removed.auto_failed);
      }),
    );
  });

  it('rescoring is deterministic, whatever the order the answers arrive in', () => {
    fc.assert(
      fc.property(scoredCard, fc.boolean(), ({ definition, answers }, reverse) => {
        const entries = Object.entries(answers);
        const reordered = Object.fromEntries(reverse ? entries.reverse() : entries.sort(() => 0));
        const first = scoreReview(definition, answers);
        expect(scoreReview(definition, reordered)).toEqual(first);
        expect(scoreReview(structuredClone(definition), structuredClone(answers))).toEqual(first);
      }),
    );
  });

  it('calibration against oneself is 100%, and alignment stays within 0..100', () => {
    fc.assert(
      fc.property(scoredCard, scoredCard, ({ definition, answers }, other) => {
        const self = calibrationAlignment(definition, answers, answers);
        if (Object.values(answers).every((v) => v === 'n/a')) expect(self.percent).toBeNull();
        else expect(self.percent).toBeCloseTo(100, 9);
        // Another answer set on the same card: reuse values where they fit the scale.
        const flipped = Object.fromEntries(
          Object.entries(answers).map(([id, v]) => [id, other.answers[id] === 'n/a' ? 'n/a' : v]),
        );
        const pct = calibrationAlignment(definition, answers, flipped).percent;
        if (pct === null) return;
        expect(pct).toBeGreaterThanOrEqual(0);
        expect(pct).toBeLessThanOrEqual(100 + 1e-9);
      }),
    );
  });
});
