import { z } from 'zod';
import { CHANNELS, INVOICE_STATUSES } from '../../platform/db/schema.js';
import { csvFormat } from '../../platform/http/csv.js';
import { isRealDay, REMINDER_KINDS } from './contract-dates.js';
import { COST_PER_CONTACT_BY_CHANNEL, COST_PER_CONTACT_BY_SITE } from './cost-allocation.js';
import { COST_PER_CONTACT_VARIANT, PRICING_MODELS } from './invoice.js';

/** At most `digits` decimals, so the invoice's integer arithmetic is exact (invoice.ts). */
export const decimals = (digits: number) => (x: number) =>
  Math.abs(x * 10 ** digits - Math.round(x * 10 ** digits)) < 1e-6;

export const idParams = z.object({ id: z.string().uuid() });
const day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a day like 2026-11-01');
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month like 2026-11');
const percent = z.number().min(0).max(100).refine(decimals(4), 'at most 4 decimals');

const tier = z.object({
  up_to: z
    .number()
    .positive()
    .max(1e9)
    .refine(decimals(3), 'at most 3 decimals')
    .nullable()
    .describe('Units per month this tier ends at; null for the last, open tier'),
  rate_minor: z
    .number()
    .min(0)
    .max(1e9)
    .refine(decimals(4), 'at most 4 decimals')
    .describe('Price per unit in minor units (cents), up to 4 decimals; monthly_fee: the fee'),
});

const pricingLine = z
  .object({
    model: z.enum(PRICING_MODELS),
    channel: z.enum(CHANNELS).nullable().default(null).describe('null: every channel'),
    language: z.string().trim().min(2).max(20).nullable().default(null).describe('null: every language'),
    tiers: z.array(tier).min(1).max(20).describe('Graduated: each unit is priced in the tier it falls in'),
  })
  .superRefine((line, ctx) => {
    line.tiers.forEach((t, i) => {
      const last = i === line.tiers.length - 1;
      if (last !== (t.up_to === null))
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', i, 'up_to'],
          message: last ? 'the last tier is open (null)' : 'only the last tier is open',
        });
      const prev = line.tiers[i - 1]?.up_to;
      if (i > 0 && t.up_to !== null && prev != null && t.up_to <= prev)
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'up_to'], message: 'must rise tier by tier' });
    });
    if (line.model === 'monthly_fee' && line.tiers.length !== 1)
      ctx.addIssue({ code: 'custom', path: ['tiers'], message: 'a monthly fee has one tier, the fee' });
  });

const creditRule = z.object({
  service_level_target_id: z.string().uuid().describe('A contract service-level target of the same vendor'),
  percent_per_point: percent.describe('Percent of the month’s fees credited per point below target'),
  cap_percent: percent.describe('The most this credit takes off, in percent of the month’s fees'),
  bonus_percent_per_point: percent.nullable().default(null).describe('Optional bonus per point above target'),
  bonus_cap_percent: percent.nullable().default(null),
});

const terms = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code like EUR'),
  lines: z.array(pricingLine).max(100),
  minimum_commitment_minor: z
    .number()
    .int()
    .min(0)
    .max(1e13)
    .nullable()
    .default(null)
    .describe('Minimum monthly fees in minor units; a shortfall is invoiced as a top-up'),
  credit_rules: z.array(creditRule).max(50).default([]),
});

export const versionCreate = terms.extend({
  effective_from: day.describe('First day (UTC) the version applies; a later version ends the one before'),
  effective_to: day.nullable().default(null).describe('First day it no longer applies; null: open-ended'),
});

const realDay = day.refine(isRealDay, 'not a calendar day');
/** A contract's term, notice period and renewal (migration 0041); the version carries the prices. */
const contractDates = {
  term_ends_on: realDay.nullable().describe('The term’s last day (UTC); null: no fixed term'),
  notice_days: z
    .number()
    .int()
    .min(0)
    .max(3650)
    .nullable()
    .describe('Notice period in days: notice must be given by the term end less this'),
  auto_renews: z.boolean().describe('Whether the term renews by itself once it ends'),
  renewal_term_months: z
    .number()
    .int()
    .min(1)
    .max(120)
    .nullable()
    .describe('Months each renewal adds (1–120); required when auto_renews'),
};
/** auto_renews needs renewal_term_months: checked by the service (422), on create and on change. */
export const contractCreate = z.object({
  vendor_id: z.string().uuid(),
  name: z.string().trim().min(1).max(200),
  version: versionCreate,
  term_ends_on: contractDates.term_ends_on.default(null),
  notice_days: contractDates.notice_days.default(null),
  auto_renews: contractDates.auto_renews.default(false),
  renewal_term_months: contractDates.renewal_term_months.default(null),
});

/** Changes only the fields named; auto_renews then needs renewal_term_months on the contract. */
export const contractDatesPatch = z.object({
  term_ends_on: contractDates.term_ends_on.optional(),
  notice_days: contractDates.notice_days.optional(),
  auto_renews: contractDates.auto_renews.optional(),
  renewal_term_months: contractDates.renewal_term_months.optional(),
});
export type ContractInput = z.output<typeof contractCreate>;

const versionView = versionCreate.extend({
  id: z.string().uuid(),
  contract_id: z.string().uuid(),
  version: z.number().int(),
  created_at: z.string(),
});

