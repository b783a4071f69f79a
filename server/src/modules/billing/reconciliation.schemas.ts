import { z } from 'zod';
import { INVOICE_STATUSES } from '../../platform/db/schema.js';
import { PRICING_MODELS } from './invoice.js';
import { decimals } from './schemas.js';

/** zod schemas of the reconciliation routes (docs/billing.md, "Reconciliation"). */

export const CLAIM_LINE_KINDS = ['usage', 'fee', 'minimum_top_up', 'credit', 'bonus'] as const;

/** One line of the vendor's own invoice: the invoice CSV's columns, minor units. */
export const claimLine = z.object({
  kind: z.enum(CLAIM_LINE_KINDS),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code like EUR'),
  model: z.enum(PRICING_MODELS).nullable().default(null),
  channel: z.string().trim().min(1).max(40).nullable().default(null).describe('null: every channel'),
  language: z.string().trim().min(2).max(20).nullable().default(null).describe('null: every language'),
  tier: z.number().int().min(1).max(20).nullable().default(null).describe('1-based tier of a usage line'),
  quantity: z.number().min(-1e9).max(1e9).refine(decimals(3), 'at most 3 decimals'),
  rate_minor: z.number().min(-1e13).max(1e13).refine(decimals(4), 'at most 4 decimals'),
  amount_minor: z.number().int().min(-1e13).max(1e13).describe('Minor units; credits are negative'),
  service_level: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .nullable()
    .default(null)
    .describe('Credits and bonuses: the service level’s name or Tandem’s target id'),
  description: z.string().max(1000).nullable().default(null),
});

export const claimCreate = z
  .object({
    lines: z.array(claimLine).max(2000).optional().describe('The vendor’s lines as JSON'),
    csv: z
      .string()
      .max(2_000_000)
      .optional()
      .describe('Or the vendor’s invoice as CSV text (the invoice CSV export’s columns)'),
    comment: z.string().trim().min(1).max(4000).optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.lines === undefined) === (body.csv === undefined))
      ctx.addIssue({ code: 'custom', path: ['lines'], message: 'give either lines or csv' });
  });

const claimView = z.object({
  id: z.string().uuid(),
  invoice_id: z.string().uuid(),
  version: z.number().int(),
  source: z.enum(['json', 'csv']),
  lines: z.array(claimLine),
  totals: z.record(z.string(), z.number().int()).describe('The claim’s total per currency, minor units'),
  submitted_by: z.string().uuid().nullable(),
  submitted_at: z.string(),
});
export const claimCreated = claimView;

const side = z
  .object({
    quantity: z.number(),
    rates_minor: z.array(z.number()),
    amount_minor: z.number().int(),
    lines: z.number().int(),
  })
  .nullable();

export const RECONCILIATION_EVENT_KINDS = ['comment', 'accept', 'dispute'] as const;

export const reconciliationView = z.object({
  invoice_id: z.string().uuid(),
  invoice_status: z.enum(INVOICE_STATUSES),
  state: z
    .enum(['awaiting_claim', 'open', 'disputed', 'accepted'])
    .describe('accepted / disputed: the brand’s last decision on the latest claim version'),
  claim: claimView.nullable().describe('The vendor’s latest claim version'),
  claim_versions: z.number().int(),
  result: z
    .object({
      agreed: z.boolean(),
      lines: z.array(
        z.object({
          key: z.string(),
          kind: z.enum(CLAIM_LINE_KINDS),
          currency: z.string(),
          model: z.enum(PRICING_MODELS).nullable(),
          channel: z.string().nullable(),
          language: z.string().nullable(),
          tier: z.number().int().nullable(),
          service_level: z.string().nullable(),
          status: z.enum(['matched', 'differs', 'only_tandem', 'only_vendor']),
          tandem: side,
          vendor: side,
          differences: z.array(z.enum(['quantity', 'rate', 'amount'])),
          quantity_difference: z.number().describe('vendor − Tandem'),
          rate_difference_minor: z
            .number()
            .nullable()
            .describe('vendor − Tandem when each side has one rate'),
          amount_difference_minor: z.number().int().describe('vendor − Tandem'),
        }),
      ),
      totals: z.record(
        z.string(),
        z.object({
          tandem_minor: z.number().int(),
          vendor_minor: z.number().int(),
          difference_minor: z.number().int(),
        }),
      ),
    })
    .nullable()
    .describe('The latest claim matched against the invoice; null before the vendor submits'),
  history: z
    .array(
      z.object({
        id: z.string().uuid(),
        kind: z.enum([...RECONCILIATION_EVENT_KINDS, 'claim']),
        claim_version: z.number().int().nullable(),
        line_key: z.string().nullable(),
        comment: z.string().nullable(),
        author_id: z.string().uuid().nullable(),
        created_at: z.string(),
      }),
    )
    .describe('Claims, comments and decisions, oldest first'),
});

export const reconciliationComment = z.object({
  comment: z.string().trim().min(1).max(4000),
  line_key: z
    .string()
    .max(500)
    .nullable()
    .default(null)
    .describe('The line it is about (a `key` of result.lines)'),
});
export const reconciliationDecision = z.object({
  comment: z.string().trim().min(1).max(4000),
  claim_version: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('The claim version decided on; must be the latest (default: the latest)'),
});
