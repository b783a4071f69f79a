import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHECKS,
  type CheckInput,
  confidentLanguage,
  patternError,
  runChecks,
  type VoiceRuleSet,
} from './checks.js';

const rules = (extra: Partial<VoiceRuleSet> = {}): VoiceRuleSet => ({
  language: '*',
  forbiddenPhrases: [],
  forbiddenPromises: [],
  greetings: [],
  closings: [],
  ...extra,
});
const phrase = (value: string) => ({ kind: 'phrase' as const, value });
const regex = (value: string) => ({ kind: 'regex' as const, value });
const checksOf = (input: CheckInput) => runChecks(input).map((f) => f.check);

const english = rules({
  language: 'en',
  greetings: [phrase('Hi'), phrase('Hello'), regex('^dear\\b')],
  closings: [phrase('Kind regards'), phrase('Best wishes')],
});
const spanish = rules({ language: 'es', greetings: [phrase('Hola')], closings: [phrase('Saludos')] });
const brand = rules({
  forbiddenPhrases: [phrase('calm down'), regex('\\bno can do\\b')],
  forbiddenPromises: [phrase('guarantee'), regex('refund (?:you )?(?:by|within) (?:tomorrow|\\d+ days?)')],
});
const all = [english, spanish, brand];

const SPANISH_CUSTOMER =
  'Hola, mi pedido no ha llegado todavía y necesito saber cuándo lo van a enviar por favor.';
const ENGLISH_REPLY =
  'Hi Ana, thank you for writing to us. Your parcel left our warehouse yesterday and should arrive soon. Kind regards';

describe('runChecks', () => {
  const cases: [string, CheckInput, string[]][] = [
    [
      'a clean reply',
      { text: 'Hi Ana, your parcel ships today. Kind regards', rules: all, customerLanguage: 'en' },
      [],
    ],
    [
      'no greeting',
      { text: 'Your parcel ships today. Kind regards', rules: all, customerLanguage: 'en' },
      ['missing_greeting'],
    ],
    [
      'no closing',
      { text: 'Hello Ana, your parcel ships today.', rules: all, customerLanguage: 'en' },
      ['missing_closing'],
    ],
    [
      'greeting by regex',
      { text: 'Dear Ana, it ships today. Best wishes', rules: all, customerLanguage: 'en' },
      [],
    ],
    [
      'greeting too late',
      { text: `${'x'.repeat(130)} Hi. Kind regards`, rules: all, customerLanguage: 'en' },
      ['missing_greeting'],
    ],
    [
      'Spanish rules for a Spanish ticket',
      { text: 'Hola Ana, sale hoy. Saludos', rules: all, customerLanguage: 'es' },
      [],
    ],
    [
      'English greeting on a Spanish ticket',
      { text: 'Hi Ana. Kind regards', rules: all, customerLanguage: 'es' },
      ['missing_greeting', 'missing_closing'],
    ],
    ['no rules for the language', { text: 'Bonjour', rules: [english], customerLanguage: 'fr' }, []],
    [
      'forbidden phrase',
      { text: 'Hi, please calm down. Kind regards', rules: all, customerLanguage: 'en' },
      ['forbidden_phrase'],
    ],
    [
      'phrase inside a word is not it',
      { text: 'Hi, the guaranteed slot. Kind regards', rules: all, customerLanguage: 'en' },
      [],
    ],
    [
      'forbidden promise by regex',
      { text: 'Hi, we will refund you within 2 days. Kind regards', rules: all, customerLanguage: 'en' },
      ['forbidden_promise'],
    ],
    [
      'promise and phrase',
      { text: 'Hi, calm down, I guarantee it. Kind regards', rules: all, customerLanguage: 'en' },
      ['forbidden_phrase', 'forbidden_promise'],
    ],
    [
      'card in a reply',
      {
        text: 'Hi, your card 4242 4242 4242 4242 is on file. Kind regards',
        rules: all,
        customerLanguage: 'en',
      },
      ['pii_leak'],
    ],
    [
      'password in a reply',
      { text: 'Hi, your temporary password: Xk29!q. Kind regards', rules: all, customerLanguage: 'en' },
      ['pii_leak'],
    ],
    [
      "the customer's own email read back",
      {
        text: 'Hi, we wrote to ana@example.com. Kind regards',
        customerText: 'my email is ana@example.com',
        rules: all,
        customerLanguage: 'en',
      },
      [],
    ],
    [
      'another email',
      {
        text: 'Hi, we wrote to bob@example.com. Kind regards',
        customerText: 'my email is ana@example.com',
        rules: all,
        customerLanguage: 'en',
      },
      ['pii_leak'],
    ],
    [
      'English reply to Spanish text',
      { text: ENGLISH_REPLY, customerText: SPANISH_CUSTOMER, rules: [] },
      ['language_mismatch'],
    ],
    ['short texts never mismatch', { text: 'Hi Ana, thanks!', customerText: 'Hola, gracias', rules: [] }, []],
    [
      'same language',
      {
        text: 'Hola Ana, gracias por escribirnos. Su pedido salió ayer del almacén y llegará pronto. Saludos',
        customerText: SPANISH_CUSTOMER,
        rules: all,
      },
      [],
    ],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(checksOf(input)).toEqual(expected);
  });

  it('explains each finding and points at the words', () => {
    const text = 'Hi, calm down. Card 4242 4242 4242 4242. Kind regards';
    const [phraseFinding, leak] = runChecks({ text, rules: all, customerLanguage: 'en' });
    expect(phraseFinding).toEqual({
      check: 'forbidden_phrase',
      span: { start: 4, end: 13 },
      detail: 'Forbidden phrase "calm down" (rule: calm down)',
    });
    expect(leak?.detail).toBe('A payment card number is in a public reply: **** **** **** 4242');
    expect(leak?.detail).not.toContain('4242 4242');
  });

  it('refuses patterns that do not compile', () => {
    expect(patternError(regex('(unclosed'))).toMatch(/Invalid|Unterminated/);
    expect(patternError(regex('ok|fine'))).toBeNull();
    expect(patternError(phrase('(literal'))).toBeNull();
  });

  it('reads a language only from enough clear text', () => {
    expect(confidentLanguage(SPANISH_CUSTOMER)).toBe('es');
    expect(confidentLanguage(ENGLISH_REPLY)).toBe('en');
    expect(confidentLanguage('Hola, gracias')).toBeNull();
  });
});

