import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  firstName,
  PLACEHOLDERS,
  type PlaceholderValues,
  renderMacro,
  unknownPlaceholders,
} from './placeholders.js';

const values: PlaceholderValues = {
  'customer.name': 'Ana Cruz',
  'customer.first_name': 'Ana',
  'ticket.number': '1042',
  'ticket.subject': 'Where is my refund?',
  'agent.name': 'Jonas Berg',
  'agent.first_name': 'Jonas',
  'brand.name': 'Nordlys',
};

describe('macro placeholders', () => {
  const cases: Array<[string, string, string]> = [
    ['no placeholders', 'Thanks for writing.', 'Thanks for writing.'],
    ['one placeholder', 'Hi {{customer.first_name}},', 'Hi Ana,'],
    ['spaces inside the braces', 'Hi {{ customer.name }}!', 'Hi Ana Cruz!'],
    [
      'several, repeated',
      '#{{ticket.number}} {{ticket.subject}} — {{agent.first_name}} at {{brand.name}}, #{{ticket.number}}',
      '#1042 Where is my refund? — Jonas at Nordlys, #1042',
    ],
    ['single braces are text', '{customer.name} and {{}', '{customer.name} and {{}'],
    [
      'a newline in the body',
      'Dear {{customer.name}},\nRegards, {{agent.name}}',
      'Dear Ana Cruz,\nRegards, Jonas Berg',
    ],
  ];
  it.each(cases)('%s', (_name, body, expected) => {
    expect(renderMacro(body, values)).toBe(expected);
  });

  const unknown: Array<[string, string, string[]]> = [
    ['all known', '{{customer.name}} {{ agent.first_name }}', []],
    ['a misspelt name', 'Hi {{customer.nmae}}', ['customer.nmae']],
    [
      'an expression is no placeholder',
      '{{ 7*7 }} {{constructor.constructor}}',
      ['7*7', 'constructor.constructor'],
    ],
    ['empty braces', '{{}} and {{  }}', ['']],
    ['each name once', '{{x}} {{x}} {{y}}', ['x', 'y']],
  ];
  it.each(unknown)('unknown placeholders: %s', (_name, body, expected) => {
    expect(unknownPlaceholders(body)).toEqual(expected);
  });

  it.each([
    ['Ana Cruz', 'Ana'],
    ['  Ana  ', 'Ana'],
    ['', ''],
    ['Prince', 'Prince'],
  ])('first name of %j is %j', (name, expected) => {
    expect(firstName(name)).toBe(expected);
  });

  it('fills each placeholder with its value and never expands a placeholder that arrives inside a value', () => {
    const name = fc.constantFrom(...PLACEHOLDERS);
    const text = fc.string().map((s) => s.replace(/[{}]/g, ''));
    const part = fc.oneof(
      text.map((t) => ({ text: t })),
      fc.tuple(name, fc.constantFrom('', ' ', '  ')).map(([p, pad]) => ({ placeholder: p, pad })),
    );
    const valueArb = fc.oneof(
      fc.string(),
      name.map((p) => `{{${p}}}`),
    );
    fc.assert(
      fc.property(
        fc.record(
          Object.fromEntries(PLACEHOLDERS.map((p) => [p, valueArb])) as Record<
            keyof PlaceholderValues,
            fc.Arbitrary<string>
          >,
        ),
        fc.array(part, { maxLength: 8 }),
        (vals, parts) => {
          const body = parts
            .map((p) => ('text' in p ? p.text : `{{${p.pad}${p.placeholder}${p.pad}}}`))
            .join('');
          const expected = parts.map((p) => ('text' in p ? p.text : vals[p.placeholder])).join('');
          expect(unknownPlaceholders(body)).toEqual([]);
          expect(renderMacro(body, vals)).toBe(expected);
        },
      ),
    );
  });

  it('leaves a body without double braces unchanged', () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        fc.pre(!body.includes('{{'));
        expect(renderMacro(body, values)).toBe(body);
      }),
    );
  });
});
