import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IdentityKind } from '../../platform/db/schema.js';
import { identitiesOf, normaliseIdentity } from './identity.js';

describe('normaliseIdentity', () => {
  const cases: Array<[IdentityKind, string, string | null]> = [
    ['email', 'Ana.Cruz@Example.COM', 'ana.cruz@example.com'],
    ['email', '  ana@example.com ', 'ana@example.com'],
    ['email', 'not-an-email', null],
    ['email', 'two@@example.com', null],
    ['email', '', null],
    ['phone', '+63 917 123 4567', '+639171234567'],
    ['phone', '0063 917-123-4567', '+639171234567'],
    ['phone', '+1 (415) 555-2671', '+14155552671'],
    ['phone', '0917 123 4567', null],
    ['phone', '+12', null],
    ['phone', 'call me', null],
    ['chat_visitor', ' v-123 ', 'v-123'],
    ['external', 'crm:42', 'crm:42'],
    ['external', 'x'.repeat(201), null],
  ];
  it.each(cases)('%s %j → %j', (kind, raw, expected) => {
    expect(normaliseIdentity(kind, raw)).toBe(expected);
  });

  it('is idempotent: a stored value normalises to itself', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const once = normaliseIdentity('email', email);
        if (once !== null) expect(normaliseIdentity('email', once)).toBe(once);
      }),
    );
  });
});

describe('identitiesOf', () => {
  it('lists the given identities, external id first, skipping absent ones', () => {
    expect(identitiesOf({ email: 'a@b.co', external_id: 'crm:1' })).toEqual([
      { kind: 'external', value: 'crm:1' },
      { kind: 'email', value: 'a@b.co' },
    ]);
    expect(identitiesOf({})).toEqual([]);
  });
});
