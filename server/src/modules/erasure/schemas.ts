import { z } from 'zod';
import { CHANNELS } from '../../platform/db/schema.js';

export const customerIdParams = z.object({ id: z.string().uuid() });

const rows = z.array(z.record(z.string(), z.unknown()));

export const customerExport = z.object({
  exported_at: z.string(),
  customer_id: z.string().uuid(),
  erased_at: z.string().nullable().describe('Set when the customer was erased: what remains is shown.'),
  customers: rows.describe('The customer and every customer merged into it.'),
  identities: rows,
  tickets: rows,
  messages: rows,
  history: rows.describe('Changes to the tickets (status, subject, assignment …).'),
  attachments: rows.describe('Metadata of files attached to the tickets; the bytes by the download route.'),
  calls: rows,
  chats: rows,
  surveys: rows.describe('Surveys sent to the customer with their answers.'),
  emails_received: rows,
  events: rows.describe('Outbox events naming the customer.'),
});

export const erasureCreate = z
  .object({
    reason: z
      .string()
      .trim()
      .min(10, 'Say why the customer is erased (at least 10 characters), e.g. the request’s reference')
      .max(500)
      .describe('Kept in the audit log: must not itself hold personal data.'),
  })
  .strict();

export const erasureResult = z.object({
  customer_id: z.string().uuid(),
  erased_at: z.string(),
  counts: z.record(z.string(), z.number().int()).describe('Rows erased or redacted per table.'),
  files_deleted: z.number().int().describe('Stored files (attachments, original emails) removed.'),
});

const days = z.number().int().min(1).max(36_500).nullable();

export const retentionPolicy = z.object({
  channel: z.enum(CHANNELS),
  attachments_days: days.describe('Attachments older than this many days are deleted; null keeps them.'),
  redact_closed_after_days: days.describe(
    'A ticket closed this many days ago has its conversation redacted as in an erasure; null keeps it.',
  ),
});

export const retentionPut = z
  .object({
    policies: z
      .array(retentionPolicy.strict())
      .max(CHANNELS.length)
      .refine((ps) => new Set(ps.map((p) => p.channel)).size === ps.length, 'one policy per channel'),
  })
  .strict();

export const retentionView = z.object({
  policies: z.array(retentionPolicy.extend({ updated_at: z.string() })),
});
