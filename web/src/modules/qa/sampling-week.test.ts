import { describe, expect, it } from 'vitest';
import { mondayOf, targetsText } from './SamplingTab';

describe('mondayOf', () => {
  it('names the UTC week the API samples, whatever the weekday and hour', () => {
    expect(mondayOf(new Date('2026-12-07T00:00:00Z'), 0)).toBe('2026-12-07'); // a Monday
    expect(mondayOf(new Date('2026-12-13T23:59:59Z'), 0)).toBe('2026-12-07'); // its Sunday
    expect(mondayOf(new Date('2026-12-13T23:59:59Z'), 1)).toBe('2026-11-30');
    expect(mondayOf(new Date('2027-01-01T12:00:00Z'), 1)).toBe('2026-12-21'); // across the year
  });
});

describe('targetsText', () => {
  it('says which signals a targeted rule picks, or "at random"', () => {
    expect(targetsText({})).toBe('at random');
    expect(targetsText({ low_csat: true, long_aht_seconds: 600, tag: 'vip' })).toBe(
      'low CSAT, handle time over 10 min, tag “vip”',
    );
    expect(targetsText({ check_findings: { checks: [] } })).toBe('any check finding');
    expect(targetsText({ check_findings: { checks: ['pii_leak'] } })).toBe(
      'check findings (personal data leaked)',
    );
  });
});
