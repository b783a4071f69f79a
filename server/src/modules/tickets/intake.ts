import { randomUUID } from 'node:crypto';
import type { RawBuilder } from 'kysely';
import type { Keyring } from '../../platform/crypto/keyring.js';
import type { Channel, Priority } from '../../platform/db/schema.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { sealedCustomFieldKeys } from '../privacy/index.js';
import { planTicketChange } from './changes.js';
import * as repo from './repository.js';
import { sanitizeMessageHtml } from './sanitize.js';
import { needsSealing, sealFields } from './sealed-fields.js';
import { messageOut } from './service.js';

/**
 * The one way a ticket is opened or a message is added, whatever the path: the API, email, chat,
 * social, phone or the web form, and whoever writes (a customer, an agent, a system line). Every path
 * leaves the same rows: the ticket, its message, one "created" history entry with one field set, and
 * ticket.created / message.created events of one shape each, so routing, SLA timers, rollups,
 * realtime, webhooks and surveys never need to know which channel a contact came through.
 * The caller runs it in its transaction and has already checked access and resolved the customer.
 */

type Ticket = NonNullable<Awaited<ReturnType<typeof repo.findTicket>>>;

/** Who a write is recorded as in the ticket's history. */
export type Writer = { kind: 'user'; userId: string } | { kind: 'customer' } | { kind: 'system' };

/** A user's write, or, for an actor without a user (the public form), the customer's. */
export function writerOf(actor: Actor): Writer {
  return actor.userId ? { kind: 'user', userId: actor.userId } : { kind: 'customer' };
}

export interface NewMessage {
  author: 'customer' | 'agent' | 'system';
  /** The agent who wrote it (author 'agent'). */
  authorUserId?: string | null | undefined;
  /** The customer who wrote it, when not the ticket's own (someone else replying on the thread). */
  authorCustomerId?: string | undefined;
  visibility?: 'public' | 'internal' | undefined;
  /** The channel it came or goes by; null (a message typed in the console) means the ticket's. */
  channel?: Channel | null | undefined;
  bodyText: string;
  /** Sanitised here, whoever sends it. */
  bodyHtml?: string | null | undefined;
  attachments?: unknown[] | undefined;
  /** The channel's own id, namespaced ('email:<Message-ID>', 'chat:<client id>'): stored once. */
  externalId?: string | null | undefined;
  /** When the customer sent it by the channel's clock, if the channel says. */
  sentAt?: string | null | undefined;
}

export interface NewTicket {
  organizationId: string;
  by: Writer;
  subject: string;
  channel: Channel;
  /** The resolved customer, or a query that finds or creates them in the ticket's own statement. */
  customer:
    | { id: string; created: boolean }
    | { resolve: RawBuilder<{ resolved_id: string; created: boolean }> };
  vendorId: string | null;
  siteId?: string | null | undefined;
  teamId?: string | null | undefined;
  agentId?: string | null | undefined;
  priority?: Priority | undefined;
  language?: string | null | undefined;
  queue?: string | null | undefined;
  tags?: string[] | undefined;
  customFields?: Record<string, unknown> | undefined;
  /**
   * Seals the brand's sensitive custom fields (docs/security.md#encryption-at-rest); ready() run
   * before the transaction. Needed only by a path that passes customFields.
   */
  keyring?: Keyring | undefined;
  message: NewMessage;
  /**
   * Runs once the ticket exists and before its first message: a channel's own row the message needs
   * (a chat's conversation, which numbers the chat's messages).
   */
  beforeMessage?: ((ticket: Ticket) => Promise<unknown>) | undefined;
}

/** What every path records as the state a ticket was created in. */
export function createdSnapshot(t: Ticket) {
  const { status, priority, channel, language, queue, tags, vendor_id, site_id, team_id, agent_id } = t;
  return { status, priority, channel, language, queue, tags, vendor_id, site_id, team_id, agent_id };
}

function ticketCreated(ticket: Ticket, newCustomer: boolean): repo.OutboxEntry {
  return {
    type: 'ticket.created',
    subjectId: ticket.id,
    payload: {
      number: ticket.number,
      channel: ticket.channel,
      customerId: ticket.customer_id,
      newCustomer,
    },
  };
}

