import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QA_CHECK_NAMES, type QaCheckName } from '../../platform/db/schema.js';
import {
  automaticAnswer,
  automaticAnswers,
  type FindingFact,
  type StoredAnswer,
  settleAutomatic,
} from './automatic.js';
import { type Criterion, type Scale, type ScorecardDefinition, scaleRange, scoreReview } from './scoring.js';

const criterion = (id: string, checks: QaCheckName[] | null, extra: Partial<Criterion> = {}): Criterion => ({
  id,
  name: id,
  scale: { kind: 'binary' },
  weight: 1,
  na_allowed: false,
  critical: 'none',
  ...(checks ? { automatic: { checks } } : {}),
  ...extra,
});
const card = (criteria: Criterion[]): ScorecardDefinition => ({
  weighting: 'points',
  allow_above_100: false,
  sections: [{ id: 's', name: 's', weight: 1, bonus: false, criteria }],
});
const finding = (id: string, check: QaCheckName, dismissed = false): FindingFact => ({
  id,
  check,
  dismissed,
});
const auto = (c: Criterion) => c as Criterion & { automatic: { checks: readonly string[] } };

describe('automaticAnswer', () => {
  const cases: {
    name: string;
    scale: Scale;
    checks: QaCheckName[];
    findings: FindingFact[];
    expected: { value: number; finding_ids: string[] };
  }[] = [
    {
      name: 'no finding: full score',
      scale: { kind: 'binary' },
      checks: ['pii_leak'],
      findings: [],
      expected: { value: 1, finding_ids: [] },
    },
    {
      name: 'a finding of the bound check: lowest value, with its id',
      scale: { kind: 'binary' },
      checks: ['pii_leak'],
      findings: [finding('f1', 'pii_leak')],
      expected: { value: 0, finding_ids: ['f1'] },
    },
    {
      name: 'a finding of another check does not count',
      scale: { kind: 'points', points: 5 },
      checks: ['missing_greeting', 'missing_closing'],
      findings: [finding('f1', 'forbidden_phrase')],
      expected: { value: 5, finding_ids: [] },
    },
    {
      name: 'a dismissed finding does not count',
      scale: { kind: 'points', points: 4 },
      checks: ['forbidden_promise'],
      findings: [finding('f1', 'forbidden_promise', true)],
      expected: { value: 4, finding_ids: [] },
    },
    {
      name: 'several checks: every open finding of any of them, sorted',
      scale: { kind: 'points', points: 3 },
      checks: ['missing_greeting', 'missing_closing'],
      findings: [
        finding('f3', 'missing_closing'),
        finding('f2', 'missing_greeting', true),
        finding('f1', 'missing_greeting'),
      ],
      expected: { value: 1, finding_ids: ['f1', 'f3'] },
    },
    {
      name: 'a custom scale: its lowest and highest listed values',
      scale: { kind: 'custom', values: [10, -5, 3] },
      checks: ['language_mismatch'],
      findings: [finding('f1', 'language_mismatch')],
      expected: { value: -5, finding_ids: ['f1'] },
    },
  ];
  it.each(cases)('$name', ({ scale, checks, findings, expected }) => {
    expect(automaticAnswer(auto(criterion('c', checks, { scale })), findings)).toEqual(expected);
  });

  it('pre-scores only automatic criteria', () => {
    const definition = card([criterion('tone', null), criterion('pii', ['pii_leak'])]);
    expect(automaticAnswers(definition, [finding('f', 'pii_leak')])).toEqual({
      pii: { value: 0, finding_ids: ['f'] },
    });
  });
});

describe('automatic answers in scoring', () => {
  it('a finding on a review-critical automatic criterion sets the review to 0', () => {
    const definition = card([
      criterion('tone', null, { scale: { kind: 'points', points: 5 } }),
      criterion('pii', ['pii_leak'], { critical: 'review' }),
    ]);
    const fresh = automaticAnswers(definition, [finding('f', 'pii_leak')]);
    const { answers } = settleAutomatic(definition, { tone: { value: 5 } }, fresh);
    const score = scoreReview(
      definition,
      Object.fromEntries(Object.entries(answers).map(([k, a]) => [k, a.value])),
    );
    expect(score).toMatchObject({ auto_failed: true, numerator: 0, percent: 0 });
  });
});

