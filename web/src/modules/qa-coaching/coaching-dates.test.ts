import { describe, expect, it } from 'vitest';
import { localDay, toInstant } from './coaching-dates';

describe('coaching dates', () => {
  it('names the local calendar day, whatever the hour', () => {
    expect(localDay(new Date(2026, 11, 31, 23, 59))).toBe('2026-12-31');
    expect(localDay(new Date(2027, 0, 1, 0, 0))).toBe('2027-01-01');
  });
  it('turns a datetime-local value into the same instant with an offset', () => {
    const local = '2026-12-08T10:30';
    expect(new Date(toInstant(local)).getTime()).toBe(new Date(2026, 11, 8, 10, 30).getTime());
    expect(toInstant(local)).toMatch(/Z$/);
  });
  it('refuses what is not a date in words', () => {
    expect(() => toInstant('soon')).toThrow('Choose a date and time');
  });
});
