import { describe, expect, it } from 'vitest';
import { scorecardCreate } from '../../api/server-schemas';
import {
  fromScorecard,
  newCriterion,
  newScorecard,
  newSection,
  slug,
  toScorecardBody,
} from './scorecard-form';

describe('slug', () => {
  it('makes ids the API accepts from any name', () => {
    expect(slug('Tone of voice')).toBe('tone-of-voice');
    expect(slug('Höflichkeit & Ton!')).toBe('hoflichkeit-ton');
    expect(slug('???')).toBe('item');
    expect(slug('x'.repeat(80))).toHaveLength(34);
  });
});

describe('toScorecardBody', () => {
  it('builds a body the server schema accepts, ids unique across the version', () => {
    const form = newScorecard();
    form.name = 'Support quality';
    form.sections = [
      { ...newSection(), name: 'Greeting', criteria: [{ ...newCriterion(), name: 'Greeting' }] },
      {
        ...newSection(),
        name: 'Accuracy',
        weight: 3,
        criteria: [
          { ...newCriterion(), name: 'Correct answer', scale: 'points5', critical: 'review' },
          {
            ...newCriterion(),
            name: 'Correct answer',
            scale: 'custom',
            custom: '0, 5; 10',
            na_allowed: true,
          },
        ],
      },
    ];
    form.languages = 'en, da';
    const body = toScorecardBody(form);
    const parsed = scorecardCreate.safeParse(body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const ids = body.definition.sections.flatMap((s) => [s.id, ...s.criteria.map((c) => c.id)]);
    expect(ids).toEqual(['greeting', 'greeting-2', 'accuracy', 'correct-answer', 'correct-answer-2']);
    expect(body.definition.sections[1]!.criteria[1]!.scale).toEqual({ kind: 'custom', values: [0, 5, 10] });
    expect(body.applies_to?.languages).toEqual(['en', 'da']);
  });

  it('round-trips an existing scorecard, keeping its ids for the next version', () => {
    const form = newScorecard();
    form.name = 'Card';
    form.sections[0]!.name = 'Only';
    form.sections[0]!.criteria = [
      { ...newCriterion(), name: 'Polite', scale: 'points4', weight: 2 },
      { ...newCriterion(), name: 'No personal data', automatic: ['pii_leak', 'forbidden_phrase'] },
    ];
    const body = toScorecardBody(form);
    const again = toScorecardBody(
      fromScorecard({
        name: body.name,
        vendor_id: null,
        current_version: {
          definition: scorecardCreate.parse(body).definition,
          applies_to: { channels: [], queues: ['q1'], languages: [] },
        },
      }),
    );
    expect(again.definition).toEqual(body.definition);
    expect(again.definition.sections[0]!.criteria[1]!.automatic).toEqual({
      checks: ['pii_leak', 'forbidden_phrase'],
    });
    expect(again.definition.sections[0]!.criteria[0]!.automatic).toBeUndefined();
    expect(again.applies_to?.queues).toEqual(['q1']);
  });

  it('an empty name fails the server schema at the field', () => {
    const parsed = scorecardCreate.safeParse(toScorecardBody(newScorecard()));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('definition.sections.0.name');
  });
});