const patternArb = fc.oneof(
  fc.stringMatching(/^[a-z ]{1,8}$/).map(phrase),
  fc.constantFrom('a+', 'x*', '\\d{2,}', '^h', '!$', '(?:ab|ba)').map(regex),
);
const ruleSetArb = fc.record({
  language: fc.constantFrom('*', 'en', 'es'),
  forbiddenPhrases: fc.array(patternArb, { maxLength: 3 }),
  forbiddenPromises: fc.array(patternArb, { maxLength: 3 }),
  greetings: fc.array(patternArb, { maxLength: 2 }),
  closings: fc.array(patternArb, { maxLength: 2 }),
});
const inputArb = fc.record({
  text: fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom(ENGLISH_REPLY, SPANISH_CUSTOMER)),
  customerText: fc.option(fc.oneof(fc.string({ maxLength: 200 }), fc.constant(SPANISH_CUSTOMER))),
  customerLanguage: fc.option(fc.constantFrom('en', 'es', 'fr')),
  rules: fc.array(ruleSetArb, { maxLength: 3 }),
});

describe('runChecks properties', () => {
  it('is deterministic, names known checks and keeps every span inside the text', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const findings = runChecks(input);
        expect(runChecks(input)).toEqual(findings);
        for (const f of findings) {
          expect(CHECKS).toContain(f.check);
          expect(f.detail.length).toBeGreaterThan(0);
          if (f.span) {
            expect(f.span.start).toBeGreaterThanOrEqual(0);
            expect(f.span.end).toBeLessThanOrEqual(input.text.length);
            expect(f.span.start).toBeLessThan(f.span.end);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
