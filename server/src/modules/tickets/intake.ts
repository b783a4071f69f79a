import type { Attachment, Channel } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import { planTicketChange } from './changes.js';
import * as repo from './repository.js';
import { sanitizeMessageHtml } from './sanitize.js';
import { messageOut } from './service.js';

/**
 * What channels (email, and later chat, social, phone) call when a customer writes in: a new ticket
 * with the customer's first message, or a further message on a ticket, both leaving the same history
 * and outbox events as the API does. The caller runs them in its transaction, which must be able to
 * see the organization's tickets (brand-wide context); there is no user, so history names the customer.
 */

export interface InboundMessage {
  channel: Channel;
  /** The channel's own id, namespaced ('email:<Message-ID>'); unique per organization. */
  externalId: string;
  bodyText: string;
  bodyHtml: string | null;
  attachments: Attachment[];
}

export interface NewInboundTicket {
  organizationId: string;
  customerId: string;
  newCustomer: boolean;
  subject: string;
  channel: Channel;
  vendorId: string | null;
  queue: string | null;
  language: string | null;
  message: InboundMessage;
}

type Ticket = Awaited<ReturnType<typeof repo.insertTicket>>;

function messageRow(organizationId: string, ticketId: string, customerId: string, m: InboundMessage) {
  const html = m.bodyHtml ? sanitizeMessageHtml(m.bodyHtml) : '';
  return {
    organization_id: organizationId,
    ticket_id: ticketId,
    author_kind: 'customer' as const,
    author_customer_id: customerId,
    visibility: 'public' as const,
    body_text: m.bodyText,
    body_html: html || null,
    attachments: JSON.stringify(m.attachments),
    channel: m.channel,
    external_id: m.externalId,
  };
}

export async function openInboundTicket(tx: Tx, input: NewInboundTicket) {
  const ticket = await repo.insertTicket(tx, {
    organization_id: input.organizationId,
    subject: input.subject,
    channel: input.channel,
    language: input.language,
    queue: input.queue,
    custom_fields: '{}',
    customer_id: input.customerId,
    vendor_id: input.vendorId,
  });
  const { status, priority, channel, language, queue, tags, vendor_id, site_id, team_id, agent_id } = ticket;
  const message = await repo.recordTicketWrite(tx, {
    organizationId: input.organizationId,
    ticketId: ticket.id,
    vendorId: ticket.vendor_id,
    actorUserId: null,
    actorKind: 'customer',
    message: messageRow(input.organizationId, ticket.id, input.customerId, input.message),
    history: [
      {
        field: 'created',
        before: null,
        after: { status, priority, channel, language, queue, tags, vendor_id, site_id, team_id, agent_id },
      },
    ],
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
        payload: { ticketId: ticket.id, authorKind: 'customer', visibility: 'public' },
      },
    ],
  });
  return { ticket, message: messageOut(message!) };
}

/** A customer's reply can reopen the ticket from these; a closed ticket is final and takes none. */
const REOPENS: Ticket['status'][] = ['pending', 'on_hold', 'solved'];

/**
 * A customer's further message on a ticket. Waiting or solved tickets go back to open (solved_at is
 * cleared, with history), as a customer writing again means the work is not done. Returns null when
 * the ticket is closed: the caller opens a new ticket instead.
 */
export async function addInboundMessage(
  tx: Tx,
  input: { organizationId: string; ticketId: string; customerId: string; message: InboundMessage },
) {
  const current = await repo.findTicket(tx, input.ticketId, { lock: true });
  if (!current || current.status === 'closed') return null;
  const reopen = REOPENS.includes(current.status);
  const { values, changes } = reopen
    ? planTicketChange(current, { status: 'open' }, new Date().toISOString())
    : { values: {}, changes: [] };
  if (reopen) {
    const { custom_fields: _, ...rest } = values;
    await repo.updateTicket(tx, current.id, rest);
  }
  await repo.touchTicket(tx, current.id, false);
  const message = await repo.recordTicketWrite(tx, {
    organizationId: input.organizationId,
    ticketId: current.id,
    vendorId: current.vendor_id,
    actorUserId: null,
    actorKind: 'customer',
    message: messageRow(input.organizationId, current.id, input.customerId, input.message),
    history: changes,
    outbox: [
      {
        type: 'message.created',
        subjectId: null,
        payload: { ticketId: current.id, authorKind: 'customer', visibility: 'public' },
      },
      ...(reopen
        ? [
            {
              type: 'ticket.status_changed',
              subjectId: current.id,
              payload: { changes: ['status'], status: 'open', previousVendorId: current.vendor_id },
            },
          ]
        : []),
    ],
  });
  return { ticket: { ...current, ...values }, message: messageOut(message!), reopened: reopen };
}

/** The ticket a reply belongs to, by the channel ids of the messages it answers. */
export function findTicketByMessageExternalIds(tx: Tx, organizationId: string, externalIds: string[]) {
  if (!externalIds.length) return Promise.resolve(undefined);
  return repo.findTicketByMessageExternalIds(tx, organizationId, externalIds);
}

export function findTicketsByIds(tx: Tx, organizationId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return repo.findTicketsByIds(tx, organizationId, ids);
}

export const findTicketByNumber = repo.findTicketByNumber;
/** The message already stored under this channel id, if any: a redelivery is stored once. */
export const findMessageByExternalId = repo.messageExternalIdTaken;