export const contractView = z.object({
  id: z.string().uuid(),
  vendor_id: z.string().uuid(),
  name: z.string(),
  term_ends_on: z.string().nullable(),
  notice_days: z.number().int().nullable(),
  auto_renews: z.boolean(),
  renewal_term_months: z.number().int().nullable(),
  current_term_ends_on: z
    .string()
    .nullable()
    .describe('The running term’s end: term_ends_on, rolled forward by renewals once passed'),
  notice_deadline: z
    .string()
    .nullable()
    .describe('The last day to give notice: current term end − notice_days'),
  next_reminder: z
    .object({ kind: z.enum(REMINDER_KINDS), due_on: z.string() })
    .nullable()
    .describe(
      'The next reminder to billing managers: 30 or 7 days before the notice deadline, or the term end',
    ),
  created_at: z.string(),
  updated_at: z.string(),
  versions: z.array(versionView).describe('Oldest first'),
});
export const contractList = z.object({ items: z.array(contractView) });
export const contractListQuery = z.object({ vendor_id: z.string().uuid().optional() });

export const invoiceQuery = z.object({ format: csvFormat });

export const invoiceCreate = z.object({ month });

const invoiceLine = z.object({
  kind: z.enum(['usage', 'fee', 'minimum_top_up', 'credit', 'bonus']),
  contract_version_id: z.string(),
  currency: z.string(),
  model: z.enum(PRICING_MODELS).nullable(),
  channel: z.string().nullable(),
  language: z.string().nullable(),
  tier: z.number().int().nullable(),
  quantity: z.number(),
  unit: z.string(),
  rate_minor: z.number(),
  amount_minor: z.number().int().describe('Minor units; credits are negative'),
  description: z.string(),
  service_level: z
    .object({
      service_level_target_id: z.string(),
      name: z.string(),
      target_percent: z.number(),
      actual_percent: z.number(),
      points: z.number().describe('Points below target (negative: above)'),
      percent_applied: z.number(),
      capped: z.boolean(),
    })
    .nullable()
    .describe('The service level and attainment behind a credit or bonus'),
});

export const invoiceView = z.object({
  id: z.string().uuid(),
  vendor_id: z.string().uuid(),
  contract_id: z.string().uuid(),
  month: z.string(),
  status: z.enum(INVOICE_STATUSES),
  lines: z.array(invoiceLine),
  totals: z.record(
    z.string(),
    z.object({
      fees_minor: z.number().int(),
      credits_minor: z.number().int(),
      bonuses_minor: z.number().int(),
      total_minor: z.number().int(),
    }),
  ),
  notes: z.array(z.string()),
  measured: z
    .object({
      volumes: z.array(
        z.object({
          channel: z.string(),
          language: z.string().nullable(),
          handled_contacts: z.number(),
          resolved_contacts: z.number(),
          handle_minutes: z.number(),
          productive_hours: z.number(),
        }),
      ),
      attainments: z.array(
        z.object({
          service_level_target_id: z.string(),
          name: z.string(),
          target_percent: z.number(),
          actual_percent: z.number().nullable(),
        }),
      ),
      productive_hours_measured: z.boolean(),
    })
    .describe('The measured volumes and service-level attainment the invoice was computed from'),
  computed_at: z.string(),
  approved_by: z.string().uuid().nullable(),
  approved_at: z.string().nullable(),
});
export const invoiceList = z.object({ items: z.array(invoiceView) });
export const invoiceListQuery = z.object({
  vendor_id: z.string().uuid().optional(),
  contract_id: z.string().uuid().optional(),
  month: month.optional(),
});

export const costPerContactQuery = z.object({
  month,
  vendor_id: z.string().uuid().optional(),
  group_by: z
    .enum(['vendor', 'channel', 'site'])
    .default('vendor')
    .describe(
      'vendor (default): one row per invoice and currency; channel or site: the invoice total shared out',
    ),
  format: csvFormat,
});
export const costPerContactReport = z.object({
  month: z.string(),
  group_by: z.enum(['channel', 'site']).optional().describe('Present when the rows are by channel or site'),
  definition: z.string(),
  inhouse: z
    .object({
      vendor_ids: z.array(z.string().uuid()).describe('The in-house teams (vendors of kind internal)'),
      currency: z.string(),
      numerator_minor: z.number().int().describe('The in-house cost model’s cost for the month so far'),
      denominator: z.number().describe('Contacts the in-house teams handled in the month so far'),
      value_minor: z.number().nullable(),
      month_share: z.number().describe('Share of the month counted: 1 for a past month'),
      variant: z.literal('cost_per_contact.inhouse_model_over_handled'),
    })
    .nullable()
    .optional()
    .describe('The in-house team’s fully loaded cost per contact (brand users, once a cost model is set)'),
  rows: z.array(
    z.object({
      vendor_id: z.string().uuid(),
      contract_id: z.string().uuid(),
      invoice_id: z.string().uuid(),
      invoice_status: z.enum(INVOICE_STATUSES),
      channel: z
        .string()
        .nullable()
        .optional()
        .describe('group_by=channel: the channel (null: a share with no handled contact to carry it)'),
      site_id: z
        .string()
        .uuid()
        .nullable()
        .optional()
        .describe('group_by=site: the site (null: contacts handled with no site)'),
      currency: z.string(),
      numerator_minor: z
        .number()
        .int()
        .describe('The invoice total in this currency (its share for a channel or site), minor units'),
      denominator: z.number().describe('Handled contacts the invoice measured (of the channel or site)'),
      value_minor: z.number().nullable().describe('Minor units per handled contact; null when none handled'),
      variant: z.enum([COST_PER_CONTACT_VARIANT, COST_PER_CONTACT_BY_CHANNEL, COST_PER_CONTACT_BY_SITE]),
    }),
  ),
});
