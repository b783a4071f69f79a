import { z } from 'zod';
import { CHANNELS } from '../../platform/db/schema.js';

const base = {
  id: z.string().describe('The message or call uuid; the history row id for an event.'),
  at: z.string().describe('When it happened (ISO-8601); the timeline is ordered by it.'),
};

const attachment = z.object({
  id: z.string().optional(),
  name: z.string(),
  contentType: z.string(),
  size: z.number(),
  url: z.string().optional(),
});

export const messageItem = z.object({
  kind: z.literal('message'),
  ...base,
  visibility: z.enum(['public', 'internal']),
  author_kind: z.enum(['customer', 'agent', 'system']),
  author_user_id: z.string().uuid().nullable(),
  author_customer_id: z.string().uuid().nullable(),
  author_name: z.string().nullable(),
  channel: z.enum(CHANNELS).describe('The channel it came or went by (the ticket’s when not recorded).'),
  text: z.string(),
  html: z.string().nullable().describe('Sanitised when stored; safe to render.'),
  attachments: z.array(attachment),
  delivery_status: z.enum(['pending', 'sent', 'failed']).nullable(),
  delivery_error: z.string().nullable(),
});

export const CALL_OUTCOMES = ['ringing', 'in_progress', 'answered', 'missed', 'abandoned'] as const;

export const callItem = z.object({
  kind: z.literal('call'),
  ...base,
  call_id: z.string().describe('The telephony system’s id for the call.'),
  direction: z.enum(['inbound', 'outbound']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  queue: z.string().nullable(),
  agent_id: z.string().uuid().nullable(),
  agent_name: z.string().nullable(),
  started_at: z.string().nullable(),
  answered_at: z.string().nullable(),
  ended_at: z.string().nullable().describe('When it ended or was abandoned.'),
  duration_seconds: z.number().nullable().describe('Talk time; from answer to end when not reported.'),
  wait_seconds: z.number().nullable(),
  hold_seconds: z.number().nullable(),
  outcome: z.enum(CALL_OUTCOMES),
  recording_url: z.string().nullable(),
});

export const eventItem = z.object({
  kind: z.literal('event'),
  ...base,
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  actor_kind: z.enum(['user', 'customer', 'system']),
  actor_user_id: z.string().uuid().nullable(),
  actor_name: z.string().nullable(),
});

export const timelineItem = z.discriminatedUnion('kind', [messageItem, callItem, eventItem]);
export type TimelineItem = z.output<typeof timelineItem>;

export const timelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('Items per page (1–500).'),
  cursor: z.string().max(500).optional().describe('nextCursor from the previous page.'),
});

export const timelinePage = z.object({ items: z.array(timelineItem), nextCursor: z.string().nullable() });
export const ticketParams = z.object({ id: z.string().uuid() });
