import type { Kysely } from 'kysely';
import type { Config } from '../../../platform/config.js';
import type { DB } from '../../../platform/db/schema.js';
import type { Actor, Tx } from '../../../platform/db/transaction.js';
import { type FieldError, Invalid, NotFound } from '../../../platform/errors.js';
import { type Identity, upsertCustomerByIdentity } from '../../customers/index.js';
import { addMessage, openTicket, receiveMessage, recordTicketChange } from '../../tickets/index.js';
import { countOnlineAgents } from '../../users/index.js';
import { browserLanguage, detectTextLanguage } from './language.js';
import * as repo from './repository.js';
import type { ChatMessageOut, ConversationOut } from './schemas.js';
import { cleanVisitorText } from './text.js';

/**
 * Chat use cases for one visitor, each in one transaction scoped to the visitor's organization.
 * A chat is a ticket (channel 'chat'); the visitor's messages are stored once per client id and
 * numbered (chat_seq) by the database, so the socket can always replay from the database.
 */

export type ChatSettings = Pick<
  Config,
  'TANDEM_CHAT_REQUIRE_EMAIL' | 'TANDEM_CHAT_MAX_MESSAGE_CHARS' | 'TANDEM_CHAT_WAIT_SECONDS'
>;

export interface Visitor {
  organizationId: string;
  visitorId: string;
  /** The browser's language tag, from the hello frame. */
  language?: string | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REPLAY_BATCH = 200;

function conversationOut(c: repo.ConversationRow): ConversationOut {
  return {
    id: c.ticket_id,
    mode: c.mode,
    email: c.email,
    last_seq: c.last_seq,
    created_at: new Date(c.created_at).toISOString(),
  };
}

function validText(raw: string, settings: ChatSettings, path: string): string {
  const text = cleanVisitorText(raw);
  const errors: FieldError[] = [];
  if (!text) errors.push({ path, message: 'empty message' });
  if (text.length > settings.TANDEM_CHAT_MAX_MESSAGE_CHARS)
    errors.push({ path, message: `longer than ${settings.TANDEM_CHAT_MAX_MESSAGE_CHARS} characters` });
  if (errors.length) throw new Invalid('The message cannot be sent', errors);
  return text;
}

function validEmail(raw: string | undefined, path: string): string | null {
  if (!raw) return null;
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email))
    throw new Invalid('That is not an email address', [{ path, message: 'not an email' }]);
  return email;
}

/**
 * Customer resolution runs for the brand (a visitor is no vendor's), so the customer a chat creates
 * is brand-recorded; only organizationId and vendorId of this actor are read.
 */
function brandIntake(organizationId: string): Actor {
  return { userId: '', organizationId, role: 'brand_admin', vendorId: null, siteId: null, teamId: null };
}

export function openConversation(db: Kysely<DB>, visitor: Visitor) {
  return repo.withVisitorScope(db, visitor.organizationId, async (tx) => {
    const c = await repo.findOpenConversation(tx, visitor.visitorId);
    return c ? conversationOut(c) : null;
  });
}

/** The visitor's messages after a seq, oldest first; only a conversation of this visitor. */
export function messagesAfter(
  db: Kysely<DB>,
  visitor: Visitor,
  ticketId: string,
  afterSeq: number,
): Promise<ChatMessageOut[]> {
  return repo.withVisitorScope(db, visitor.organizationId, async (tx) => {
    const rows = await repo.messagesAfter(tx, visitor.visitorId, ticketId, afterSeq, REPLAY_BATCH);
    return rows.map((m) => ({
      type: 'message' as const,
      seq: m.chat_seq!,
      id: m.id,
      client_id: m.external_id?.startsWith('chat:') ? m.external_id.slice(5) : null,
      author: m.author_kind === 'customer' ? 'visitor' : m.author_kind,
      name: m.author_kind === 'agent' ? (m.display_name ?? null) : null,
      text: m.body_text,
      created_at: new Date(m.created_at).toISOString(),
    }));
  });
}

export interface StartInput {
  clientId: string;
  name: string;
  email?: string | undefined;
  text: string;
}

