import { describe, expect, it } from 'vitest';
import {
  domainOf,
  externalIdOf,
  headerId,
  replyMessageId,
  replySubject,
  threadingHeaders,
} from './compose.js';
import { replyGoesByEmail } from './reply-channel.js';

describe('reply addressing', () => {
  it.each([
    ['support@brand.example', 'brand.example'],
    ['Brand Support <help@Mail.Brand.example>', 'mail.brand.example'],
  ])('takes the Message-ID domain from %s', (from, domain) => {
    expect(domainOf(from)).toBe(domain);
  });

  it('builds the Message-ID the inbound side parses', () => {
    expect(replyMessageId('t-1', 'm-2', 'Brand <s@brand.example>')).toBe('<tandem.t-1.m-2@brand.example>');
  });

  it.each([
    ['Refund please', 7, 'Re: Refund please [#7]'],
    ['Re: Refund please', 7, 'Re: Refund please [#7]'],
    ['RE: AW: Re: Refund please [#7]', 7, 'Re: Refund please [#7]'],
    ['  ', 8, 'Re: (no subject) [#8]'],
  ])('subject %j of ticket %i becomes %j', (subject, number, expected) => {
    expect(replySubject(subject, number)).toBe(expected);
  });

  it('accepts stored ids with or without angle brackets', () => {
    expect(headerId('email:<a@b>')).toBe('<a@b>');
    expect(headerId('email:a@b')).toBe('<a@b>');
    expect(externalIdOf('<tandem.1.2@x>')).toBe('email:tandem.1.2@x');
  });

  it('replies to the customer’s latest mail and references the whole chain', () => {
    const headers = threadingHeaders([
      { external_id: 'email:first@customer', author_kind: 'customer' },
      { external_id: 'email:tandem.t.m1@brand', author_kind: 'agent' },
      { external_id: 'email:<second@customer>', author_kind: 'customer' },
      { external_id: 'email:tandem.t.m2@brand', author_kind: 'agent' },
    ]);
    expect(headers.inReplyTo).toBe('<second@customer>');
    expect(headers.references).toEqual([
      '<first@customer>',
      '<tandem.t.m1@brand>',
      '<second@customer>',
      '<tandem.t.m2@brand>',
    ]);
  });

  it('has nothing to reply to on a ticket that never saw an email, and keeps long chains short', () => {
    expect(threadingHeaders([])).toEqual({ inReplyTo: null, references: [] });
    const long = Array.from({ length: 30 }, (_, i) => ({
      external_id: `email:m${i}@c`,
      author_kind: 'customer',
    }));
    const { references, inReplyTo } = threadingHeaders(long);
    expect(references).toHaveLength(20);
    expect(references[0]).toBe('<m0@c>');
    expect(references.at(-1)).toBe('<m29@c>');
    expect(inReplyTo).toBe('<m29@c>');
  });
});

describe('which replies go by email', () => {
  it.each([
    ['email', null, true, 'yes'],
    ['email', null, false, 'no-address'],
    ['web', null, true, 'yes'],
    ['api', null, true, 'yes'],
    ['api', null, false, 'no'],
    ['chat', null, true, 'no'],
    ['social', null, true, 'no'],
    ['phone', null, true, 'no'],
    ['chat', 'email', true, 'yes'],
  ] as const)(
    'a reply on a %s ticket (message channel %s, email known: %s): %s',
    (ticket, message, hasEmail, expected) => {
      expect(replyGoesByEmail(ticket, message, hasEmail)).toBe(expected);
    },
  );
});
