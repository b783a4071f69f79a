import { describe, expect, it } from 'vitest';
import { formatScore, formatVia } from './survey-words';

describe('survey answers in a manager’s words', () => {
  it.each([
    ['csat', 4, '4 / 5'],
    ['nps', 9, '9 / 10'],
    ['ces', 2, '2 / 7'],
    ['other', 3, '3'],
  ])('%s %i reads "%s"', (kind, score, expected) => {
    expect(formatScore(kind, score)).toBe(expected);
  });
  it('names where it was answered', () => {
    expect(formatVia('email')).toBe('Email link');
    expect(formatVia('chat')).toBe('Chat widget');
    expect(formatVia('sms')).toBe('sms');
  });
});
