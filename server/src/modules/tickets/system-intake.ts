import type { Channel, Role } from '../../platform/db/schema.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import * as repo from './repository.js';
import { getTicket, messageOut } from './service.js';

/**
 * Tickets opened and continued by a channel integration (phone events, the public web form) rather
 * than typed by a person: the first message may be the customer's words or a system line such as
 * "Call from +45…", and the channel's own id on the message makes a redelivery a no-op.
 */

/**
 * The actor for a write no user makes (a customer posting the public web form): brand-level row
 * security within one organization, and history recorded as the customer's, not a user's.
 */
export function publicIntakeActor(organizationId: string): Actor {
  return {
    userId: '',
    organizationId,
    role: 'brand_admin' satisfies Role,
    vendorId: null,
    siteId: null,
    teamId: null,
    scopes: [],
  };
}

function writer(actor: Actor) {
  return actor.userId
    ? { actorUserId: actor.userId, actorKind: 'user' as const }
    : { actorUserId: null, actorKind: 'customer' as const };
}

export interface ChannelMessage {
  author: 'customer' | 'system';
  body_text: string;
  /** Namespaced channel id, e.g. 'phone:<call id>:answered'; unique per organization. */
  external_id?: string | undefined;
}

export async function openChannelTicket(
  tx: Tx,
  actor: Actor,
  input: {
    subject: string;
    channel: Channel;
    customerId: string;
    newCustomer: boolean;
    vendorId: string | null;
    agentId?: string | null | undefined;
    queue?: string | null | undefined;
    tags?: string[] | undefined;
    customFields?: Record<string, unknown> | undefined;
    message: ChannelMessage;
  },
) {
  const ticket = await repo.insertTicket(tx, {
    organization_id: actor.organizationId,
    subject: input.subject,
    channel: input.channel,
    queue: input.queue ?? null,
    tags: input.tags ?? [],
    custom_fields: JSON.stringify(input.customFields ?? {}),
    customer_id: input.customerId,
    vendor_id: input.vendorId,
    agent_id: input.agentId ?? null,
  });
  const message = await repo.recordTicketWrite(tx, {
    organizationId: actor.organizationId,
    ticketId: ticket.id,
    vendorId: ticket.vendor_id,
    ...writer(actor),
    message: messageRow(actor, ticket.id, input.customerId, input.channel, input.message),
    history: [{ field: 'created', before: null, after: { status: ticket.status, channel: ticket.channel } }],
    outbox: [
      {
        type: 'ticket.created',
        subjectId: ticket.id,
        payload: {
          number: ticket.number,
          channel: ticket.channel,
          customerId: input.customerId,
          newCustomer: input.newCustomer,
        },
      },
      {
        type: 'message.created',
        subjectId: null,
        payload: { ticketId: ticket.id, authorKind: input.message.author, visibility: 'public' },
      },
    ],
  });
  return { ticket, message: messageOut(message!) };
}

/** Adds a channel's message (a customer's words or a system line) to a ticket the actor can see. */
export async function addChannelMessage(
  tx: Tx,
  actor: Actor,
  ticketId: string,
  channel: Channel,
  message: ChannelMessage,
) {
  const ticket = await getTicket(tx, ticketId, { lock: true });
  await repo.touchTicket(tx, ticketId, false);
  const row = await repo.recordTicketWrite(tx, {
    organizationId: actor.organizationId,
    ticketId,
    vendorId: ticket.vendor_id,
    ...writer(actor),
    message: messageRow(actor, ticketId, ticket.customer_id, channel, message),
    history: [],
    outbox: [
      {
        type: 'message.created',
        subjectId: null,
        payload: { ticketId, authorKind: message.author, visibility: 'public' },
      },
    ],
  });
  return messageOut(row!);
}

function messageRow(actor: Actor, ticketId: string, customerId: string, channel: Channel, m: ChannelMessage) {
  return {
    organization_id: actor.organizationId,
    ticket_id: ticketId,
    author_kind: m.author,
    author_customer_id: m.author === 'customer' ? customerId : null,
    visibility: 'public' as const,
    body_text: m.body_text,
    attachments: '[]',
    channel,
    external_id: m.external_id ?? null,
  };
}
