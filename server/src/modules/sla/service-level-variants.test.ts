import { describe, expect, it } from 'vitest';
import { type ContactOutcome, countContacts, serviceLevel } from './service-level-variants.js';

describe('service level variants on the public ICMI / Call Centre Helper example', () => {
  // 1000 answered, 860 within T; 60 abandoned: 20 within T (10 of them within 5 s), 40 after T.
  const counts = {
    answered: 1000,
    answeredWithin: 860,
    abandoned: 60,
    abandonedWithin: 20,
    shortAbandons: 10,
  };
  it.each([
    [1, '86.0'],
    [2, '81.1'],
    [3, '83.0'],
    [4, '82.7'],
    [5, '81.9'],
  ] as const)('variant %i gives %s%%', (variant, expected) => {
    expect((serviceLevel(counts, variant)! * 100).toFixed(1)).toBe(expected);
  });

  it('the same figures come out of classifying 1060 individual contacts', () => {
    const T = 30_000;
    const outcomes: ContactOutcome[] = [
      ...Array.from({ length: 860 }, (_, i) => ({ kind: 'answered' as const, waitMs: (i % 30) * 1000 })),
      ...Array.from({ length: 140 }, () => ({ kind: 'answered' as const, waitMs: T + 1 })),
      ...Array.from({ length: 10 }, () => ({ kind: 'abandoned' as const, waitMs: 2_000 })),
      ...Array.from({ length: 10 }, () => ({ kind: 'abandoned' as const, waitMs: 20_000 })),
      ...Array.from({ length: 40 }, () => ({ kind: 'abandoned' as const, waitMs: 60_000 })),
    ];
    expect(countContacts(outcomes, T, 5_000)).toEqual(counts);
  });

  it('an empty period has no service level rather than 0% or 100%', () => {
    const none = { answered: 0, answeredWithin: 0, abandoned: 0, abandonedWithin: 0, shortAbandons: 0 };
    expect(serviceLevel(none, 1)).toBeNull();
  });
});
