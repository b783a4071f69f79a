import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_CHARS, searchQuery } from './search-query.js';

describe('search query', () => {
  const cases: Array<[string, string, string | null, number | null]> = [
    ['plain words', 'refund  order', 'refund order', null],
    ['a phrase and an exclusion pass through', '"late parcel" -spam', '"late parcel" -spam', null],
    ['a ticket number with #', '#1234', '#1234', 1234],
    ['a bare number', '  987 ', '987', 987],
    ['zero is no ticket number', '0', '0', null],
    ['only punctuation is nothing to search', ' "" - ! ', null, null],
    ['bidi overrides and zero-width spaces go', 'ref\u202Eund\u200B now', 'ref und now', null],
    ['newlines and tabs become one space', 'a\n\tb', 'a b', null],
    ['letters of any script count', 'Пакет 包裹', 'Пакет 包裹', null],
  ];
  it.each(cases)('%s', (_name, input, text, number) => {
    expect(searchQuery(input)).toEqual({ text, number });
  });

  it('never yields control characters, runs of spaces or more than the maximum length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 400 }), (raw) => {
        const { text } = searchQuery(raw);
        if (text === null) return;
        expect(Array.from(text).length).toBeLessThanOrEqual(MAX_SEARCH_CHARS);
        expect(text).not.toMatch(/[\p{Cc}\p{Cf}]/u);
        expect(text).not.toMatch(/\s{2,}/);
        expect(text).toBe(text.trim());
        expect(text).toMatch(/[\p{L}\p{N}]/u);
      }),
    );
  });

  it('is idempotent: cleaning a cleaned query changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (raw) => {
        const once = searchQuery(raw);
        if (once.text === null) return;
        expect(searchQuery(once.text)).toEqual(once);
      }),
    );
  });
});