/** The pre-chat form: customer by identity, the chat ticket with its first message, agent check. */
export async function startChat(db: Kysely<DB>, settings: ChatSettings, visitor: Visitor, input: StartInput) {
  const text = validText(input.text, settings, 'frame.text');
  const email = validEmail(input.email, 'frame.email');
  if (settings.TANDEM_CHAT_REQUIRE_EMAIL && !email) {
    throw new Invalid('Please give your email address', [{ path: 'frame.email', message: 'required' }]);
  }
  return repo.withVisitorScope(db, visitor.organizationId, async (tx) => {
    // A second start (two tabs, or a resent form) continues the chat in progress.
    const open = await repo.findOpenConversation(tx, visitor.visitorId);
    if (open) {
      await repo.lockTicket(tx, open.ticket_id);
      return { ...(await postInTx(tx, settings, visitor, open, input.clientId, text)), started: false };
    }

    const identities: Identity[] = [
      ...(email ? [{ kind: 'email' as const, value: email }] : []),
      { kind: 'chat_visitor', value: visitor.visitorId },
    ];
    const customer = await upsertCustomerByIdentity(
      tx,
      brandIntake(visitor.organizationId),
      identities,
      input.name,
    );
    const detected = detectTextLanguage(text, visitor.language);
    const language = detected ?? browserLanguage(visitor.language);
    const { ticket, message, seq } = await openTicket(tx, {
      organizationId: visitor.organizationId,
      by: { kind: 'customer' },
      subject: subjectOf(text),
      channel: 'chat',
      customer,
      vendorId: null,
      language,
      message: {
        author: 'customer',
        channel: 'chat',
        bodyText: text,
        externalId: chatMessageId(input.clientId),
      },
      // The conversation first: it numbers the chat's messages, this one included.
      beforeMessage: (t) =>
        repo.insertConversation(tx, {
          ticketId: t.id,
          organizationId: visitor.organizationId,
          visitorId: visitor.visitorId,
          visitorName: input.name,
          email,
          languageSource: detected ? 'text' : language ? 'browser' : null,
        }),
    });
    if (message.ticket_id !== ticket.id) throw clientIdTaken();
    let conversation = (await repo.findConversation(tx, ticket.id))!;
    if ((await countOnlineAgents(tx, { channel: 'chat' })) === 0) {
      conversation = await followUpByEmail(tx, conversation, 'no agent online');
    }
    return {
      started: true,
      conversation: conversationOut(conversation),
      ack: { client_id: input.clientId, id: message.id, seq: seq! },
    };
  });
}

/** The client id belongs to a message of another chat: not this visitor's to reuse (or to learn about). */
function clientIdTaken() {
  return new Invalid('This message id was already used', [
    { path: 'frame.client_id', message: 'already used' },
  ]);
}

/** A visitor's message is stored once per client id: a resend after a lost ack is the same message. */
function chatMessageId(clientId: string) {
  return `chat:${clientId}`;
}

