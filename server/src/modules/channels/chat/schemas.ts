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
