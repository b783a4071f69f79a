import { describe, expect, it } from 'vitest';
import type { ScorecardDefinition } from './queries';
import { answersPatch, choicesFor, draftStanding, percentText } from './review-draft';

const criterion = (
  id: string,
  extra: Partial<ScorecardDefinition['sections'][number]['criteria'][number]> = {},
) => ({
  id,
  name: id,
  scale: { kind: 'binary' as const },
  weight: 1,
  na_allowed: false,
  critical: 'none' as const,
  ...extra,
});

// The reference's worked example: sections 3/3 (10%), 5/10 (30%), 4/5 (50%), 1/2 (10%).
const points = (n: number, weight: number) => criterion(`c${n}-${weight}`, { weight });
const example = (weighting: 'sections' | 'points'): ScorecardDefinition => ({
  weighting,
  allow_above_100: false,
  sections: [
    { id: 'a', name: 'A', weight: 10, bonus: false, criteria: [points(1, 3)] },
    { id: 'b', name: 'B', weight: 30, bonus: false, criteria: [points(2, 5), points(3, 5)] },
    { id: 'c', name: 'C', weight: 50, bonus: false, criteria: [points(4, 4), points(5, 1)] },
    { id: 'd', name: 'D', weight: 10, bonus: false, criteria: [points(6, 1), points(7, 1)] },
  ],
});
const exampleAnswers = {
  'c1-3': { value: 1 },
  'c2-5': { value: 1 },
  'c3-5': { value: 0 },
  'c4-4': { value: 1 },
  'c5-1': { value: 0 },
  'c6-1': { value: 1 },
  'c7-1': { value: 0 },
};

describe('draftStanding', () => {
  it('scores a complete draft as the server will: 70 % by section weights, 65 % by points', () => {
    expect(draftStanding(example('sections'), exampleAnswers).score?.percent).toBeCloseTo(70, 10);
    const byPoints = draftStanding(example('points'), exampleAnswers).score;
    expect(byPoints?.numerator).toBe(13);
    expect(byPoints?.denominator).toBe(20);
  });

  it('gives no score until every criterion is answered, and says how far the draft is', () => {
    const { 'c7-1': _, ...partial } = exampleAnswers;
    const standing = draftStanding(example('sections'), partial);
    expect(standing.score).toBeNull();
    expect(standing).toMatchObject({ answered: 6, total: 7 });
    expect(standing.problems).toEqual([{ criterionId: 'c7-1', message: 'not answered' }]);
  });

  it('a failed critical criterion sets the review to 0', () => {
    const def: ScorecardDefinition = {
      weighting: 'sections',
      allow_above_100: false,
      sections: [
        {
          id: 's',
          name: 'S',
          weight: 1,
          bonus: false,
          criteria: [criterion('x', { critical: 'review' }), criterion('y')],
        },
      ],
    };
    const score = draftStanding(def, { x: { value: 0 }, y: { value: 1 } }).score;
    expect(score?.auto_failed).toBe(true);
    expect(score?.percent).toBe(0);
  });
});

describe('choicesFor', () => {
  it('names binary answers Yes and No, lists points, and offers N/A only where allowed', () => {
    expect(choicesFor(criterion('b')).map((c) => c.label)).toEqual(['No', 'Yes']);
    expect(
      choicesFor(criterion('p', { scale: { kind: 'points', points: 3 }, na_allowed: true })).map(
        (c) => c.value,
      ),
    ).toEqual(['1', '2', '3', 'n/a']);
  });
});

describe('answersPatch', () => {
  it('names only the criteria that changed, null for a cleared one', () => {
    const saved = { a: { value: 1 }, b: { value: 0, comment: 'late' }, c: { value: 1 } };
    const edited = { a: { value: 1 }, b: { value: 0, comment: 'very late' }, d: { value: 'n/a' as const } };
    expect(answersPatch(saved, edited)).toEqual({
      b: { value: 0, comment: 'very late', message_id: null },
      c: null,
      d: { value: 'n/a', comment: null, message_id: null },
    });
  });
  it('is null when nothing changed (a missing comment equals a null one)', () => {
    expect(answersPatch({ a: { value: 1, comment: null } }, { a: { value: 1 } })).toBeNull();
  });
});

describe('percentText', () => {
  it('shows one decimal, and a dash without a denominator', () => {
    expect(percentText(70)).toBe('70.0 %');
    expect(percentText(78.571)).toBe('78.6 %');
    expect(percentText(null)).toBe('–');
  });
});