function subjectOf(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

export async function postMessage(
  db: Kysely<DB>,
  settings: ChatSettings,
  visitor: Visitor,
  ticketId: string,
  input: { clientId: string; text: string },
) {
  const text = validText(input.text, settings, 'frame.text');
  return repo.withVisitorScope(db, visitor.organizationId, async (tx) => {
    await repo.lockTicket(tx, ticketId);
    const c = await repo.findConversation(tx, ticketId);
    if (!c || c.visitor_id !== visitor.visitorId) throw new NotFound('Chat', ticketId);
    if (c.ended_at) {
      throw new Invalid('The agent ended this chat; start a new one', [
        { path: 'frame.type', message: 'chat ended' },
      ]);
    }
    return postInTx(tx, settings, visitor, c, input.clientId, text);
  });
}

async function postInTx(
  tx: Tx,
  _settings: ChatSettings,
  visitor: Visitor,
  c: repo.ConversationRow,
  clientId: string,
  text: string,
) {
  const received = await receiveMessage(tx, {
    organizationId: visitor.organizationId,
    ticketId: c.ticket_id,
    by: { kind: 'customer' },
    message: {
      author: 'customer',
      authorCustomerId: c.customer_id,
      channel: 'chat',
      bodyText: text,
      externalId: chatMessageId(clientId),
    },
  });
  if (!received) {
    throw new Invalid('This chat is closed; start a new one', [
      { path: 'frame.type', message: 'chat closed' },
    ]);
  }
  const { message, seq, duplicate } = received;
  if (message.ticket_id !== c.ticket_id) {
    throw clientIdTaken();
  }
  // The browser's setting was a stand-in; the visitor's own words are better evidence. A resend
  // changes nothing.
  const detected =
    !duplicate && c.language_source !== 'text' ? detectTextLanguage(text, visitor.language) : null;
  if (detected) {
    await repo.updateConversation(tx, c.ticket_id, { language_source: 'text' });
    if (detected !== c.language) {
      await repo.updateChatTicket(tx, c.ticket_id, { language: detected });
      await recordTicketChange(tx, {
        organizationId: visitor.organizationId,
        ticket: { id: c.ticket_id, vendor_id: c.vendor_id },
        by: { kind: 'system' },
        history: [{ field: 'language', before: c.language, after: detected }],
      });
    }
  }
  return {
    conversation: conversationOut({ ...c, last_seq: Math.max(c.last_seq, seq!) }),
    ack: { client_id: clientId, id: message.id, seq: seq! },
  };
}

/**
 * Nobody can answer live: the ticket continues by email. The visitor is told so in the chat; if the
 * address is still unknown, the widget asks for it and the ticket waits for it.
 */
async function followUpByEmail(tx: Tx, c: repo.ConversationRow, reason: string) {
  const text = c.email
    ? `No one is available to chat right now. We will answer by email at ${c.email}.`
    : 'No one is available to chat right now. Leave your email address and we will answer you there.';
  await repo.updateConversation(tx, c.ticket_id, { mode: 'email' });
  await repo.updateChatTicket(tx, c.ticket_id, { channel: 'email' });
  await addMessage(tx, {
    organizationId: c.organization_id,
    ticket: { id: c.ticket_id, vendor_id: c.vendor_id, channel: 'chat', customer_id: c.customer_id },
    by: { kind: 'system' },
    message: { author: 'system', channel: 'chat', bodyText: text },
    history: [{ field: 'channel', before: 'chat', after: 'email' }],
    events: [
      {
        type: 'chat.email_follow_up',
        subjectId: c.ticket_id,
        payload: { ticketId: c.ticket_id, reason, emailKnown: Boolean(c.email) },
      },
    ],
  });
  return (await repo.findConversation(tx, c.ticket_id))!;
}

/**
 * The wait for an agent ran out. Safe to call from several processes or twice: the conversation row
 * is locked and nothing happens once an agent answered or the chat already went to email.
 */
export function expireWait(db: Kysely<DB>, visitor: Visitor, ticketId: string) {
  return repo.withVisitorScope(db, visitor.organizationId, async (tx) => {
    await repo.lockTicket(tx, ticketId);
    const c = await repo.findConversation(tx, ticketId, { lock: true });
    if (!c || c.visitor_id !== visitor.visitorId || c.mode !== 'live') return null;
    // An agent who accepted the chat, or answered it, is on it: it stays live.
    if (c.status === 'solved' || c.status === 'closed' || c.agent_id || c.ended_at) return null;
    if (await repo.hasAgentReply(tx, ticketId)) return null;
    return conversationOut(await followUpByEmail(tx, c, 'wait timed out'));
  });
}

/** The visitor gives an email address: it ties the chat to the customer who owns that address. */
export function provideEmail(db: Kysely<DB>, visitor: Visitor, ticketId: string, raw: string) {
  const email = validEmail(raw, 'frame.email');
  if (!email)
    throw new Invalid('Please give your email address', [{ path: 'frame.email', message: 'required' }]);
  return repo.withVisitorScope(db, visitor.organizationId, async (tx) => {
    await repo.lockTicket(tx, ticketId);
    const c = await repo.findConversation(tx, ticketId, { lock: true });
    if (!c || c.visitor_id !== visitor.visitorId) throw new NotFound('Chat', ticketId);
    if (c.email === email) return conversationOut(c);
    // Email first: an address someone already has wins over the visitor-only customer.
    const customer = await upsertCustomerByIdentity(
      tx,
      brandIntake(visitor.organizationId),
      [
        { kind: 'email', value: email },
        { kind: 'chat_visitor', value: visitor.visitorId },
      ],
      c.visitor_name,
    );
    await repo.updateConversation(tx, ticketId, { email });
    const history = [];
    if (customer.id !== c.customer_id) {
      await repo.updateChatTicket(tx, ticketId, { customer_id: customer.id });
      history.push({ field: 'customer_id', before: c.customer_id, after: customer.id });
    }
    const ticket = {
      id: ticketId,
      vendor_id: c.vendor_id,
      channel: 'chat' as const,
      customer_id: customer.id,
    };
    if (c.mode === 'email') {
      await addMessage(tx, {
        organizationId: c.organization_id,
        ticket,
        by: { kind: 'customer' },
        message: {
          author: 'system',
          channel: 'chat',
          bodyText: `Thank you. We will answer by email at ${email}.`,
        },
        history,
      });
    } else {
      await recordTicketChange(tx, {
        organizationId: c.organization_id,
        ticket,
        by: { kind: 'customer' },
        history,
      });
    }
    return conversationOut((await repo.findConversation(tx, ticketId))!);
  });
}

/** The chat's vendor, for signals meant for the agents who may see it. */
export function conversationVendor(db: Kysely<DB>, visitor: Visitor, ticketId: string) {
  return repo.withVisitorScope(db, visitor.organizationId, async (tx) => {
    const c = await repo.findConversation(tx, ticketId);
    return c && c.visitor_id === visitor.visitorId ? { vendorId: c.vendor_id } : null;
  });
}

/** An agent's typing signal: only for a ticket the agent can see. */
export async function agentTypingTarget(tx: Tx, actor: Actor, ticketId: string) {
  const ticket = await repo.findTicketForAgent(tx, ticketId, actor.userId);
  if (!ticket) throw new NotFound('Ticket', ticketId);
  return ticket;
}
