import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FilterError, parseFilter } from './filter.js';

describe('SCIM filter parser (RFC 7644 §3.4.2.2)', () => {
  it.each([
    ['userName eq "bjensen"', { op: 'eq', path: 'username', value: 'bjensen' }],
    [
      'emails.value eq "bjensen@example.com"',
      { op: 'eq', path: 'emails.value', value: 'bjensen@example.com' },
    ],
    ['externalId eq "00u1"', { op: 'eq', path: 'externalid', value: '00u1' }],
    ['active eq false', { op: 'eq', path: 'active', value: false }],
    ['title pr', { op: 'pr', path: 'title' }],
    ['userName sw "J"', { op: 'sw', path: 'username', value: 'J' }],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"',
      { op: 'eq', path: 'urn:ietf:params:scim:schemas:core:2.0:user:username', value: 'x' },
    ],
    [
      'emails[type eq "work"].value eq "a@b.c"',
      { op: 'eq', path: 'emails[type eq "work"].value', value: 'a@b.c' },
    ],
    ['userName EQ "A \\"quoted\\" name"', { op: 'eq', path: 'username', value: 'A "quoted" name' }],
  ])('parses %s', (text, tree) => {
    expect(parseFilter(text)).toEqual(tree);
  });

  it('binds and tighter than or, and honours parentheses and not', () => {
    expect(parseFilter('a eq 1 or b eq 2 and c eq 3')).toEqual({
      op: 'or',
      left: { op: 'eq', path: 'a', value: 1 },
      right: { op: 'and', left: { op: 'eq', path: 'b', value: 2 }, right: { op: 'eq', path: 'c', value: 3 } },
    });
    expect(parseFilter('not (active eq true) and (userName eq "x" or userName eq "y")')).toEqual({
      op: 'and',
      left: { op: 'not', filter: { op: 'eq', path: 'active', value: true } },
      right: {
        op: 'or',
        left: { op: 'eq', path: 'username', value: 'x' },
        right: { op: 'eq', path: 'username', value: 'y' },
      },
    });
  });

  it.each([
    '',
    'userName',
    'userName eq',
    'userName equals "x"',
    'userName eq bjensen',
    'userName eq "x" and',
    '(userName eq "x"',
    'userName eq "x")',
    'userName eq "unterminated',
    'and eq "x"',
  ])('refuses %j as an invalid filter', (text) => {
    expect(() => parseFilter(text)).toThrow(FilterError);
  });

  it('never throws anything but a FilterError, whatever the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseFilter(text);
        } catch (err) {
          expect(err).toBeInstanceOf(FilterError);
        }
      }),
    );
  });

  it('reads back any quoted string value exactly', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(parseFilter(`userName eq ${JSON.stringify(value)}`)).toEqual({
          op: 'eq',
          path: 'username',
          value,
        });
      }),
    );
  });
});
