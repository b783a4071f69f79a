import type { Channel } from '../../platform/db/schema.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import * as repo from './repository.js';
import { messageOut } from './service.js';

/**
 * A customer's message arriving through a channel integration: it continues the given ticket or opens
 * a new one, with the channel's own id on the message so a redelivery can be recognised. The caller
 * has already resolved the customer and serialised concurrent deliveries of the same conversation.
 */
export async function recordInboundMessage(
  tx: Tx,
  actor: Actor,
  input: {
    /** The ticket this conversation already has; null opens a new one. */
    continueTicketId: string | null;
    newTicket: { subject: string; channel: Channel; customerId: string; language?: string | null };
    message: {
      body_text: string;
      attachments: unknown[];
      channel: Channel;
      external_id: string;
      /** When the customer sent it, by the channel's clock; travels on the message.created event. */
      sent_at?: string | undefined;
    };
  },
) {
  const m = input.message;
  const messageRow = {
    organization_id: actor.organizationId,
    author_kind: 'customer' as const,
    author_customer_id: input.newTicket.customerId,
    visibility: 'public' as const,
    body_text: m.body_text,
    body_html: null,
    attachments: JSON.stringify(m.attachments),
    channel: m.channel,
    external_id: m.external_id,
  };
  const existing = input.continueTicketId
    ? await repo.findTicket(tx, input.continueTicketId, { lock: true })
    : null;
  if (existing && existing.status !== 'closed') {
    await repo.touchTicket(tx, existing.id, false);
    const message = await repo.recordTicketWrite(tx, {
      organizationId: actor.organizationId,
      ticketId: existing.id,
      vendorId: existing.vendor_id,
      actorUserId: actor.userId,
      message: { ...messageRow, ticket_id: existing.id },
      history: [],
      outbox: [
        {
          type: 'message.created',
          subjectId: null,
          payload: {
            ticketId: existing.id,
            authorKind: 'customer',
            visibility: 'public',
            channel: m.channel,
            sentAt: m.sent_at ?? null,
          },
        },
      ],
    });
    return { ticket: existing, created: false, message: messageOut(message!) };
  }
  const ticket = await repo.insertTicket(tx, {
    organization_id: actor.organizationId,
    subject: input.newTicket.subject,
    channel: input.newTicket.channel,
    language: input.newTicket.language ?? null,
    custom_fields: '{}',
    customer_id: input.newTicket.customerId,
    vendor_id: actor.vendorId,
  });
  const message = await repo.recordTicketWrite(tx, {
    organizationId: actor.organizationId,
    ticketId: ticket.id,
    vendorId: ticket.vendor_id,
    actorUserId: actor.userId,
    message: { ...messageRow, ticket_id: ticket.id },
    history: [{ field: 'created', before: null, after: { status: ticket.status, channel: ticket.channel } }],
    outbox: [
      {
        type: 'ticket.created',
        subjectId: ticket.id,
        payload: { number: ticket.number, channel: ticket.channel, customerId: input.newTicket.customerId },
      },
      {
        type: 'message.created',
        subjectId: null,
        payload: {
          ticketId: ticket.id,
          authorKind: 'customer',
          visibility: 'public',
          channel: m.channel,
          sentAt: m.sent_at ?? null,
        },
      },
    ],
  });
  return { ticket, created: true, message: messageOut(message!) };
}

/** A message by its channel id, if the actor can see it (a redelivered message is stored once). */
export async function findByExternalId(tx: Tx, organizationId: string, externalId: string) {
  const row = await repo.findMessageByExternalId(tx, organizationId, externalId);
  return row ? messageOut(row) : null;
}

export async function getTicketNumber(tx: Tx, ticketId: string) {
  const ticket = await repo.findTicket(tx, ticketId);
  return Number(ticket?.number ?? 0);
}
