import { z } from 'zod';
import { QA_CHECK_NAMES } from '../../platform/db/schema.js';
import { pageOf, pageQuery } from '../../platform/http/pagination.js';

/** A brand's pattern; a regex must compile (JavaScript syntax, matched case-insensitively). */
export const voicePattern = z
  .object({
    kind: z.enum(['phrase', 'regex']).describe('phrase: literal words, case-insensitive; regex: the source'),
    value: z.string().trim().min(1).max(300),
  })
  .superRefine((p, ctx) => {
    if (p.kind !== 'regex') return;
    try {
      new RegExp(p.value, 'giu');
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `not a valid regex: ${(err as Error).message}`,
      });
    }
  });
const patterns = z.array(voicePattern).max(200).default([]);

export const voiceLanguageParams = z.object({
  language: z
    .string()
    .regex(/^(\*|[a-z]{2,3})$/)
    .describe('ISO 639-1 code, or * for rules that apply in every language'),
});
export const voiceRulesPut = z.object({
  forbidden_phrases: patterns,
  forbidden_promises: patterns,
  greetings: patterns.describe('The reply must open (first 120 characters) with one of these'),
  closings: patterns.describe('The reply must end (last 200 characters) with one of these'),
});
export const voiceRulesView = z.object({
  language: z.string(),
  forbidden_phrases: z.array(voicePattern),
  forbidden_promises: z.array(voicePattern),
  greetings: z.array(voicePattern),
  closings: z.array(voicePattern),
  updated_by: z.string().uuid().nullable(),
  updated_at: z.string(),
});
export const voiceRulesList = z.object({ items: z.array(voiceRulesView) });

export const findingView = z.object({
  id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable(),
  ticket_id: z.string().uuid(),
  message_id: z.string().uuid(),
  agent_id: z.string().uuid().nullable(),
  check: z.enum(QA_CHECK_NAMES),
  span: z
    .object({ start: z.number().int(), end: z.number().int() })
    .nullable()
    .describe('Where in the message text (UTF-16 offsets, end exclusive); null for whole-message checks'),
  detail: z.string().describe('Why: the rule or the kind of data found, never the personal data itself'),
  dismissed_at: z.string().nullable(),
  dismissed_by: z.string().uuid().nullable(),
  dismiss_reason: z.string().nullable(),
  created_at: z.string(),
});
export const findingList = pageOf(findingView);
export const findingListQuery = z.object({
  ticket_id: z.string().uuid().optional(),
  agent_id: z.string().uuid().optional(),
  check: z.enum(QA_CHECK_NAMES).optional(),
  dismissed: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only dismissed findings; false: only open ones'),
  from: z.string().datetime({ offset: true }).optional().describe('Created at or after'),
  to: z.string().datetime({ offset: true }).optional().describe('Created before'),
  ...pageQuery,
});
export const findingDismiss = z.object({ reason: z.string().trim().min(1).max(2000) });
