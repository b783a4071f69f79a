import { z } from 'zod';
import { CHANNELS } from '../../platform/db/schema.js';
import { HIDDEN_MARKERS } from './names.js';

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
  field: z
    .string()
    .describe(
      'What changed: a ticket field (status, priority, queue, tags, custom_fields, vendor_id, agent_id …) or a step (created, assignment, transfer, requeued, routing_overflow, first_response_at).',
    ),
  before: z
    .unknown()
    .describe(
      `The value before. Ids (vendor_id, site_id, team_id, agent_id, customer_id, queue_id, rule_id, as the value of such a field or as a key of an object) are kept when the reader may see them, named in \`names\`; otherwise replaced by ${HIDDEN_MARKERS.map((m) => `"${m}"`).join(', ')} (another vendor's, the brand's, or not visible).`,
    ),
  after: z.unknown().describe('The value after, ids treated as in `before`.'),
  actor_kind: z.enum(['user', 'customer', 'system']),
  actor_user_id: z.string().uuid().nullable().describe('Null when the reader may not see the user.'),
  actor_name: z.string().nullable(),
  actor_hidden: z
    .enum(['brand', 'another_vendor'])
    .nullable()
    .describe('For a user the reader may not see: whether it was brand staff or another vendor’s user.'),
  names: z
    .record(z.string(), z.string())
    .describe('Display names of the ids in before and after that the reader may see, by id.'),
});

export const timelineItem = z.discriminatedUnion('kind', [messageItem, callItem, eventItem]);
export type TimelineItem = z.output<typeof timelineItem>;

export const timelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('Items per page (1–500).'),
  cursor: z.string().max(500).optional().describe('nextCursor from the previous page.'),
});

export const timelinePage = z.object({ items: z.array(timelineItem), nextCursor: z.string().nullable() });
export const ticketParams = z.object({ id: z.string().uuid() });
