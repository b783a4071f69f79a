import { describe, expect, it } from 'vitest';
import type { Role } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/db/transaction.js';
import type { BusEvent } from '../../platform/realtime/event-bus.js';
import { payloadForVendor, viewOf } from './audience.js';

const ORG = '00000000-0000-4000-8000-000000000001';
const OTHER_ORG = '00000000-0000-4000-8000-000000000002';
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const TICKET = '00000000-0000-4000-8000-0000000000f1';

function actor(role: Role, vendorId: string | null, scopes?: string[]): Actor {
  return {
    userId: '00000000-0000-4000-8000-000000000099',
    organizationId: ORG,
    role,
    vendorId,
    siteId: null,
    teamId: null,
    ...(scopes ? { scopes } : {}),
  };
}

function event(values: Partial<BusEvent>): BusEvent {
  return {
    id: 7,
    organization_id: ORG,
    vendor_id: A,
    type: 'ticket.created',
    subject_id: TICKET,
    created_at: '2026-11-23T12:00:00.000Z',
    payload: { number: 1 },
    ...values,
  };
}

describe('who sees an event', () => {
  const cases: Array<[string, Actor, BusEvent, 'full' | 'moved_away' | null]> = [
    ['an agent of the event’s vendor', actor('agent', A), event({}), 'full'],
    ['an agent of another vendor', actor('agent', B), event({}), null],
    ['a brand user, any vendor', actor('brand_analyst', null), event({ vendor_id: B }), 'full'],
    ['a vendor user, brand-level event', actor('vendor_admin', A), event({ vendor_id: null }), null],
    ['a brand user, brand-level event', actor('brand_admin', null), event({ vendor_id: null }), 'full'],
    ['anyone, another organization', actor('brand_admin', null), event({ organization_id: OTHER_ORG }), null],
    [
      'the vendor a ticket moved away from',
      actor('agent', A),
      event({ vendor_id: B, type: 'ticket.updated', payload: { previousVendorId: A, status: 'open' } }),
      'moved_away',
    ],
    [
      'a third vendor when a ticket moves between two others',
      actor('agent', B),
      event({ vendor_id: A, type: 'ticket.updated', payload: { previousVendorId: '0000' } }),
      null,
    ],
    [
      'a message of the vendor’s ticket',
      actor('agent', A),
      event({ type: 'message.created', payload: { ticketId: TICKET } }),
      'full',
    ],
    [
      'a message event never counts as a move',
      actor('agent', B),
      event({ type: 'message.created', payload: { ticketId: TICKET, previousVendorId: B } }),
      null,
    ],
    ['an unlisted event type', actor('brand_admin', null), event({ type: 'user.created' }), null],
    [
      'a token without tickets:read',
      actor('agent', A, ['customers:read']),
      event({ type: 'ticket.created' }),
      null,
    ],
    [
      'presence of the vendor’s agent',
      actor('team_lead', A),
      event({ type: 'presence.changed', payload: { status: 'online' } }),
      'full',
    ],
    [
      'the visitor typing in a chat of the agent’s vendor',
      actor('agent', A),
      event({
        id: 0,
        ephemeral: true,
        type: 'chat.visitor_typing',
        payload: { ticketId: TICKET, typing: true },
      }),
      'full',
    ],
    [
      'the visitor typing in another vendor’s chat',
      actor('agent', B),
      event({
        id: 0,
        ephemeral: true,
        type: 'chat.visitor_typing',
        payload: { ticketId: TICKET, typing: true },
      }),
      null,
    ],
    [
      'an unrouted chat’s visitor typing, to a vendor',
      actor('agent', A),
      event({ id: 0, ephemeral: true, vendor_id: null, type: 'chat.visitor_typing' }),
      null,
    ],
    [
      'the rollup’s own sla.decided, even to the brand',
      actor('brand_admin', null),
      event({ type: 'sla.decided', payload: { ticketId: TICKET, webhook: false } }),
      null,
    ],
    [
      'an ephemeral typing signal of another vendor',
      actor('agent', B),
      event({ id: 0, ephemeral: true, type: 'ticket.agent_typing' }),
      null,
    ],
  ];
  it.each(cases)('%s', (_name, who, what, expected) => {
    expect(viewOf(who, what)?.kind ?? null).toBe(expected);
  });

  it('tells the vendor a ticket left only that it left', () => {
    const seen = viewOf(
      actor('agent', A),
      event({ vendor_id: B, type: 'ticket.updated', payload: { previousVendorId: A, status: 'solved' } }),
    );
    expect(seen?.view).toEqual({
      id: 7,
      type: 'ticket.moved_away',
      subject_id: TICKET,
      ticket_id: TICKET,
      created_at: '2026-11-23T12:00:00.000Z',
      payload: {},
    });
  });

  it('names the ticket of a message event', () => {
    const seen = viewOf(actor('agent', A), event({ type: 'message.created', payload: { ticketId: TICKET } }));
    expect(seen?.view.ticket_id).toBe(TICKET);
  });
});

describe('a payload as a vendor’s reader sees it', () => {
  const SITE = '00000000-0000-4000-8000-0000000000c1';
  const AGENT = '00000000-0000-4000-8000-0000000000c2';
  const cases: Array<[string, string | null, Record<string, unknown>, Record<string, unknown>]> = [
    [
      'a transfer into the reader’s vendor hides where it came from',
      B,
      { vendor_id: B, site_id: SITE, agent_id: AGENT, previousVendorId: A, reason: 'x' },
      { vendor_id: B, site_id: SITE, agent_id: AGENT, previousVendorId: 'another_vendor', reason: 'x' },
    ],
    [
      'a transfer within the reader’s vendor stays whole',
      A,
      { vendor_id: A, agent_id: AGENT, previousVendorId: A },
      { vendor_id: A, agent_id: AGENT, previousVendorId: A },
    ],
    [
      'another vendor’s assignment is masked with its site, team and agent',
      A,
      { vendor_id: B, site_id: SITE, team_id: null, agent_id: AGENT },
      { vendor_id: 'another_vendor', site_id: 'another_vendor', team_id: null, agent_id: 'another_vendor' },
    ],
    [
      'the brand sees every id',
      null,
      { vendor_id: B, agent_id: AGENT, previousVendorId: A },
      { vendor_id: B, agent_id: AGENT, previousVendorId: A },
    ],
    ['a payload without vendors is untouched', A, { number: 1 }, { number: 1 }],
    [
      'a customer’s changed values (maybe masked for the reader) become the changed fields',
      A,
      { changes: { display_name: 'Ana Cruz', tier: 'vip' } },
      { changes: ['display_name', 'tier'] },
    ],
    [
      'the brand sees a customer’s changed values',
      null,
      { changes: { display_name: 'Ana Cruz' } },
      { changes: { display_name: 'Ana Cruz' } },
    ],
    ['a ticket’s changed fields stay', A, { changes: ['status'] }, { changes: ['status'] }],
  ];
  it.each(cases)('%s', (_name, reader, payload, seen) => {
    expect(payloadForVendor(payload, reader)).toEqual(seen);
  });

  it('is what the socket and GET /events give a vendor for ticket.transferred', () => {
    const moved = event({
      type: 'ticket.transferred',
      vendor_id: B,
      payload: { vendor_id: B, previousVendorId: A },
    });
    expect(viewOf(actor('agent', B), moved)?.view.payload).toEqual({
      vendor_id: B,
      previousVendorId: 'another_vendor',
    });
    expect(viewOf(actor('brand_admin', null), moved)?.view.payload).toEqual({
      vendor_id: B,
      previousVendorId: A,
    });
  });
});
