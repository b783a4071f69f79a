import { z } from 'zod';
import { CHANNELS, DECISION_OUTCOMES } from '../../platform/db/schema.js';
import { patchOf } from '../../platform/http/patch.js';

export const idParams = z.object({ id: z.string().uuid() });

const skillRequirement = z.object({
  skill: z.string().trim().min(1).max(100),
  min: z.number().int().min(1).max(5),
});

export const queueView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  required_skills: z.array(skillRequirement),
  required_certifications: z.array(z.string()),
  overflow_after_seconds: z.number().int().nullable(),
  overflow_vendor_ids: z.array(z.string().uuid()),
  overflow_site_ids: z.array(z.string().uuid()),
  sticky_days: z.number().int(),
  waiting: z.number().int().describe('Contacts waiting in the queue now'),
  created_at: z.string(),
  updated_at: z.string(),
});
export const queueList = z.object({ items: z.array(queueView) });

const queueFields = {
  name: z.string().trim().min(1).max(200),
  required_skills: z.array(skillRequirement).max(20),
  required_certifications: z.array(z.string().trim().min(1).max(100)).max(20),
  overflow_after_seconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .nullable(),
  overflow_vendor_ids: z.array(z.string().uuid()).max(50),
  overflow_site_ids: z.array(z.string().uuid()).max(200),
  sticky_days: z.number().int().min(0).max(365),
};
export const queueCreate = z.object({
  name: queueFields.name,
  required_skills: queueFields.required_skills.default([]),
  required_certifications: queueFields.required_certifications.default([]),
  overflow_after_seconds: queueFields.overflow_after_seconds.default(null),
  overflow_vendor_ids: queueFields.overflow_vendor_ids.default([]),
  overflow_site_ids: queueFields.overflow_site_ids.default([]),
  sticky_days: queueFields.sticky_days.default(0),
});
export const queueUpdate = z
  .object({
    name: queueFields.name,
    required_skills: queueFields.required_skills,
    required_certifications: queueFields.required_certifications,
    overflow_after_seconds: queueFields.overflow_after_seconds,
    overflow_vendor_ids: queueFields.overflow_vendor_ids,
    overflow_site_ids: queueFields.overflow_site_ids,
    sticky_days: queueFields.sticky_days,
  })
  .partial();

const list = (item: z.ZodType<string>) => z.array(item).max(100).optional();
export const ruleConditions = z
  .object({
    channels: z.array(z.enum(CHANNELS)).max(6).optional(),
    languages: list(z.string().trim().min(2).max(20)),
    tags_any: list(z.string().trim().min(1).max(100)),
    tiers: list(z.string().trim().min(1).max(100)),
    segments: list(z.string().trim().min(1).max(100)),
    custom_fields: z.record(z.string().max(100), z.union([z.string(), z.number(), z.boolean()])).optional(),
    support_addresses: list(z.string().trim().toLowerCase().email()),
    data_regions: list(z.string().trim().min(1).max(20)),
  })
  .strict();

