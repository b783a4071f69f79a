import { describe, expect, it } from 'vitest';
import { formatRemaining } from './SlaTimers';

describe('formatRemaining', () => {
  it.each([
    [65 * 60_000, '1 h 05 m left'],
    [59 * 60_000, '59 m left'],
    [0, '0 m left'],
    [-20 * 60_000, '20 m overdue'],
    [-(3 * 60 + 1) * 60_000, '3 h 01 m overdue'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatRemaining(ms)).toBe(text);
  });
});