describe('settleAutomatic', () => {
  const definition = card([criterion('tone', null), criterion('greet', ['missing_greeting'])]);
  const fresh = { greet: { value: 0, finding_ids: ['f1'] } };

  it('fills an unanswered automatic criterion, marked automatic with the evidence', () => {
    const { answers, problems } = settleAutomatic(definition, { tone: { value: 1 } }, fresh);
    expect(problems).toEqual([]);
    expect(answers).toEqual({
      tone: { value: 1 },
      greet: {
        value: 0,
        comment: null,
        message_id: null,
        source: 'automatic',
        automatic: { value: 0, finding_ids: ['f1'] },
      },
    });
  });

  it('an override needs a comment, and says overridden', () => {
    const stored: Record<string, StoredAnswer> = {
      greet: { value: 0, source: 'automatic', automatic: { value: 0, finding_ids: ['f1'] } },
    };
    const bare = settleAutomatic(definition, { greet: { ...stored.greet!, value: 1 } }, {});
    expect(bare.problems).toEqual([{ criterionId: 'greet', message: expect.stringContaining('comment') }]);
    const explained = settleAutomatic(
      definition,
      { greet: { ...stored.greet!, value: 1, comment: 'The greeting was in the subject' } },
      {},
    );
    expect(explained.problems).toEqual([]);
    expect(explained.answers.greet).toMatchObject({
      value: 1,
      source: 'overridden',
      automatic: { value: 0 },
    });
    // Back to the findings' value: automatic again.
    expect(
      settleAutomatic(definition, { greet: { ...stored.greet!, value: 0 } }, {}).answers.greet,
    ).toMatchObject({ source: 'automatic' });
  });

  it('keeps the evidence an answer was drafted with, whatever the findings say now', () => {
    const stored = {
      greet: { value: 0, source: 'automatic' as const, automatic: { value: 0, finding_ids: ['f1'] } },
    };
    const now = { greet: { value: 1, finding_ids: [] } }; // f1 dismissed since
    expect(settleAutomatic(definition, stored, now).answers).toEqual(stored);
  });

  it('a reviewer cannot mark a manual criterion automatic', () => {
    const forged = {
      tone: { value: 1, source: 'automatic' as const, automatic: { value: 1, finding_ids: [] } },
    };
    expect(settleAutomatic(definition, forged, fresh).answers.tone).toEqual({ value: 1 });
  });
});

describe('automatic criteria: properties', () => {
  const checks = fc.constantFrom(...QA_CHECK_NAMES);
  const scale: fc.Arbitrary<Scale> = fc.oneof(
    fc.constant({ kind: 'binary' as const }),
    fc
      .constantFrom(3 as const, 4 as const, 5 as const)
      .map((points) => ({ kind: 'points' as const, points })),
    fc
      .uniqueArray(fc.integer({ min: -20, max: 20 }), { minLength: 2, maxLength: 6 })
      .map((values) => ({ kind: 'custom' as const, values })),
  );
  const findings = fc.array(fc.record({ id: fc.uuid(), check: checks, dismissed: fc.boolean() }), {
    maxLength: 12,
  });
  const criteria = fc.array(
    fc.record({ scale, checks: fc.uniqueArray(checks, { minLength: 1, maxLength: 3 }) }),
    { minLength: 1, maxLength: 5 },
  );

  it('an automatic criterion’s answer equals a recomputation from the findings, in any order', () => {
    fc.assert(
      fc.property(criteria, findings, (list, facts) => {
        const definition = card(list.map((c, i) => criterion(`c${i}`, c.checks, { scale: c.scale })));
        const settled = settleAutomatic(definition, {}, automaticAnswers(definition, facts)).answers;
        const reversed = automaticAnswers(definition, [...facts].reverse());
        list.forEach((c, i) => {
          const open = facts.filter((f) => !f.dismissed && c.checks.includes(f.check));
          const { min, max } = scaleRange(c.scale);
          const answer = settled[`c${i}`]!;
          expect(answer.value).toBe(open.length ? min : max);
          expect(answer.source).toBe('automatic');
          expect(answer.automatic!.finding_ids).toEqual([...new Set(open.map((f) => f.id))].sort());
          expect(reversed[`c${i}`]).toEqual(answer.automatic);
        });
      }),
    );
  });

  it('dismissing findings never changes answers already settled', () => {
    fc.assert(
      fc.property(criteria, findings, (list, facts) => {
        const definition = card(list.map((c, i) => criterion(`c${i}`, c.checks, { scale: c.scale })));
        const first = settleAutomatic(definition, {}, automaticAnswers(definition, facts)).answers;
        const dismissed = facts.map((f) => ({ ...f, dismissed: true }));
        expect(settleAutomatic(definition, first, automaticAnswers(definition, dismissed)).answers).toEqual(
          first,
        );
      }),
    );
  });
});
