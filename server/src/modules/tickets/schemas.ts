import { z } from 'zod';
import { CHANNELS, PRIORITIES, TICKET_STATUSES } from '../../platform/db/schema.js';
import { pageQuery } from '../../platform/http/pagination.js';
import { identityFields } from '../customers/index.js';

const language = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'use a BCP 47 language like "en" or "pt-BR"');
const queue = z.string().trim().min(1).max(100);
const tag = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[\p{L}\p{N}_:.-]{1,50}$/u, 'a tag is 1–50 letters, digits or _ : . -');
const tags = z
  .array(tag)
  .max(50)
  .transform((list) => [...new Set(list)]);
const customFields = z
  .record(z.string().min(1).max(100), z.unknown())
  .refine((v) => JSON.stringify(v).length <= 16_384, 'custom_fields may hold at most 16 KB');

const attachment = z.object({
  id: z.string().uuid().optional().describe('A stored file: GET /api/v1/attachments/{id}'),
  name: z.string().min(1).max(255),
  contentType: z.string().min(3).max(255),
  size: z.number().int().min(0),
  storageKey: z.string().max(500).optional(),
  url: z
    .string()
    .url()
    .max(2000)
    .optional()
    .describe('For a linked attachment (social bridges): where it lives.'),
});

/**
 * What a user may say of an attachment: a file already on the ticket (by id), or a link. Where files
 * are stored (storageKey) is the server's business and never taken from a request; a link must be
 * http(s).
 */
