import { z } from 'zod';
import { CHANNELS, PRIORITIES } from '../../platform/db/schema.js';
import { patchOf } from '../../platform/http/patch.js';
import { SLA_METRICS, TIMER_STATES } from './metrics.js';

export const idParams = z.object({ id: z.string().uuid() });

const conditions = z
  .object({
    priorities: z.array(z.enum(PRIORITIES)).max(4).optional(),
    channels: z.array(z.enum(CHANNELS)).max(10).optional(),
    queues: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
    tiers: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
    vendor_ids: z.array(z.string().uuid()).max(100).optional(),
    tags: z.array(z.string().trim().min(1).max(50)).max(100).optional(),
  })
  .strict()
  .describe('Every listed condition must hold (an empty list matches anything); tags: any of them.');

const target = z.object({
  metric: z.enum(SLA_METRICS),
  priority: z.enum(PRIORITIES),
  minutes: z.number().int().min(1).max(525_600),
  business: z
    .boolean()
    .describe('Business time on the ticket’s calendar (site → vendor → brand), else calendar time.'),
});

const breachActions = z
  .object({
    notify: z.boolean().optional().describe('Notify the team lead and vendor managers (warnings too).'),
    raise_priority: z.boolean().optional().describe('Raise the priority one step on breach.'),
    move_to_queue: z.string().trim().min(1).max(100).nullable().optional(),
    backup_vendor_id: z.string().uuid().nullable().optional().describe('Move to this vendor on breach.'),
    webhook: z.boolean().optional().describe('Send sla.warning / sla.breached to webhook subscriptions.'),
  })
  .strict();

export const policyCreate = z.object({
  name: z.string().trim().min(1).max(200),
  position: z.number().int().min(0).max(100_000).describe('Order: the first matching policy wins.'),
  active: z.boolean().default(true),
  conditions: conditions.default({}),
  targets: z
    .array(target)
    .min(1)
    .max(SLA_METRICS.length * PRIORITIES.length),
  warn_percent: z.number().int().min(1).max(99).nullable().default(75),
  breach_actions: breachActions.default({}),
});
export const policyUpdate = patchOf(policyCreate);

export const policyView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  position: z.number().int(),
  active: z.boolean(),
  conditions,
  targets: z.array(target.extend({ metric: z.string() })),
  warn_percent: z.number().int().nullable(),
  breach_actions: breachActions,
  created_at: z.string(),
  updated_at: z.string(),
});

export const timerView = z.object({
  metric: z.enum(SLA_METRICS),
  cycle: z.number().int(),
  state: z.enum(TIMER_STATES),
  target_minutes: z.number().int(),
  business: z.boolean(),
  started_at: z.string(),
  elapsed_ms: z.number(),
  due_at: z.string().nullable(),
  warn_at: z.string().nullable(),
  breached_at: z.string().nullable(),
  stopped_at: z.string().nullable(),
  remaining_ms: z
    .number()
    .nullable()
    .describe('Target minus elapsed, in the target’s time (negative when overdue).'),
  breached_cycles: z.number().int(),
});

export const ticketSlaView = z.object({
  ticket_id: z.string().uuid(),
  policy: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
  sla_due_at: z.string().nullable(),
  evaluated_at: z.string(),
  timers: z.array(timerView),
});

export const notificationView = z.object({
  id: z.string().uuid(),
  kind: z.string(),
  title: z.string(),
  ticket_id: z.string().uuid().nullable(),
  data: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  read_at: z.string().nullable(),
});
export const notificationQuery = z.object({
  unread: z.enum(['true', 'false']).default('false'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
