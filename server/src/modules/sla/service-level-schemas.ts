import { z } from 'zod';
import { CHANNELS } from '../../platform/db/schema.js';
import { csvFormat } from '../../platform/http/csv-format.js';
import { patchOf } from '../../platform/http/patch.js';
import { SERVICE_LEVEL_VARIANTS } from './service-level-variants.js';

export const idParams = z.object({ id: z.string().uuid() });

export const targetCreate = z.object({
  vendor_id: z.string().uuid(),
  site_id: z.string().uuid().nullable().default(null),
  queue: z.string().trim().min(1).max(100).nullable().default(null),
  channel: z.enum(CHANNELS).nullable().default(null),
  name: z.string().trim().min(1).max(200),
  measure: z
    .enum(['first_reply', 'resolution'])
    .describe('first_reply: answered within T (calls: offer → answer); resolution: solved within T'),
  threshold_seconds: z
    .number()
    .int()
    .min(1)
    .max(31_536_000)
    .describe('T, in seconds (30 for chat, 14400 for 4 h)'),
  business: z.boolean().default(false),
  target_percent: z.number().gt(0).max(100),
  variant: z
    .number()
    .int()
    .min(1)
    .max(SERVICE_LEVEL_VARIANTS.length)
    .describe('Service-level variant 1–5 (how abandoned contacts count), as in the KPI reference'),
  short_abandon_seconds: z.number().int().min(0).max(3600).default(5),
  active: z.boolean().default(true),
});
export const targetUpdate = patchOf(targetCreate.omit({ vendor_id: true }));

export const targetView = z.object({
  id: z.string().uuid(),
  vendor_id: z.string().uuid(),
  site_id: z.string().uuid().nullable(),
  queue: z.string().nullable(),
  channel: z.string().nullable(),
  name: z.string(),
  measure: z.enum(['first_reply', 'resolution']),
  threshold_seconds: z.number().int(),
  business: z.boolean(),
  target_percent: z.number(),
  variant: z.number().int(),
  short_abandon_seconds: z.number().int(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const attainmentQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month like 2026-11')
    .describe('Calendar month, UTC boundaries'),
  vendor_id: z.string().uuid().optional(),
  site_id: z.string().uuid().optional().describe('Only contacts handled at this site'),
  format: csvFormat,
});

const counts = z.object({
  answered: z.number().int(),
  answered_within: z.number().int(),
  abandoned: z.number().int(),
  abandoned_within: z.number().int(),
  abandoned_after: z.number().int(),
  short_abandons: z.number().int(),
  pending: z.number().int().describe('Contacts still undecided (not answered, not abandoned / not solved)'),
});

export const attainmentRow = z.object({
  target: targetView,
  month: z.string(),
  site_id: z.string().uuid().nullable(),
  variant: z.number().int(),
  formula: z.string(),
  target_percent: z.number(),
  actual_percent: z.number().nullable(),
  met: z.boolean().nullable(),
  contacts_counted: z.number().int(),
  counts,
  variants: z.record(z.string(), z.number().nullable()).describe('The same contacts under all five variants'),
  missed: z.number().int(),
});
export const attainmentReport = z.object({ items: z.array(attainmentRow) });

export const missesQuery = attainmentQuery.omit({ vendor_id: true });
export const missView = z.object({
  ticket_id: z.string().uuid(),
  number: z.number().int(),
  channel: z.string(),
  created_at: z.string(),
  outcome: z.enum(['answered', 'abandoned']),
  wait_ms: z.number(),
});
export const missesReport = z.object({ items: z.array(missView) });
