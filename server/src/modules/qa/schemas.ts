import { z } from 'zod';
import {
  CHANNELS,
  QA_CALIBRATION_STATES,
  QA_CHECK_NAMES,
  QA_DISPUTE_STATES,
  QA_REVIEW_STATES,
} from '../../platform/db/schema.js';
import { csvFormat } from '../../platform/http/csv-format.js';

const key = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ or -, at most 40')
  .describe('A short id chosen by the scorecard’s author, unique within the version');
const name = z.string().trim().min(1).max(200);
const weight = z.number().positive().max(1000);

const scale = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('binary') }).describe('0 (no) or 1 (yes)'),
    z
      .object({ kind: z.literal('points'), points: z.union([z.literal(3), z.literal(4), z.literal(5)]) })
      .describe('1..points'),
    z
      .object({ kind: z.literal('custom'), values: z.array(z.number().min(-1000).max(1000)).min(2).max(20) })
      .describe('The listed values; the lowest scores 0, the highest 1'),
  ])
  .describe('The values a reviewer may pick. Criterion score = (selected − min) / (max − min).');

const criterion = z.object({
  id: key,
  name,
  scale,
  weight: weight.default(1).describe('Weight within the section; in points mode also its points'),
  na_allowed: z.boolean().default(false).describe('May the reviewer answer N/A (leaves the score untouched)'),
  critical: z
    .enum(['none', 'review', 'section'])
    .default('none')
    .describe('Answering the lowest value sets the review (review) or its section (section) to 0'),
  automatic: z
    .object({
      checks: z
        .array(z.enum(QA_CHECK_NAMES))
        .min(1)
        .max(QA_CHECK_NAMES.length)
        .refine((c) => new Set(c).size === c.length, 'each check once'),
    })
    .strict()
    .optional()
    .describe(
      'Pre-scored from the automated checks: no open finding of these checks on the reviewed agent’s replies → the highest value, any → the lowest',
    ),
});

const section = z.object({
  id: key,
  name,
  weight: weight.default(1).describe('Used when the scorecard weights by section'),
  bonus: z.boolean().default(false).describe('Adds to the numerator only, never to the maximum'),
  criteria: z.array(criterion).min(1).max(100),
});

export const definition = z
  .object({
    weighting: z
      .enum(['sections', 'points'])
      .describe('sections: weighted mean of section scores; points: total points / total maximum'),
    allow_above_100: z.boolean().default(false).describe('May bonus sections lift the score above 100%'),
    sections: z.array(section).min(1).max(50),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.sections.forEach((s, si) => {
      if (seen.has(s.id))
        ctx.addIssue({ code: 'custom', path: ['sections', si, 'id'], message: 'used twice' });
      seen.add(s.id);
      s.criteria.forEach((c, ci) => {
        if (seen.has(c.id))
          ctx.addIssue({
            code: 'custom',
            path: ['sections', si, 'criteria', ci, 'id'],
            message: 'used twice',
          });
        seen.add(c.id);
        if (c.scale.kind === 'custom' && new Set(c.scale.values).size !== c.scale.values.length)
          ctx.addIssue({
            code: 'custom',
            path: ['sections', si, 'criteria', ci, 'scale', 'values'],
            message: 'each value once',
          });
      });
    });
    if (d.sections.every((s) => s.bonus))
      ctx.addIssue({
        code: 'custom',
        path: ['sections'],
        message: 'at least one section that is not a bonus',
      });
  });

const appliesTo = z
  .object({
    channels: z.array(z.enum(CHANNELS)).max(20).default([]),
    queues: z.array(z.string().min(1).max(100)).max(100).default([]),
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'a BCP 47 language like "en"'))
      .max(100)
      .default([]),
  })
  .describe('Tickets the scorecard applies to; an empty list means every channel, queue or language');

