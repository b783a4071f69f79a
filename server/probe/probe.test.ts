import { describe, expect, it } from 'vitest';
import {
  fuzzBodies,
  isIdField,
  kindOfField,
  oneIdAtATime,
  sampleValue,
  stringPaths,
  withOneChange,
} from './body.js';
import { findForeignIds, isForeign, type Ownership, snapshotText } from './leaks.js';
import { fillPath, kindOfPathParam, objectPathOf } from './operations.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const TICKET_B = '33333333-3333-4333-8333-333333333333';
const QUEUE = '44444444-4444-4444-8444-444444444444';
const ownership: Ownership = new Map([
  [A, { kind: 'vendors', vendorId: A }],
  [B, { kind: 'vendors', vendorId: B }],
  [TICKET_B, { kind: 'tickets', vendorId: B }],
  [QUEUE, { kind: 'queues', vendorId: null }],
]);

describe('leak detection', () => {
  it('finds ids of another vendor anywhere in a body, also inside strings, with their path', () => {
    const body = { items: [{ id: A }, { note: `see ${TICKET_B.toUpperCase()}`, queue_id: QUEUE }] };
    expect(findForeignIds(body, ownership, A)).toEqual([
      { path: 'items.1.note', id: TICKET_B, kind: 'tickets', ownerVendorId: B },
    ]);
  });

  it('treats the caller’s own and brand-level objects as not foreign', () => {
    expect(isForeign(ownership, A, A)).toBe(false);
    expect(isForeign(ownership, QUEUE, A)).toBe(false);
    expect(isForeign(ownership, TICKET_B, A)).toBe(true);
    expect(findForeignIds({ id: B }, ownership, B)).toEqual([]);
  });

  it('compares snapshots regardless of key order and of updated_at', () => {
    expect(snapshotText({ a: 1, b: 2, updated_at: 'x' })).toBe(snapshotText({ b: 2, a: 1, updated_at: 'y' }));
    expect(snapshotText({ a: 1 })).not.toBe(snapshotText({ a: 2 }));
  });
});

describe('body generation', () => {
  const transfer = {
    type: 'object',
    properties: {
      agent_id: { type: 'string', format: 'uuid' },
      team_id: { type: 'string', format: 'uuid' },
      reason: { type: 'string', minLength: 1 },
      note: { type: 'string' },
    },
    required: ['reason'],
  };
  const choose = (field: string) => (kindOfField(field) ? `${kindOfField(field)}-id` : undefined);

  it('fills required fields and every id-like field, leaving other optional ones out', () => {
    expect(sampleValue(transfer, choose)).toEqual({
      agent_id: 'users-id',
      team_id: 'teams-id',
      reason: 'probe',
    });
  });

  it('offers one id at a time for schemas that refuse several', () => {
    expect(oneIdAtATime(transfer, sampleValue(transfer, choose))).toEqual([
      { agent_id: 'users-id', reason: 'probe' },
      { team_id: 'teams-id', reason: 'probe' },
    ]);
  });

  it('gives a PATCH one real change', () => {
    expect(withOneChange(transfer, { reason: 'probe' })).toEqual({ reason: 'probe', note: 'probe change' });
  });

  it('maps field and path names to kinds', () => {
    expect(isIdField('source_customer_id')).toBe(true);
    expect(isIdField('display_name')).toBe(false);
    expect(kindOfField('source_customer_id')).toBe('customers');
    expect(kindOfField('overflow_vendor_ids')).toBe('vendors');
    expect(kindOfPathParam('/api/v1/tickets/{id}/macros/{macroId}/render', 'macroId')).toBe('macros');
    expect(kindOfPathParam('/api/v1/chats/{ticketId}/accept', 'ticketId')).toBe('tickets');
    expect(kindOfPathParam('/api/v1/routing/agents/{id}/certifications', 'id')).toBe('users');
    expect(fillPath('/a/{id}/b/{x}', { id: '1', x: 'a b' })).toBe('/a/1/b/a%20b');
    expect(objectPathOf('/api/v1/calendars/{id}/holidays/{holidayId}')).toBe('/api/v1/calendars/{id}');
  });

  it('puts every bad value into every string field', () => {
    const body = { name: 'n', nested: { tags: ['t'] }, count: 1 };
    expect(stringPaths(body)).toEqual([['name'], ['nested', 'tags', 0]]);
    const variants = fuzzBodies(body, 100);
    expect(variants.some((v) => (v.body as any).nested?.tags?.[0] === 'a\u0000b')).toBe(true);
    expect(variants.some((v) => (v.body as any).name === 'a\ud800b')).toBe(true);
    expect(fuzzBodies(body, 5)).toHaveLength(5);
  });
});