const attachmentInput = attachment
  .omit({ storageKey: true })
  .extend({
    url: z
      .string()
      .url()
      .max(2000)
      .refine((u) => /^https?:\/\//i.test(u), 'must be an http or https link')
      .optional()
      .describe('A linked file: where it lives (http or https).'),
  })
  .strict();

const messageBody = {
  body_text: z.string().trim().min(1).max(100_000),
  body_html: z.string().max(500_000).optional(),
  attachments: z
    .array(attachmentInput)
    .max(50)
    .default([])
    .describe('Files already on this ticket (by id) or links; uploads come through the channels.'),
};

export const ticketCreate = z.object({
  subject: z.string().trim().min(1).max(500),
  channel: z.enum(CHANNELS),
  priority: z.enum(PRIORITIES).optional(),
  language: language.optional(),
  queue: queue.optional(),
  tags: tags.default([]),
  custom_fields: customFields.default({}),
  customer: z.object({ name: z.string().trim().max(200).optional(), ...identityFields }),
  message: z.object(messageBody),
  vendor_id: z.string().uuid().optional(),
  site_id: z.string().uuid().optional(),
  team_id: z.string().uuid().optional(),
  agent_id: z.string().uuid().optional(),
});

export const ticketUpdate = z.object({
  status: z.enum(TICKET_STATUSES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  language: language.nullable().optional(),
  queue: queue.nullable().optional(),
  tags: tags.optional(),
  custom_fields: customFields.optional(),
  vendor_id: z.string().uuid().nullable().optional(),
  site_id: z.string().uuid().nullable().optional(),
  team_id: z.string().uuid().nullable().optional(),
  agent_id: z.string().uuid().nullable().optional(),
  /** Optimistic concurrency: the updated_at the client last saw (or send it as If-Match). */
  expected_updated_at: z.string().datetime({ offset: true }).optional(),
});

export const messageCreate = z.object({
  ...messageBody,
  visibility: z.enum(['public', 'internal']).default('public'),
});

const SORTS = ['created_at', 'updated_at', 'priority', 'sla_due_at'] as const;
export const TICKET_SORTS = [...SORTS, ...SORTS.map((s) => `-${s}` as const)] as const;
export const INBOX_VIEWS = ['all', 'mine', 'team', 'unassigned'] as const;

/** One value, several comma-separated, or the parameter repeated: always a list of distinct values. */
function oneOrMany<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) => [...new Set((Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')))])
    .pipe(z.array(z.enum(values)).min(1).max(values.length))
    .describe(`One or more of ${values.join(', ')}: comma-separated or repeated.`);
}

export const ticketFilters = {
  q: z
    .string()
    .max(500)
    .optional()
    .describe(
      'Full-text search over the subject and every message you may see (public replies and internal notes); quotes for a phrase, "-word" to exclude, "#123" for a ticket number.',
    ),
  view: z
    .enum(INBOX_VIEWS)
    .default('all')
    .describe(
      'mine: assigned to you; team: assigned to your team (for a user in no team, such as brand staff or a vendor admin: everything you may see, as all); unassigned: no agent yet (within what you may see); all: everything you may see.',
    ),
  status: oneOrMany(TICKET_STATUSES).optional(),
  channel: oneOrMany(CHANNELS).optional(),
  priority: oneOrMany(PRIORITIES).optional(),
  language: language.optional(),
  queue: queue.optional(),
  tag: tag.optional(),
};

export const ticketListQuery = z.object({
  ...pageQuery,
  ...ticketFilters,
  vendor_id: z.string().uuid().optional(),
  agent_id: z.string().uuid().optional(),
  customer_id: z.string().uuid().optional(),
  sort: z
    .enum(TICKET_SORTS)
    .default('-created_at')
    .describe(
      'Sort column; a leading "-" sorts descending. sla_due_at lists only tickets with a running SLA timer.',
    ),
  order: z.enum(['asc', 'desc']).optional().describe('Direction when sort has no "-" prefix (default asc).'),
});

export const ticketView = z.object({
  id: z.string().uuid(),
  number: z.number().int(),
  subject: z.string(),
  channel: z.enum(CHANNELS),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(PRIORITIES),
  language: z.string().nullable(),
  queue: z.string().nullable(),
  tags: z.array(z.string()),
  custom_fields: z.record(z.string(), z.unknown()),
  customer_id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable(),
  site_id: z.string().uuid().nullable(),
  team_id: z.string().uuid().nullable(),
  agent_id: z.string().uuid().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  first_response_at: z.string().nullable(),
  solved_at: z.string().nullable(),
  closed_at: z.string().nullable(),
  sla_due_at: z
    .string()
    .nullable()
    .describe('Earliest due time of the ticket’s running SLA timers (null: none running).'),
});

/** A ticket as an inbox row shows it: the ticket plus the names and the latest message. */
export const inboxRow = ticketView.extend({
  agent_name: z.string().nullable().describe('The assigned agent’s display name.'),
  customer_name: z.string().describe('The customer’s display name ("" when unknown).'),
  last_message_preview: z
    .string()
    .nullable()
    .describe('The latest message you may see, as plain text on one line (at most 140 characters).'),
  last_message_at: z.string().nullable(),
  last_message_author_kind: z.enum(['customer', 'agent', 'system']).nullable(),
  last_message_visibility: z.enum(['public', 'internal']).nullable(),
});

const customerSummary = z.object({
  id: z.string().uuid(),
  display_name: z.string(),
  tier: z.string(),
  identities: z.array(z.object({ kind: z.string(), value: z.string() })),
});

export const messageView = z.object({
  id: z.string().uuid(),
  ticket_id: z.string().uuid(),
  author_kind: z.enum(['customer', 'agent', 'system']),
  author_user_id: z.string().uuid().nullable(),
  author_customer_id: z.string().uuid().nullable(),
  visibility: z.enum(['public', 'internal']),
  body_text: z.string(),
  body_html: z.string().nullable(),
  attachments: z.array(attachment),
  created_at: z.string(),
  channel: z
    .enum(CHANNELS)
    .nullable()
    .describe('The channel it came or went by; null means the ticket’s channel.'),
  external_id: z.string().nullable().describe('The channel’s own id, such as email:<Message-ID>.'),
  delivery_status: z
    .enum(['pending', 'sent', 'failed'])
    .nullable()
    .describe('For replies sent out through a channel: pending until the channel takes it.'),
  delivery_error: z.string().nullable(),
  delivered_at: z.string().nullable(),
});

const recentContact = z.object({
  id: z.string().uuid(),
  number: z.number().int(),
  channel: z.enum(CHANNELS),
  subject: z.string(),
  status: z.enum(TICKET_STATUSES),
  created_at: z.string(),
});

export const ticketDetail = ticketView.extend({
  customer: customerSummary,
  recent_contacts: z
    .array(recentContact)
    .describe(
      'The customer’s other latest tickets on every channel, newest first (at most 10, only those you may see), so nobody asks the customer to repeat themselves.',
    ),
});
export const ticketCreated = ticketView.extend({ message: messageView });

export const eventView = z.object({
  id: z.number().int(),
  actor_kind: z.enum(['user', 'customer', 'system']),
  actor_user_id: z.string().uuid().nullable(),
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  created_at: z.string(),
});

export const idParams = z.object({ id: z.string().uuid() });
export const messageListQuery = z.object(pageQuery);