function messageCreated(
  ticket: Pick<Ticket, 'id' | 'channel'>,
  m: NewMessage,
  firstResponse: boolean,
): repo.OutboxEntry {
  return {
    type: 'message.created',
    subjectId: null,
    payload: {
      ticketId: ticket.id,
      authorKind: m.author,
      visibility: m.visibility ?? 'public',
      channel: m.channel ?? ticket.channel,
      sentAt: m.sentAt ?? null,
      firstResponse,
    },
  };
}

function writerColumns(by: Writer) {
  return by.kind === 'user'
    ? { actorUserId: by.userId, actorKind: 'user' as const }
    : { actorUserId: null, actorKind: by.kind };
}

function messageRow(organizationId: string, ticket: Pick<Ticket, 'id' | 'customer_id'>, m: NewMessage) {
  const html = m.bodyHtml ? sanitizeMessageHtml(m.bodyHtml) : '';
  return {
    organization_id: organizationId,
    ticket_id: ticket.id,
    author_kind: m.author,
    author_user_id: m.author === 'agent' ? (m.authorUserId ?? null) : null,
    author_customer_id: m.author === 'customer' ? (m.authorCustomerId ?? ticket.customer_id) : null,
    visibility: m.visibility ?? 'public',
    body_text: m.bodyText,
    body_html: html || null,
    attachments: JSON.stringify(m.attachments ?? []),
    channel: m.channel ?? null,
    external_id: m.externalId ?? null,
  };
}

/** The stored message: the one just written, or the one already stored under the channel id. */
async function storedMessage(
  tx: Tx,
  organizationId: string,
  row: Record<string, unknown> | null,
  m: NewMessage,
) {
  const stored = row ?? (await repo.findMessageByExternalId(tx, organizationId, m.externalId ?? ''));
  if (!stored) throw new Error('A message was neither written nor found under its channel id');
  return {
    message: messageOut(stored),
    /** The message's place in a chat, when the ticket is one. */
    seq: (stored.chat_seq as number | null) ?? null,
    duplicate: !row,
  };
}

/** The new ticket's custom fields as stored: the brand's sensitive ones sealed, never plaintext. */
async function sealedOnWrite(tx: Tx, input: NewTicket, ticketId: string) {
  const fields = input.customFields ?? {};
  if (!Object.keys(fields).length) return fields;
  const keys = await sealedCustomFieldKeys(tx, input.organizationId);
  if (!needsSealing(fields, keys)) return fields;
  if (!input.keyring) throw new Error('a sealed custom field was given without the keyring to seal it');
  return sealFields(input.keyring, ticketId, fields, keys);
}

/**
 * Opens a ticket with its first message. `duplicate` is true when the message's channel id was
 * already stored (on another ticket): the caller decides, as it knows what a resend means.
 */
export async function openTicket(tx: Tx, input: NewTicket) {
  const customer =
    'resolve' in input.customer
      ? input.customer.resolve
      : repo.knownCustomer(input.customer.id, input.customer.created);
  // The id is chosen here so a sealed custom field is bound to its ticket in the insert itself.
  const id = randomUUID();
  const customFields = await sealedOnWrite(tx, input, id);
  const { customer_created: newCustomer, ...ticket } = await repo.insertTicket(
    tx,
    {
      id,
      organization_id: input.organizationId,
      subject: input.subject,
      channel: input.channel,
      ...(input.priority ? { priority: input.priority } : {}),
      language: input.language ?? null,
      queue: input.queue ?? null,
      tags: input.tags ?? [],
      custom_fields: JSON.stringify(customFields),
      vendor_id: input.vendorId,
      site_id: input.siteId ?? null,
      team_id: input.teamId ?? null,
      agent_id: input.agentId ?? null,
    },
    customer,
  );
  await input.beforeMessage?.(ticket);
  const row = await repo.recordTicketWrite(tx, {
    organizationId: input.organizationId,
    ticketId: ticket.id,
    vendorId: ticket.vendor_id,
    ...writerColumns(input.by),
    message: messageRow(input.organizationId, ticket, input.message),
    history: [{ field: 'created', before: null, after: createdSnapshot(ticket) }],
    outbox: [ticketCreated(ticket, newCustomer), messageCreated(ticket, input.message, false)],
  });
  return { ticket, newCustomer, ...(await storedMessage(tx, input.organizationId, row, input.message)) };
}

