import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';
import { cleanVisitorText } from './text.js';
import { newVisitorId, signVisitorToken, verifyVisitorToken } from './visitor-token.js';

const SECRET = 'a-test-secret-that-is-long-enough-to-sign';
const ORG = '00000000-0000-4000-8000-000000000001';

describe('visitor token', () => {
  it('verifies its own tokens and nothing with a changed id, organization or secret', () => {
    fc.assert(
      fc.property(fc.constant(null).map(newVisitorId), fc.string(), (visitorId, noise) => {
        const token = signVisitorToken(SECRET, ORG, visitorId);
        expect(verifyVisitorToken(SECRET, ORG, token)).toBe(visitorId);
        expect(verifyVisitorToken(`${SECRET}x`, ORG, token)).toBeNull();
        expect(verifyVisitorToken(SECRET, ORG.replace('1', '2'), token)).toBeNull();
        const other = newVisitorId();
        expect(verifyVisitorToken(SECRET, ORG, token.replace(visitorId, other))).toBeNull();
        if (noise !== token) expect(verifyVisitorToken(SECRET, ORG, noise)).toBeNull();
      }),
    );
  });
});

describe('visitor text', () => {
  it.each([
    ['  hello \r\nworld  ', 'hello \nworld'],
    ['a\u0000b\u0007c\u202ed', 'abcd'],
    ['one\n\n\n\n\n\ntwo', 'one\n\n\ntwo'],
    ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
    ['e\u0301', 'é'],
  ])('%j → %j', (raw, clean) => {
    expect(cleanVisitorText(raw)).toBe(clean);
  });
});

describe('rate limiter', () => {
  it('allows a burst, then refills at the per-minute rate', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 3, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('v'))).toEqual([true, true, true, false]);
    expect(limiter.take('other')).toBe(true);
    now += 1000;
    expect([limiter.take('v'), limiter.take('v')]).toEqual([true, false]);
  });
});
