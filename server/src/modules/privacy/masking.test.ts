import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knownValuesOf, maskedCustomer, maskIdentity, maskName, maskText } from './masking.js';

describe('masking what an outsourced agent sees', () => {
  it.each([
    ['Ana María Cruz', 'Ana M. C.'],
    ['  Ana  ', 'Ana'],
    ['Ana', 'Ana'],
    ['', ''],
    ['ana@example.com', 'a***@example.com'],
  ])('name %j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it.each([
    ['email', 'ana.cruz@example.com', 'a***@example.com'],
    ['phone', '+442079460958', '+**********58'],
    ['external', 'crm:12345', '***:***45'],
    ['chat_visitor', 'v_8f2e', 'v_8f2e'],
  ] as const)('identity %s %s → %s', (kind, value, masked) => {
    expect(maskIdentity(kind, value)).toBe(masked);
  });

  it('masks the customer’s own identities and surnames in text, even where their shape alone would not tell', () => {
    const known = knownValuesOf({
      display_name: 'Ana Cruzeiro',
      identities: [
        { kind: 'email', value: 'ana@example.com' },
        { kind: 'external', value: 'crm-99812' },
        { kind: 'chat_visitor', value: 'v_1' },
      ],
    });
    expect(maskText('Dear Ana Cruzeiro, ref crm-99812, mail ANA@example.com (cruzeiros stay)', known)).toBe(
      'Dear Ana C., ref ***-***12, mail A***@example.com (cruzeiros stay)',
    );
  });

  it('masks a customer record unless the viewer revealed it', () => {
    const customer = {
      id: 'c1',
      display_name: 'Ana Cruz',
      tier: 'vip',
      identities: [{ kind: 'email', value: 'ana@example.com' }],
    };
    expect(maskedCustomer({ masks: () => true }, customer)).toEqual({
      id: 'c1',
      display_name: 'Ana C.',
      tier: 'vip',
      identities: [{ kind: 'email', value: 'a***@example.com' }],
    });
    expect(maskedCustomer({ masks: () => false }, customer)).toBe(customer);
  });
});

const word = fc.stringMatching(/^[a-z]{1,8}$/);
const emailArb = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/), fc.stringMatching(/^[a-z]{2,10}$/))
  .map(([local, domain]) => `${local}@${domain}.com`);
const surname = fc.stringMatching(/^[A-Z][a-z]{3,10}$/);

describe('masking properties', () => {
  it('leaves no known email or surname of the customer in any text that embeds them', () => {
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 8 }),
        emailArb,
        surname,
        fc.array(word, { maxLength: 8 }),
        fc.constantFrom('', '.', ',', '!'),
        (before, email, last, after, punct) => {
          const known = knownValuesOf({
            display_name: `Ana ${last}`,
            identities: [{ kind: 'email', value: email }],
          });
          const text = [...before, `${email}${punct}`, `Ana ${last}${punct}`, ...after].join(' ');
          const masked = maskText(text, known);
          expect(masked.toLowerCase()).not.toContain(email.toLowerCase());
          expect(masked).not.toMatch(new RegExp(`(?<![a-zA-Z])${last}(?![a-zA-Z])`));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('changes nothing in text without personal data', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 20 }), (words) => {
        const text = words.join(' ');
        expect(maskText(text, [])).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the first name and reduces every further name to its initial', () => {
    fc.assert(
      fc.property(fc.array(surname, { minLength: 1, maxLength: 4 }), (names) => {
        const masked = maskName(names.join(' ')).split(' ');
        expect(masked[0]).toBe(names[0]);
        expect(masked.slice(1)).toEqual(names.slice(1).map((n) => `${n[0]}.`));
      }),
      { numRuns: 300 },
    );
  });
});
