import { z } from 'zod';

/** What a client may send on the realtime socket. Every message names the protocol version. */
export const clientMessage = z.discriminatedUnion('type', [
  z.object({ v: z.literal(1), type: z.literal('viewing'), ticket_id: z.string().uuid() }),
  z.object({ v: z.literal(1), type: z.literal('typing'), ticket_id: z.string().uuid() }),
  z.object({ v: z.literal(1), type: z.literal('stopped') }),
]);
export type ClientMessage = z.output<typeof clientMessage>;

export const eventsQuery = z.object({
  after: z.coerce
    .number()
    .int()
    .min(0)
    .describe('The last event id the client holds (from the socket or a previous page); 0 for all.'),
  limit: z.coerce.number().int().min(1).max(500).default(200).describe('Events per page (1–500).'),
});

export const eventView = z.object({
  id: z.number().int().describe('Outbox id; increases with commit order of writes.'),
  type: z
    .string()
    .describe(
      'ticket.*, message.*, presence.changed, customer.*; ticket.moved_away for a ticket moved to another vendor.',
    ),
  subject_id: z.string().uuid(),
  ticket_id: z.string().uuid().nullable().describe('The ticket the event concerns, if any.'),
  created_at: z.string(),
  payload: z.record(z.string(), z.unknown()).optional(),
});

export const eventsPage = z.object({
  items: z.array(eventView),
  last_id: z
    .number()
    .int()
    .describe('Pass as `after` for the next page; equals `after` when nothing new was found.'),
  has_more: z.boolean(),
});
