import { z } from 'zod';
import type { DIMENSIONS } from './contribution.js';

export const GROUP_BY = [
  'vendor',
  'site',
  'team',
  'agent',
  'queue',
  'channel',
  'language',
  'priority',
] as const;
export type GroupBy = (typeof GROUP_BY)[number];
export const groupColumn = (g: GroupBy) =>
  (['vendor', 'site', 'team', 'agent'].includes(g) ? `${g}_id` : g) as (typeof DIMENSIONS)[number];

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

export const kpiQuery = z.object({
  from: instant.describe('Start (inclusive). A date or a date-time without offset is read in `tz`.'),
  to: instant.describe('End (exclusive). A date or a date-time without offset is read in `tz`.'),
  group_by: z.enum(GROUP_BY).default('vendor'),
  tz: z
    .string()
    .max(64)
    .refine(isZone, 'an IANA time zone such as Europe/Copenhagen')
    .default('UTC')
    .describe(
      'Time zone for dates in from/to. The rollup is hourly, so zones with a half-hour offset round to the hour.',
    ),
  format: z
    .enum(['json', 'csv'])
    .optional()
    .describe('csv: the same table as text/csv (or send Accept: text/csv)'),
});

const figure = z.object({
  value: z.number().nullable().describe('null when the denominator is 0'),
  numerator: z.number(),
  denominator: z.number(),
  variant: z.string().describe('which definition (kpi-reference.md) this figure uses'),
});
const timed = figure.extend({
  p50_at_most: z
    .number()
    .nullable()
    .describe('upper bound (seconds) of the histogram bucket holding the median'),
  p50_over: z
    .number()
    .nullable()
    .describe(
      'set instead of p50_at_most when the median lies in the open top bucket: over this many seconds',
    ),
  p90_at_most: z.number().nullable(),
  p90_over: z.number().nullable().describe('as p50_over, for the 90th percentile'),
});

export const kpiRow = z.object({
  key: z.string().nullable().describe('the group value (an id for vendor/site/team/agent); null: none set'),
  label: z.string().nullable(),
  kpis: z.object({
    contacts: z.number(),
    first_response_time: timed,
    resolution_time_first_solve: figure,
    resolution_time_last_solve: timed,
    aht: figure,
    asa: figure,
    abandonment: figure,
    abandonment_short_excluded: figure,
    fcr: figure,
    reopen_rate: figure,
    escalation_rate: figure,
    transfer_rate: figure,
    csat: figure,
    nps: figure,
    ces: figure,
    survey_response_rate: figure,
    contacts_per_1000_orders: figure.nullable(),
  }),
  sla_attainment: figure
    .nullable()
    .describe('SLA timers met / SLA timers decided (achieved or breached) in the period, for this group'),
});

export const kpiReport = z.object({
  from: z.string(),
  to: z.string(),
  group_by: z.enum(GROUP_BY),
  tz: z.string(),
  orders: z.number().nullable().describe('orders reported for the period (POST /analytics/order-counts)'),
  notes: z.array(z.string()),
  rows: z.array(kpiRow),
  total: kpiRow.shape.kpis,
  total_sla_attainment: figure.describe('SLA attainment over every group'),
});

export const orderCounts = z.object({
  counts: z
    .array(
      z.object({
        hour: z
          .string()
          .datetime({ offset: true })
          .refine((s) => Date.parse(s) % 3_600_000 === 0, 'must be the start of an hour'),
        orders: z.number().int().min(0).max(100_000_000),
      }),
    )
    .min(1)
    .max(10_000),
});
export const orderCountsResult = z.object({ stored: z.number() });
export const rebuildResult = z.object({ units: z.number() });
