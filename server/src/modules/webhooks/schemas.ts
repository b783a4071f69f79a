import { z } from 'zod';
import { pageQuery } from '../../platform/http/pagination.js';

const eventPattern = z
  .string()
  .regex(
    /^(\*|[a-z_]+\.(\*|[a-z_]+))$/,
    'an event type like "ticket.created", a family like "ticket.*", or "*"',
  );
const network = z
  .string()
  .regex(/^[a-z0-9_-]{1,40}$/, 'a network name: lowercase letters, digits, _ or -')
  .describe('A social network name as the bridge posts it, e.g. "instagram".');

export const webhookCreate = z.object({
  url: z.string().max(2000).describe('Where events are POSTed: http(s), a public address.'),
  description: z.string().trim().max(500).default(''),
  event_types: z
    .array(eventPattern)
    .min(1)
    .max(50)
    .default(['ticket.*', 'message.*'])
    .describe(
      'Event types to send: exact ("message.created"), a family ("ticket.*"; "sla.*" for sla.warning and sla.breached), "*" (all but the internal activity.* and demo.* events), or "social.reply".',
    ),
  networks: z
    .array(network)
    .max(50)
    .default([])
    .describe('For social.reply: networks this bridge serves; empty = all.'),
  vendor_id: z
    .string()
    .uuid()
    .nullable()
    .optional()
    .describe(
      'Only this vendor’s events. Vendor admins always get their own vendor; brand admins may leave it out for every event.',
    ),
  active: z.boolean().default(true),
});

export const webhookUpdate = z.object({
  url: z.string().max(2000).optional(),
  description: z.string().trim().max(500).optional(),
  event_types: z.array(eventPattern).min(1).max(50).optional(),
  networks: z.array(network).max(50).optional(),
  active: z.boolean().optional(),
});

export const webhookView = z.object({
  id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable(),
  url: z.string(),
  description: z.string(),
  event_types: z.array(z.string()),
  networks: z.array(z.string()),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const webhookCreated = webhookView.extend({
  secret: z.string().describe('The signing secret. Shown only in this response: store it now.'),
});

export const deliveryView = z.object({
  id: z.string().uuid(),
  subscription_id: z.string().uuid(),
  event_id: z.number().int(),
  event_type: z.string(),
  message_id: z.string().uuid().nullable(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.number().int(),
  next_attempt_at: z
    .string()
    .nullable()
    .describe('When the next attempt is due; null once it succeeded or failed.'),
  last_attempt_at: z.string().nullable(),
  response_status: z
    .number()
    .int()
    .nullable()
    .describe('HTTP status of the last attempt; null if none came.'),
  latency_ms: z.number().int().nullable(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  body: z.record(z.string(), z.unknown()).describe('Exactly the JSON that is POSTed.'),
});

export const deliveryListQuery = z.object({
  ...pageQuery,
  status: z.enum(['pending', 'succeeded', 'failed']).optional(),
});

export const idParams = z.object({ id: z.string().uuid() });
export const deliveryParams = z.object({ id: z.string().uuid(), deliveryId: z.string().uuid() });

export const SIGNATURE_DOC = `Each event is POSTed as JSON with the headers \`Tandem-Event\` (type), \`Tandem-Delivery\` (delivery id; the same on every retry) and \`Tandem-Signature: t=<unix seconds>,v1=<hex>\`, where v1 = HMAC-SHA256(secret, "<t>.<raw body>"). Recompute it over the raw body, compare in constant time, and reject timestamps more than 5 minutes old. Any 2xx answer within the timeout counts as delivered; anything else is retried with exponential backoff up to TANDEM_DELIVERY_MAX_ATTEMPTS, then marked failed.`;
