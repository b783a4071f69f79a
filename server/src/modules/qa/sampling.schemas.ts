import { z } from 'zod';
import { QA_CHECK_NAMES } from '../../platform/db/schema.js';

const name = z.string().trim().min(1).max(200);
const monday = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a day like 2026-11-30')
  .refine((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1, 'a Monday: weeks run Monday to Sunday (UTC)');

export const samplingTargets = z
  .object({
    low_csat: z.boolean().optional().describe('a CSAT answer of 1–3 (of 5) on the ticket'),
    long_aht_seconds: z
      .number()
      .int()
      .min(1)
      .max(86_400)
      .nullable()
      .optional()
      .describe('handle time per handled contact above this many seconds'),
    reopened: z.boolean().optional().describe('reopened after a solve'),
    escalated: z.boolean().optional().describe('moved from an outsourced vendor to the in-house team'),
    sla_missed: z.boolean().optional().describe('at least one SLA timer breached'),
    tag: z.string().trim().min(1).max(100).nullable().optional().describe('carries this tag'),
    check_findings: z
      .object({
        checks: z
          .array(z.enum(QA_CHECK_NAMES))
          .max(QA_CHECK_NAMES.length)
          .refine((c) => new Set(c).size === c.length, 'each check once')
          .default([])
          .describe('only findings of these checks; empty: any check'),
      })
      .strict()
      .nullable()
      .optional()
      .describe('an open (not dismissed) automated check finding on the agent’s replies to the ticket'),
  })
  .strict()
  .describe(
    'Targeted sampling picks only tickets showing at least one of these signals (most signals first); none set: random',
  );

const ids = z
  .array(z.string().uuid())
  .min(1)
  .max(50)
  .refine((list) => new Set(list).size === list.length, 'each id once');

export const samplingRuleCreate = z.object({
  name,
  scorecard_id: z.string().uuid().describe('The scorecard the picked conversations are reviewed on'),
  scope_vendor_id: z
    .string()
    .uuid()
    .nullable()
    .optional()
    .describe(
      'Whose agents: one vendor, or null (brand rules only) for every vendor; a vendor’s rule: its own',
    ),
  per_agent: z.number().int().min(1).max(50).describe('Conversations picked per agent per week'),
  targets: samplingTargets.default({}),
  reviewer_ids: ids.describe(
    'Who reviews (qa:review): brand reviewers, or the covered vendor’s own; picks go to the least loaded',
  ),
  due_days: z.number().int().min(1).max(60).default(7).describe('Days after the run an assignment is due'),
  active: z.boolean().default(true).describe('Inactive rules are skipped by the weekly run'),
});
export const samplingRulePatch = z.object({
  name: name.optional(),
  per_agent: z.number().int().min(1).max(50).optional(),
  targets: samplingTargets.optional(),
  reviewer_ids: ids.optional(),
  due_days: z.number().int().min(1).max(60).optional(),
  active: z.boolean().optional(),
});
export const samplingRuleView = z.object({
  id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable().describe('null: the brand’s rule; else a vendor’s own'),
  name: z.string(),
  scorecard_id: z.string().uuid(),
  scope_vendor_id: z.string().uuid().nullable(),
  per_agent: z.number().int(),
  targets: samplingTargets,
  reviewer_ids: z.array(z.string().uuid()),
  due_days: z.number().int(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export const samplingRuleList = z.object({ items: z.array(samplingRuleView) });

export const samplingRun = z.object({
  week: monday.optional().describe('Monday of the week to sample (UTC); default: last week'),
});

export const assignmentView = z.object({
  id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable(),
  rule_id: z.string().uuid(),
  scorecard_id: z.string().uuid().describe('The scorecard the rule reviews on (draft the review on it)'),
  week: z.string(),
  ticket_id: z.string().uuid(),
  agent_id: z.string().uuid(),
  reviewer_id: z.string().uuid(),
  reasons: z.array(z.string()).describe('The signals that made a targeted rule pick it; empty: at random'),
  due_at: z.string(),
  review_id: z.string().uuid().nullable().describe('Set once a review of the ticket is submitted'),
  created_at: z.string(),
});
export const samplingRunResult = z.object({
  week: z.string(),
  already_ran: z.boolean().describe('The rule had sampled this week before; nothing new was picked'),
  picked: z.number().int(),
  assignments: z.array(assignmentView),
});
export const ASSIGNMENT_STATES = ['open', 'done'] as const;
export const assignmentListQuery = z.object({
  reviewer_id: z.string().uuid().optional(),
  agent_id: z.string().uuid().optional(),
  rule_id: z.string().uuid().optional(),
  week: monday.optional(),
  state: z.enum(ASSIGNMENT_STATES).optional().describe('open: no submitted review yet; done: reviewed'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const assignmentList = z.object({ items: z.array(assignmentView) });
