import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPii, luhnValid, maskPii, type PiiKind } from './pii.js';

const found = (text: string) => findPii(text).map((s) => [s.kind, text.slice(s.start, s.end)]);

describe('findPii finds each kind of personal data', () => {
  const positives: [string, PiiKind, string][] = [
    ['Write to john.doe+tag@example.co.uk today', 'email', 'john.doe+tag@example.co.uk'],
    ['mail: ANA_92@correo.es.', 'email', 'ANA_92@correo.es'],
    ['call +44 20 7946 0958 please', 'phone', '+44 20 7946 0958'],
    ['+1 (555) 123-4567', 'phone', '+1 (555) 123-4567'],
    ['ring (555) 123-4567', 'phone', '(555) 123-4567'],
    ['mobil 06 12 34 56 78', 'phone', '06 12 34 56 78'],
    ['tel. 020 7946 0958', 'phone', '020 7946 0958'],
    ['+4512345678', 'phone', '+4512345678'],
    ['card 4242 4242 4242 4242 exp 12/28', 'card', '4242 4242 4242 4242'],
    ['5555-5555-5555-4444', 'card', '5555-5555-5555-4444'],
    ['amex 378282246310005', 'card', '378282246310005'],
    ['13 digits 4222222222222', 'card', '4222222222222'],
    ['card 4242 4242 4242 4242 12 more digits after', 'card', '4242 4242 4242 4242'],
    // Found by fast-check in CI: a word that only ends in "ref" is no reference number.
    ['aref 4000000000006', 'card', '4000000000006'],
    ['prefix: 4242 4242 4242 4242', 'card', '4242 4242 4242 4242'],
    ['IBAN GB82 WEST 1234 5698 7654 32 thanks', 'iban', 'GB82 WEST 1234 5698 7654 32'],
    ['NL91ABNA0417164300', 'iban', 'NL91ABNA0417164300'],
    ['de89 3704 0044 0532 0130 00', 'iban', 'de89 3704 0044 0532 0130 00'],
    ['SSN 536-22-1234', 'us_ssn', '536-22-1234'],
    ['NI AB 12 34 56 C', 'uk_nino', 'AB 12 34 56 C'],
    ['NI number AB123456C', 'uk_nino', 'AB123456C'],
    ['DNI 12345678Z', 'es_dni', '12345678Z'],
    ['NIE X1234567L', 'es_dni', 'X1234567L'],
    ['mijn BSN: 111222333', 'nl_bsn', '111222333'],
    ['burgerservicenummer 1112.22.333', 'nl_bsn', '1112.22.333'],
    ['NIR 2 69 05 49 588 157 80', 'fr_nir', '2 69 05 49 588 157 80'],
    ['numéro 269054958815780', 'fr_nir', '269054958815780'],
    ['password: hunter2', 'password', 'hunter2'],
    ['pwd=s3cr3t!x', 'password', 's3cr3t!x'],
    ['Tu contraseña: Gato123. Saludos', 'password', 'Gato123'],
    ['votre mot de passe : azerty', 'password', 'azerty'],
  ];
  it.each(positives)('%s → %s', (text, kind, value) => {
    expect(found(text)).toContainEqual([kind, value]);
  });

  const misses: [string, string][] = [
    ['Luhn-invalid card', 'card 4242 4242 4242 4241'],
    ['all zeros', '0000 0000 0000 0000'],
    ['IBAN with wrong check digits', 'GB83 WEST 1234 5698 7654 32'],
    ['IBAN of the wrong length', 'NL91ABNA041716430'],
    ['ISO date', 'on 2024-03-15 at 10:00'],
    ['European dates', '15/03/2024 and 15.03.2024'],
    ['order number', 'order 0123 4567 89'],
    ['order number with #', 'Order #123456789'],
    ['bare order number', 'your order 1234567890123 shipped'],
    ['order number passing Luhn', 'order #4242424242424242'],
    ['invalid SSN areas', '000-12-3456 666-12-3456 912-34-5678 536-00-1234 536-22-0000'],
    ['advertised SSN', '078-05-1120'],
    ['NI prefix never issued', 'GB123456A and AB123456E'],
    ['DNI with the wrong letter', '12345678A'],
    ['BSN failing the 11-proof', 'BSN 111222334'],
    ['nine digits without BSN', 'ticket 111222333'],
    ['NIR with the wrong key', '269054958815781'],
    ['password mentioned, not written', 'reset your password. The password reset link expires'],
    ['no domain', 'user@localhost and @handle'],
    ['amounts', 'total 1 234,56 EUR, 2.500,00 kr'],
    ['version and time', 'v12.3.4 at 10:45:30'],
  ];
  it.each(misses)('%s is not personal data', (_name, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('maskPii', () => {
  const cases: [string, string][] = [
    ['mail john@example.com', 'mail j***@example.com'],
    ['card 4242 4242 4242 4242.', 'card **** **** **** 4242.'],
    ['IBAN GB82 WEST 1234 5698 7654 32', 'IBAN GB** **** 5432'],
    ['SSN 536-22-1234', 'SSN ***-**-1234'],
    ['password: hunter2', 'password: ********'],
    ['call +44 20 7946 0958', 'call +** ** **** **58'],
  ];
  it.each(cases)('%s → %s', (text, masked) => {
    expect(maskPii(text, findPii(text))).toBe(masked);
  });
});

// Test values: valid cards, IBANs and emails, and words without digits to put between them.
const cardArb = fc
  .tuple(
    fc.constantFrom('4', '51', '37', '6011'),
    fc.integer({ min: 13, max: 19 }),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 }),
    fc.constantFrom('', ' ', '-'),
  )
  .map(([prefix, length, rest, sep]) => {
    const body = (prefix + rest.join('')).slice(0, length - 1);
    const check = [...'0123456789'].find((d) => luhnValid(body + d)) ?? '0';
    const digits = body + check;
    return sep ? (digits.match(/.{1,4}/g) ?? []).join(sep) : digits;
  })
  .filter((card) => !/^(\d)\1+$/.test(card.replace(/\D/g, '')));
const ibanArb = fc.constantFrom(
  'GB82 WEST 1234 5698 7654 32',
  'NL91ABNA0417164300',
  'DE89370400440532013000',
  'FR14 2004 1010 0505 0001 3M02 606',
  'ES9121000418450200051332',
);
const emailArb = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9._]{0,10}$/),
    fc.stringMatching(/^[a-z]{1,8}$/),
    fc.constantFrom('com', 'es', 'co.uk'),
  )
  .map(([local, domain, tld]) => `${local.replace(/\.+$/, '')}@${domain}.${tld}`);