export interface AddedMessage {
  organizationId: string;
  ticket: Pick<Ticket, 'id' | 'vendor_id' | 'channel' | 'customer_id'>;
  by: Writer;
  message: NewMessage;
  /** A staff reply that is the ticket's first public answer (the SLA clock's first response). */
  firstResponse?: boolean | undefined;
  /** What the same write changed on the ticket, recorded with it. */
  history?: repo.HistoryEntry[] | undefined;
  /** Further events of the same write (chat.ended …); a null subject is the message. */
  events?: repo.OutboxEntry[] | undefined;
}

/**
 * Adds a message to a ticket the caller has locked and checked, with its message.created event and
 * any history and events of the same write. Touching the ticket is the caller's (replies stamp the
 * first response; a customer's message may reopen it: see receiveMessage).
 */
export async function addMessage(tx: Tx, input: AddedMessage) {
  const row = await repo.recordTicketWrite(tx, {
    organizationId: input.organizationId,
    ticketId: input.ticket.id,
    vendorId: input.ticket.vendor_id,
    ...writerColumns(input.by),
    message: messageRow(input.organizationId, input.ticket, input.message),
    history: input.history ?? [],
    outbox: [
      messageCreated(input.ticket, input.message, input.firstResponse ?? false),
      ...(input.events ?? []),
    ],
  });
  return storedMessage(tx, input.organizationId, row, input.message);
}

/** A customer's message can reopen the ticket from these; a closed ticket is final and takes none. */
const REOPENS: Ticket['status'][] = ['pending', 'on_hold', 'solved'];

/**
 * A customer's (or a channel's system line's) further message on a ticket. A customer writing again
 * means the work is not done, so a waiting or solved ticket goes back to open (with history and
 * ticket.status_changed). Returns null when the ticket is missing or closed: the caller opens a new
 * ticket instead. A message whose channel id is already stored is not written again.
 */
export async function receiveMessage(
  tx: Tx,
  input: Omit<AddedMessage, 'ticket' | 'firstResponse'> & { ticketId: string },
) {
  const current = await repo.findTicket(tx, input.ticketId, { lock: true });
  if (!current || current.status === 'closed') return null;
  const stored = input.message.externalId
    ? await repo.findMessageByExternalId(tx, input.organizationId, input.message.externalId)
    : undefined;
  if (stored) {
    return {
      ticket: current,
      reopened: false,
      ...(await storedMessage(tx, input.organizationId, stored, input.message)),
      duplicate: true,
    };
  }
  const reopen = input.message.author === 'customer' && REOPENS.includes(current.status);
  const { values, changes } = reopen
    ? planTicketChange(current, { status: 'open' }, new Date().toISOString())
    : { values: {}, changes: [] };
  if (reopen) {
    const { custom_fields: _, ...rest } = values;
    await repo.updateTicket(tx, current.id, rest);
  }
  await repo.touchTicket(tx, current.id, false);
  const added = await addMessage(tx, {
    ...input,
    ticket: current,
    history: [...changes, ...(input.history ?? [])],
    events: [
      ...(reopen
        ? [
            {
              type: 'ticket.status_changed',
              subjectId: current.id,
              payload: { changes: ['status'], status: 'open', previousVendorId: current.vendor_id },
            },
          ]
        : []),
      ...(input.events ?? []),
    ],
  });
  return { ticket: { ...current, ...values }, reopened: reopen, ...added };
}

/** History and events of a change a channel made to its ticket without a message (no message.created). */
export async function recordTicketChange(
  tx: Tx,
  input: {
    organizationId: string;
    ticket: Pick<Ticket, 'id' | 'vendor_id'>;
    by: Writer;
    history: repo.HistoryEntry[];
    events?: repo.OutboxEntry[] | undefined;
  },
) {
  if (!input.history.length && !input.events?.length) return;
  await repo.recordTicketWrite(tx, {
    organizationId: input.organizationId,
    ticketId: input.ticket.id,
    vendorId: input.ticket.vendor_id,
    ...writerColumns(input.by),
    history: input.history,
    outbox: input.events ?? [],
  });
}
