import { z } from 'zod';

/**
 * The visitor WebSocket protocol (JSON text frames). Every frame the widget sends is parsed here; a
 * frame that does not fit is answered with an error frame naming the field, and the socket stays up.
 */

/** The widget's own id for a message, so a resend after a dropped connection is stored once. */
const clientId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'letters, digits, _ or -, 8 to 64 characters')
  .describe('client-generated message id');

export const helloFrame = z.object({
  type: z.literal('hello'),
  org: z.string().min(1).max(100),
  token: z.string().max(200).optional(),
  last_seq: z.number().int().min(0).optional(),
  language: z.string().max(35).optional(),
});

export const startFrame = z.object({
  type: z.literal('start'),
  client_id: clientId,
  name: z.string().trim().max(200).default(''),
  email: z.string().trim().max(320).optional(),
  text: z.string().max(20_000),
});

export const messageFrame = z.object({
  type: z.literal('message'),
  client_id: clientId,
  text: z.string().max(20_000),
});

export const typingFrame = z.object({ type: z.literal('typing'), typing: z.boolean() });
export const emailFrame = z.object({ type: z.literal('email'), email: z.string().trim().max(320) });
export const pingFrame = z.object({ type: z.literal('ping') });

export const clientFrame = z.discriminatedUnion('type', [
  helloFrame,
  startFrame,
  messageFrame,
  typingFrame,
  emailFrame,
  pingFrame,
]);
export type ClientFrame = z.output<typeof clientFrame>;

/** What the visitor sees of one message. */
export interface ChatMessageOut {
  type: 'message';
  seq: number;
  id: string;
  /** The visitor's own client id for messages it sent, so the widget can match them to its pending copy. */
  client_id: string | null;
  author: 'visitor' | 'agent' | 'system';
  /** The agent's display name; null for the visitor and system. */
  name: string | null;
  text: string;
  created_at: string;
}

export interface ConversationOut {
  id: string;
  /** live: answered here; email: nobody was available, the answer comes by email. */
  mode: 'live' | 'email';
  email: string | null;
  last_seq: number;
  created_at: string;
}

export const ticketIdParams = z.object({ ticketId: z.uuid() });
export const typingBody = z.object({
  typing: z.boolean().default(true).describe('false when the agent stopped typing'),
});

export const chatListQuery = z.object({
  state: z
    .enum(['waiting', 'active'])
    .default('waiting')
    .describe('waiting: live chats no agent has taken that you may take; active: your open chats.'),
});

export const agentChat = z.object({
  id: z.string().uuid().describe('The chat’s ticket id.'),
  number: z.number().int(),
  subject: z.string(),
  status: z.string(),
  priority: z.string(),
  language: z.string().nullable(),
  queue: z.string().nullable(),
  tags: z.array(z.string()),
  channel: z.string(),
  customer_id: z.string().uuid(),
  customer_name: z.string(),
  vendor_id: z.string().uuid().nullable(),
  site_id: z.string().uuid().nullable(),
  team_id: z.string().uuid().nullable(),
  agent_id: z.string().uuid().nullable(),
  agent_name: z.string().nullable(),
  visitor_name: z.string().describe('The name the visitor gave in the pre-chat form.'),
  email: z.string().nullable(),
  mode: z.enum(['live', 'email']),
  last_seq: z.number().int(),
  waiting_since: z.string().describe('When the visitor started the chat.'),
  ended_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  last_message_preview: z.string().nullable(),
  last_message_at: z.string().nullable(),
  last_message_author_kind: z.enum(['customer', 'agent', 'system']).nullable(),
});
export const agentChatList = z.object({ items: z.array(agentChat) });
export const chatEnded = z.object({
  ticket_id: z.string().uuid(),
  status: z.string(),
  ended_at: z.string().nullable(),
  ended_by: z.string().uuid().nullable(),
});
