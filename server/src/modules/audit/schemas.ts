import { z } from 'zod';
import { csvFormat } from '../../platform/http/csv.js';
import { pageOf, pageQuery } from '../../platform/http/pagination.js';

export const auditQuery = z.object({
  ...pageQuery,
  actor: z.string().uuid().optional().describe('The acting user’s id'),
  vendor: z.string().uuid().optional().describe('The vendor the changed object belongs to'),
  object_type: z.string().max(100).optional(),
  object_id: z.string().max(200).optional(),
  action: z.string().max(100).optional().describe('e.g. user.role_changed, export.csv'),
  from: z.string().datetime({ offset: true }).optional().describe('occurred_at at or after'),
  to: z.string().datetime({ offset: true }).optional().describe('occurred_at before'),
  format: csvFormat,
});

export const auditEntryView = z.object({
  id: z.string(),
  seq: z.number().int(),
  occurred_at: z.string(),
  actor_user_id: z.string().nullable(),
  actor_label: z.string(),
  vendor_id: z.string().nullable(),
  action: z.string(),
  object_type: z.string(),
  object_id: z.string().nullable(),
  details: z.unknown(),
  prev_hash: z.string(),
  hash: z.string(),
});
export const auditPage = pageOf(auditEntryView);
