import { z } from 'zod';
import { CHANNELS, PRIORITIES, TICKET_STATUSES } from '../../platform/db/schema.js';
import { INBOX_VIEWS, TICKET_SORTS } from '../tickets/index.js';

/** The inbox filters a view remembers: the same names and values as GET /tickets takes. */
export const viewFilters = z
  .object({
    view: z.enum(INBOX_VIEWS).optional(),
    status: z.array(z.enum(TICKET_STATUSES)).max(TICKET_STATUSES.length).optional(),
    channel: z.array(z.enum(CHANNELS)).max(CHANNELS.length).optional(),
    priority: z.array(z.enum(PRIORITIES)).max(PRIORITIES.length).optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'use a BCP 47 language like "en" or "pt-BR"')
      .optional(),
    tag: z.string().trim().toLowerCase().min(1).max(50).optional(),
    queue: z.string().trim().min(1).max(100).optional(),
    q: z.string().max(500).optional(),
    sort: z.enum(TICKET_SORTS).optional(),
  })
  .strict();

export const savedViewCreate = z.object({
  name: z.string().trim().min(1).max(100),
  filters: viewFilters.default({}),
  shared: z
    .boolean()
    .default(false)
    .describe(
      'Visible to your vendor’s users (a brand user’s: everyone). Brand admins, vendor admins, team leads.',
    ),
});

export const savedViewUpdate = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  filters: viewFilters.optional(),
  shared: z.boolean().optional(),
});

export const savedView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  filters: viewFilters,
  shared: z.boolean(),
  owner_user_id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable().describe('The owner’s vendor; null for a brand user’s view.'),
  created_at: z.string(),
  updated_at: z.string(),
});

export const savedViewList = z.object({ items: z.array(savedView) });
export const viewParams = z.object({ id: z.string().uuid() });
