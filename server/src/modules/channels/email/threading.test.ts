import { describe, expect, it } from 'vitest';
import { emailExternalId, referencedMessageIds, subjectTicketNumber, tandemTicketIds } from './threading.js';

const ticket = '0b0c8f3e-6d0a-4c39-9d8e-2f5a1c7e9b10';

describe('threading', () => {
  it('lists In-Reply-To first, then References newest first, without duplicates', () => {
    expect(referencedMessageIds('<c@x>', ['<a@x>', '<b@x>', '<c@x>'])).toEqual(['<c@x>', '<b@x>', '<a@x>']);
    expect(referencedMessageIds(undefined, '<a@x> <b@x>')).toEqual(['<b@x>', '<a@x>']);
    expect(referencedMessageIds(undefined, undefined)).toEqual([]);
    expect(referencedMessageIds('garbage', 'no ids here')).toEqual([]);
  });

  it('reads the ticket id out of our own outgoing Message-IDs only', () => {
    expect(
      tandemTicketIds([
        `<tandem.${ticket}.4f1e1c8e-2b7e-4a53-8d53-0f3f8f2d6c11@brand.test>`,
        `<tandem.${ticket.toUpperCase()}.x@brand.test>`,
        '<tandem.not-a-uuid.x@brand.test>',
        `<other.${ticket}.x@brand.test>`,
      ]),
    ).toEqual([ticket]);
  });

  it.each([
    ['Re: Refund [#1234]', 1234],
    ['[#7] photos', 7],
    ['Re: Refund #1234', null],
    ['[#0]', null],
    ['[#abc]', null],
    [undefined, null],
  ] as Array<[string | undefined, number | null]>)('subject %s → ticket %s', (subject, n) => {
    expect(subjectTicketNumber(subject)).toBe(n);
  });

  it('namespaces Message-IDs as stored external ids', () => {
    expect(emailExternalId('<a@x>')).toBe('email:<a@x>');
    expect(emailExternalId(' a@x ')).toBe('email:<a@x>');
  });
});