export const scorecardCreate = z.object({
  name,
  vendor_id: z
    .string()
    .uuid()
    .nullable()
    .optional()
    .describe('Brand users: null (default) for the brand’s, or a vendor’s. Vendor users: always their own'),
  definition,
  applies_to: appliesTo.default({ channels: [], queues: [], languages: [] }),
});
export const scorecardUpdate = z.object({ name: name.optional(), active: z.boolean().optional() });
export const versionCreate = z.object({
  definition,
  applies_to: appliesTo.default({ channels: [], queues: [], languages: [] }),
});

export const versionView = z.object({
  id: z.string().uuid(),
  scorecard_id: z.string().uuid(),
  version: z.number().int(),
  definition: definition.describe('The sections and criteria, with their defaults filled in'),
  applies_to: z.object({
    channels: z.array(z.string()),
    queues: z.array(z.string()),
    languages: z.array(z.string()),
  }),
  created_at: z.string(),
});
export const scorecardView = z.object({
  id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable().describe('null: the brand’s; else the vendor’s own'),
  name: z.string(),
  active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  current_version: versionView,
});
export const scorecardDetail = scorecardView.extend({
  versions: z.array(versionView).describe('Every version, oldest first; reviews keep theirs'),
});
export const scorecardList = z.object({ items: z.array(scorecardView) });
export const idParams = z.object({ id: z.string().uuid() });

const answerValue = z
  .union([z.number(), z.literal('n/a')])
  .describe('A value of the criterion’s scale, or "n/a"');
const answerComment = z.string().max(5000).nullable().describe('The reviewer’s comment on this criterion');
const messageId = z
  .string()
  .uuid()
  .nullable()
  .describe('A message of the reviewed ticket the comment is about');
const answer = z.object({
  value: answerValue,
  comment: answerComment.optional(),
  message_id: messageId.optional(),
});
const answerView = answer.extend({
  source: z
    .enum(['automatic', 'overridden'])
    .optional()
    .describe('Automatic criteria only: automatic (the findings’ answer) or overridden by the reviewer'),
  automatic: z
    .object({
      value: z.number().describe('The value the findings give'),
      finding_ids: z
        .array(z.string().uuid())
        .describe('The open check findings behind it, as when the review was drafted; empty: none'),
    })
    .optional()
    .describe('Automatic criteria only: the pre-score and its evidence'),
});
const answerPatch = z.object({
  value: answerValue.optional(),
  comment: answerComment.optional(),
  message_id: messageId.optional(),
});

export const reviewCreate = z.object({
  scorecard_id: z.string().uuid().describe('Its current version is the one the review keeps'),
  ticket_id: z.string().uuid(),
  agent_id: z.string().uuid().optional().describe('Default: the ticket’s assigned agent'),
  answers: z.record(key, answer).default({}),
  comment: z.string().max(20_000).nullable().optional(),
});
export const reviewPatch = z.object({
  answers: z
    .record(key, answerPatch.nullable())
    .optional()
    .describe(
      'Only the criteria named change, and within one only the fields named; null clears an answer (an automatic criterion’s is pre-scored again from the findings as they are now)',
    ),
  comment: z.string().max(20_000).nullable().optional(),
});

const figure = { numerator: z.number(), denominator: z.number(), percent: z.number().nullable() };
export const scoreView = z.object({
  ...figure,
  weighting: z.enum(['sections', 'points']),
  auto_failed: z.boolean(),
  sections: z.array(
    z.object({
      ...figure,
      id: z.string(),
      bonus: z.boolean(),
      auto_failed: z.boolean(),
      criteria: z.array(
        z.object({ ...figure, id: z.string(), na: z.boolean(), failed_critical: z.boolean() }),
      ),
    }),
  ),
});