const wordArb = fc.stringMatching(/^[a-zA-Zéñ,.!?]{1,10}$/);
const textArb = fc
  .array(fc.oneof(wordArb, wordArb, cardArb, ibanArb, emailArb), { maxLength: 12 })
  .map((parts) => parts.join(' '));

describe('findPii properties', () => {
  it('returns spans within the text, sorted and never overlapping, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), textArb), (text) => {
        const spans = findPii(text);
        spans.forEach((s, i) => {
          expect(s.start).toBeGreaterThanOrEqual(0);
          expect(s.end).toBeLessThanOrEqual(text.length);
          expect(s.start).toBeLessThan(s.end);
          if (i > 0) expect(s.start).toBeGreaterThanOrEqual(spans[i - 1]?.end ?? 0);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('leaves no card, IBAN or email in a masked text', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const left = findPii(maskPii(text, findPii(text))).filter((s) =>
          ['card', 'iban', 'email'].includes(s.kind),
        );
        expect(left).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  // Words that name a reference number make the digits after them one, on purpose.
  const plainWord = wordArb.filter(
    (w) =>
      !/^(order|invoice|ref|reference|pedido|encomenda|commande|bestilling|bestellung|factura|fatura|no|nr|nº)\W*$/i.test(
        w,
      ),
  );
  it('finds a valid card embedded in other words', () => {
    fc.assert(
      fc.property(
        fc.array(plainWord, { maxLength: 6 }),
        cardArb,
        fc.array(plainWord, { maxLength: 6 }),
        (before, card, after) => {
          const prefix = before.length ? `${before.join(' ')} ` : '';
          const text = `${prefix}${card}${after.length ? ` ${after.join(' ')}` : ''}`;
          expect(findPii(text)).toContainEqual({
            kind: 'card',
            start: prefix.length,
            end: prefix.length + card.length,
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