export const ruleView = z.object({
  id: z.string().uuid(),
  position: z.number().int(),
  name: z.string(),
  queue_id: z.string().uuid(),
  conditions: ruleConditions,
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export const ruleList = z.object({ items: z.array(ruleView) });
export const ruleCreate = z.object({
  position: z.number().int().min(0).max(1_000_000),
  name: z.string().trim().max(200).default(''),
  queue_id: z.string().uuid(),
  conditions: ruleConditions.default({}),
  active: z.boolean().default(true),
});
export const ruleUpdate = patchOf(ruleCreate);

export const allocationsBody = z.object({
  allocations: z
    .array(z.object({ vendor_id: z.string().uuid(), share: z.number().min(0).max(100) }))
    .max(50)
    .refine((a) => a.length === 0 || Math.abs(a.reduce((s, x) => s + x.share, 0) - 100) < 0.01, {
      message: 'shares must add up to 100',
    })
    .refine((a) => new Set(a.map((x) => x.vendor_id)).size === a.length, {
      message: 'a vendor appears twice',
    }),
});
export const allocationsView = z.object({
  queue_id: z.string().uuid(),
  window: z
    .number()
    .int()
    .describe('How many of the latest allocated contacts the actual shares cover (up to 500)'),
  allocations: z.array(
    z.object({
      vendor_id: z.string().uuid(),
      vendor_name: z.string(),
      target_share: z.number(),
      actual_share: z
        .number()
        .nullable()
        .describe('Percent of the window this vendor received; null when empty'),
      window_count: z.number().int(),
      assigned_total: z.number().int(),
    }),
  ),
});

export const candidateView = z.object({
  kind: z.enum(['site', 'vendor', 'agent']),
  id: z.string(),
  vendor_id: z.string().nullable(),
  name: z.string().optional(),
  excluded: z.string().nullable(),
  chosen: z.boolean().optional(),
});
export const decisionView = z.object({
  id: z.number().int(),
  ticket_id: z.string().uuid(),
  queue_id: z.string().uuid().nullable(),
  outcome: z.enum(DECISION_OUTCOMES),
  trigger: z.string(),
  vendor_id: z.string().uuid().nullable(),
  site_id: z.string().uuid().nullable(),
  agent_id: z.string().uuid().nullable(),
  counted: z.boolean(),
  summary: z.string(),
  candidates: z.array(candidateView),
  created_at: z.string(),
});
export const decisionList = z.object({ items: z.array(decisionView) });

export const transferBody = z
  .object({
    agent_id: z.string().uuid().optional(),
    team_id: z.string().uuid().optional(),
    vendor_id: z.string().uuid().optional(),
    queue_id: z.string().uuid().optional(),
    reason: z.string().trim().min(1).max(1000),
  })
  .refine((b) => [b.agent_id, b.team_id, b.vendor_id, b.queue_id].filter(Boolean).length === 1, {
    message: 'name exactly one of agent_id, team_id, vendor_id, queue_id',
    path: ['agent_id'],
  });
export const transferView = z.object({
  ticket_id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable(),
  site_id: z.string().uuid().nullable(),
  team_id: z.string().uuid().nullable(),
  agent_id: z.string().uuid().nullable(),
  queue: z.string().nullable(),
  routing_state: z.enum(['pending', 'waiting', 'assigned', 'done']),
  transfers: z.number().int(),
});

export const residencyBody = z.object({
  data_regions: z.array(z.string().trim().min(1).max(20)).max(20),
});
export const siteResidencyView = z.object({ site_id: z.string().uuid(), data_regions: z.array(z.string()) });
export const customerRoutingBody = z
  .object({
    data_region: z.string().trim().min(1).max(20).nullable(),
    segment: z.string().trim().min(1).max(100).nullable(),
  })
  .partial();
export const customerRoutingView = z.object({
  customer_id: z.string().uuid(),
  data_region: z.string().nullable(),
  segment: z.string().nullable(),
});
export const certificationsBody = z.object({
  certifications: z
    .array(
      z.object({
        certification: z.string().trim().min(1).max(100),
        expires_at: z.string().datetime().nullable().default(null),
      }),
    )
    .max(50),
});
export const certificationsView = z.object({
  user_id: z.string().uuid(),
  certifications: z.array(z.object({ certification: z.string(), expires_at: z.string().nullable() })),
});

/** The facts a rule looks at (queue-rules.ts TicketFacts), as a person types them to try the rules. */
export const ruleTestBody = z.object({
  channel: z.enum(CHANNELS),
  language: z.string().trim().min(2).max(20).nullable().default(null),
  tags: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
  tier: z.string().trim().min(1).max(100).nullable().default(null),
  segment: z.string().trim().min(1).max(100).nullable().default(null),
  custom_fields: z.record(z.string().max(100), z.union([z.string(), z.number(), z.boolean()])).default({}),
  support_address: z.string().trim().toLowerCase().email().nullable().default(null),
  data_region: z.string().trim().min(1).max(20).nullable().default(null),
});
export const ruleTestView = z.object({
  queue: z.object({ id: z.string().uuid(), name: z.string() }).nullable().describe('null: no rule matches'),
  rule: z
    .object({ id: z.string().uuid(), name: z.string(), position: z.number().int() })
    .nullable()
    .describe('The first active rule, in order, whose conditions all hold'),
});