export const reviewView = z.object({
  id: z.string().uuid(),
  scorecard_id: z.string().uuid(),
  scorecard_version_id: z.string().uuid(),
  version: z.number().int(),
  ticket_id: z.string().uuid(),
  agent_id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable(),
  reviewer_id: z.string().uuid(),
  state: z.enum(QA_REVIEW_STATES),
  answers: z.record(z.string(), answerView),
  comment: z.string().nullable(),
  score: scoreView.nullable().describe('Computed on submit from the review’s own scorecard version'),
  created_at: z.string(),
  updated_at: z.string(),
  submitted_at: z.string().nullable(),
});
export const reviewList = z.object({ items: z.array(reviewView) });
export const reviewListQuery = z.object({
  agent_id: z.string().uuid().optional(),
  vendor_id: z.string().uuid().optional(),
  ticket_id: z.string().uuid().optional(),
  state: z.enum(QA_REVIEW_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

// --- Disputes and revisions ----------------------------------------------------------------------

export const disputeCreate = z.object({
  criterion_id: key
    .nullable()
    .optional()
    .describe('One criterion of the review’s scorecard version; omitted or null: the whole review'),
  reason: z.string().trim().min(1).max(5000),
});
export const disputeAccept = z.object({
  answers: z
    .record(key, answerPatch)
    .refine((a) => Object.keys(a).length > 0, 'name at least one criterion to rescore')
    .describe('The rescore: only the criteria named change, and within one only the fields named'),
  comment: z.string().trim().min(1).max(5000).optional().describe('Why the dispute was accepted'),
});
export const disputeReject = z.object({
  comment: z.string().trim().min(1).max(5000).describe('Why the review stands'),
});
export const disputeView = z.object({
  id: z.string().uuid(),
  review_id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable(),
  agent_id: z.string().uuid(),
  criterion_id: z.string().nullable().describe('null: the whole review'),
  reason: z.string(),
  raised_by: z.string().uuid(),
  state: z.enum(QA_DISPUTE_STATES),
  resolution_comment: z.string().nullable(),
  resolved_by: z.string().uuid().nullable(),
  resolved_at: z.string().nullable(),
  revision_id: z.string().uuid().nullable().describe('Accepted: the revision with the new score'),
  created_at: z.string(),
});
export const disputeList = z.object({
  items: z.array(disputeView),
  counts: z
    .object({ open: z.number().int(), accepted: z.number().int(), rejected: z.number().int() })
    .describe('Disputes matching the filters other than state, by state'),
});
export const disputeListQuery = z.object({
  state: z.enum(QA_DISPUTE_STATES).optional(),
  review_id: z.string().uuid().optional(),
  agent_id: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const revisionView = z.object({
  id: z.string().uuid(),
  revision: z.number().int().describe('1: the score as first submitted; each accepted dispute adds one'),
  answers: z.record(z.string(), answerView),
  score: scoreView,
  dispute_id: z.string().uuid().nullable(),
  created_by: z.string().uuid().nullable(),
  created_at: z.string(),
});
export const reviewDetail = reviewView.extend({
  disputes: z.array(disputeView).describe('Every dispute of the review, oldest first'),
  revisions: z
    .array(revisionView)
    .describe('Empty until a dispute is accepted; then every score the review has had, oldest first'),
});

// --- Calibration sessions ------------------------------------------------------------------------

const uniqueIds = (max: number) =>
  z
    .array(z.string().uuid())
    .min(1)
    .max(max)
    .refine((ids) => new Set(ids).size === ids.length, 'each id once');
export const calibrationCreate = z.object({
  name,
  scorecard_version_id: z.string().uuid().describe('Every participant scores on this version'),
  ticket_ids: uniqueIds(50).describe('The conversations to score; each must be one you can see'),
  participant_ids: uniqueIds(50).describe(
    'The reviewers (qa:review) who score blind; of the session’s side: brand users for the brand’s, the vendor’s for a vendor’s',
  ),
  benchmark_reviewer_id: z
    .string()
    .uuid()
    .describe('The reviewer everyone is aligned against; added to the participants if missing'),
});
export const calibrationScoreCreate = z.object({
  answers: z.record(key, z.object({ value: answerValue, comment: answerComment.optional() })),
});
export const calibrationParams = z.object({ id: z.string().uuid(), ticketId: z.string().uuid() });
export const calibrationListQuery = z.object({ state: z.enum(QA_CALIBRATION_STATES).optional() });
const alignmentFigure = z.object({ ...figure, id: z.string() });
export const calibrationResult = z.object({
  reviewers: z.array(
    z.object({
      ...figure,
      reviewer_id: z.string().uuid(),
      benchmark: z.boolean(),
      conversations: z.number().int(),
      criteria: z.array(alignmentFigure),
    }),
  ),
  criteria: z.array(alignmentFigure).describe('Per criterion across every reviewer but the benchmark'),
});
export const calibrationScoreView = z.object({
  ticket_id: z.string().uuid(),
  reviewer_id: z.string().uuid(),
  answers: z.record(z.string(), z.object({ value: answerValue, comment: answerComment.optional() })),
  submitted_at: z.string(),
});
export const calibrationSummary = z.object({
  id: z.string().uuid(),
  vendor_id: z.string().uuid().nullable().describe('null: the brand’s session'),
  name: z.string(),
  scorecard_version_id: z.string().uuid(),
  benchmark_reviewer_id: z.string().uuid(),
  state: z.enum(QA_CALIBRATION_STATES),
  created_by: z.string().uuid(),
  created_at: z.string(),
  closed_at: z.string().nullable(),
});
export const calibrationView = calibrationSummary.extend({
  ticket_ids: z.array(z.string().uuid()),
  participant_ids: z.array(z.string().uuid()),
  progress: z
    .array(z.object({ ticket_id: z.string().uuid(), submitted: z.number().int() }))
    .describe('How many participants have scored each conversation'),
  scores: z.array(calibrationScoreView).describe('Blind: while open, only your own; once closed, everyone’s'),
  result: calibrationResult.nullable().describe('Alignment against the benchmark, computed on close'),
});
export const calibrationList = z.object({ items: z.array(calibrationSummary) });
export const graderList = z.object({
  items: z.array(
    z.object({
      reviewer_id: z.string().uuid(),
      sessions: z
        .number()
        .int()
        .describe('Closed sessions with a figure for this reviewer, not as benchmark'),
      mean_alignment: z.number().describe('Mean of the session alignment percents'),
    }),
  ),
});

// --- IQS report ------------------------------------------------------------------------------------

const isZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
    'an ISO date or date-time',
  );
const only = (what: string) =>
  z.string().uuid().optional().describe(`only reviews of agents of this ${what} (drill-down)`);

export const IQS_GROUP_BY = ['agent', 'team', 'site', 'vendor'] as const;
export const iqsQuery = z.object({
  from: instant.describe('Start (inclusive). A date or a date-time without offset is read in `tz`.'),
  to: instant.describe('End (exclusive). A date or a date-time without offset is read in `tz`.'),
  tz: z
    .string()
    .max(64)
    .refine(isZone, 'an IANA time zone such as Europe/Copenhagen')
    .default('UTC')
    .describe('Time zone for dates in from/to'),
  group_by: z
    .enum(IQS_GROUP_BY)
    .default('vendor')
    .describe('vendor and agent: the review’s own columns; site and team: the agent’s current user row'),
  vendor_id: only('vendor'),
  site_id: only('site'),
  team_id: only('team'),
  agent_id: z.string().uuid().optional().describe('only reviews of this agent'),
  format: csvFormat,
});
export const iqsFigure = z.object({
  value: z.number().nullable().describe('Mean review score in percent = numerator / denominator'),
  numerator: z.number().describe('Sum of the counted reviews’ current scores (percent)'),
  denominator: z.number().int().describe('Number of counted reviews'),
  variant: z.string(),
});
export const iqsReport = z.object({
  from: z.string(),
  to: z.string(),
  tz: z.string(),
  group_by: z.enum(IQS_GROUP_BY),
  rows: z.array(
    z.object({
      key: z.string().uuid().nullable().describe('null: reviews whose agent has no team/site'),
      label: z.string().nullable(),
      iqs: iqsFigure,
    }),
  ),
  total: iqsFigure,
  notes: z.array(z.string()),
});
