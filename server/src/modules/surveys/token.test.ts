import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maySurvey, validScore } from './throttle.js';
import { signEditToken, signSurveyToken, verifyEditToken, verifySurveyToken } from './token.js';

const SECRET = 'a'.repeat(40);
const ID = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';

describe('survey tokens', () => {
  it('round-trips the survey id', () => {
    expect(verifySurveyToken(SECRET, signSurveyToken(SECRET, ID))).toBe(ID);
  });
  it.each([
    ['another secret', signSurveyToken('b'.repeat(40), ID)],
    ['a changed signature', `${signSurveyToken(SECRET, ID).slice(0, -1)}x`],
    [
      'another survey with this signature',
      `${signSurveyToken(SECRET, '00000000-0000-4000-8000-000000000000').split('.')[0]}.${signSurveyToken(SECRET, ID).split('.')[1]}`,
    ],
    ['garbage', 'not-a-token'],
    ['extra part', `${signSurveyToken(SECRET, ID)}.x`],
  ])('refuses %s', (_, token) => {
    expect(verifySurveyToken(SECRET, token)).toBeNull();
  });
  it('property: any change to a token is refused', () => {
    const token = signSurveyToken(SECRET, ID);
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.string({ minLength: 1, maxLength: 1 }), (i, c) => {
        const forged = token.slice(0, i) + c + token.slice(i + 1);
        if (forged !== token) expect(verifySurveyToken(SECRET, forged)).toBeNull();
      }),
    );
  });
  it('edit tokens are tied to the survey and expire', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const edit = signEditToken(SECRET, ID, new Date(now.getTime() + 3_600_000));
    expect(verifyEditToken(SECRET, ID, edit, now)).toBe('ok');
    expect(verifyEditToken(SECRET, ID, edit, new Date(now.getTime() + 7_200_000))).toBe('expired');
    expect(verifyEditToken(SECRET, '00000000-0000-4000-8000-000000000000', edit, now)).toBe('invalid');
    const [exp, sig] = edit.split('.');
    expect(verifyEditToken(SECRET, ID, `${Number(exp) + 999999}.${sig}`, now)).toBe('invalid');
  });
});

describe('throttle and scales', () => {
  const now = new Date('2026-11-23T00:00:00Z');
  it.each([
    { last: null, days: 30, expected: true },
    { last: new Date('2026-11-01T00:00:00Z'), days: 30, expected: false },
    { last: new Date('2026-10-24T00:00:00Z'), days: 30, expected: true },
    { last: new Date('2026-11-22T00:00:00Z'), days: 0, expected: true },
  ])('last survey $last, every $days days → $expected', ({ last, days, expected }) => {
    expect(maySurvey(last, now, days)).toBe(expected);
  });
  it.each([
    ['csat', 5, true],
    ['csat', 0, false],
    ['nps', 0, true],
    ['nps', 11, false],
    ['ces', 7, true],
    ['ces', 2.5, false],
  ] as const)('%s score %d valid: %s', (kind, score, ok) => expect(validScore(kind, score)).toBe(ok));
});
