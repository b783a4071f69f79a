import { z } from 'zod';
import { messageView } from '../../tickets/index.js';

const network = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_-]{1,40}$/, 'a network name: letters, digits, _ or -')
  .describe(
    'The social network, e.g. "instagram", "facebook", "x", "whatsapp". Bridges use one name per network.',
  );

export const socialInbound = z
  .object({
    channel: network,
    thread_id: z
      .string()
      .min(1)
      .max(200)
      .describe('The network’s conversation id: every message with it continues one ticket.'),
    message_id: z
      .string()
      .min(1)
      .max(200)
      .describe('The network’s id of this message: a redelivery with the same id is stored once.'),
    author: z
      .object({
        id: z
          .string()
          .min(1)
          .max(200)
          .describe('The author’s id on the network (becomes identity external <network>:<id>).'),
        name: z.string().trim().max(200).optional(),
        handle: z.string().trim().max(200).optional().describe('e.g. "@jane"'),
      })
      .describe('The customer who wrote it.'),
    text: z.string().max(100_000).default(''),
    attachments: z
      .array(
        z.object({
          url: z
            .string()
            .url()
            .max(2000)
            .refine((u) => /^https?:/.test(u), 'http(s) URLs only'),
          filename: z.string().min(1).max(255),
          content_type: z.string().min(3).max(255),
        }),
      )
      .max(20)
      .default([]),
    sent_at: z
      .string()
      .datetime({ offset: true })
      .optional()
      .describe('When the customer sent it (ISO 8601).'),
  })
  .refine((m) => m.text.trim() !== '' || m.attachments.length > 0, {
    message: 'a message needs text or an attachment',
    path: ['text'],
  })
  .describe('One customer message from a social network, as any bridge can post it.');

export const socialInboundResult = z.object({
  ticket_id: z.string().uuid(),
  ticket_number: z.number().int(),
  created_ticket: z.boolean().describe('True when this message opened a new ticket.'),
  duplicate: z.boolean().describe('True when this message id was already stored; nothing was written.'),
  message: messageView,
});

export const SOCIAL_DOC = `Bridges post each customer message here with an API token carrying the channels:ingest scope. A thread (channel + thread_id) continues one social ticket; the author becomes a customer identity of kind external, "<channel>:<author id>". Posting the same message_id again returns 200 with the stored result. Agents' public replies go back to the bridge as a webhook: subscribe with event_types ["social.reply"] (and networks) — the POST body's data carries network, thread_id, ticket_id, message {id, body_text, attachments, created_at} and agent_name; the message's delivery_status follows the delivery.`;
