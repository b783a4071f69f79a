import { z } from 'zod';
import { csvFormat } from '../../platform/http/csv-format.js';
import { iqsFigure } from '../qa/index.js';
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

const id = (what: string) =>
  z.string().uuid().optional().describe(`only contacts handled by this ${what} (drill-down)`);
/** Narrow a report to one vendor, site, team or agent: the drill-down vendor → site → team → agent. */
export const kpiFilters = {
  vendor_id: id('vendor'),
  site_id: id('site'),
  team_id: id('team'),
  agent_id: id('agent'),
};
export const FILTERS = ['vendor_id', 'site_id', 'team_id', 'agent_id'] as const;
export type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

const period = {
  from: instant.describe('Start (inclusive). A date or a date-time without offset is read in `tz`.'),
  to: instant.describe('End (exclusive). A date or a date-time without offset is read in `tz`.'),
  tz: z
    .string()
    .max(64)
    .refine(isZone, 'an IANA time zone such as Europe/Copenhagen')
    .default('UTC')
    .describe(
      'Time zone for dates in from/to. The rollup is hourly, so zones with a half-hour offset round to the hour.',
    ),
};

export const kpiQuery = z.object({
  ...period,
  group_by: z.enum(GROUP_BY).default('vendor'),
  ...kpiFilters,
  format: csvFormat,
});

export const TREND_INTERVALS = ['day', 'week'] as const;
export const trendQuery = z.object({
  ...period,
  interval: z
    .enum(TREND_INTERVALS)
    .default('day')
    .describe(
      'day: local calendar days in `tz`; week: weeks from Monday in `tz` (the first and last may be cut by from/to)',
    ),
  ...kpiFilters,
  format: csvFormat,
});

/** The figures a drill-down can list the tickets of (each a key of a report row's kpis, or sla_attainment). */
export const DRILL_METRICS = [
  'contacts',
  'first_response_time',
  'resolution_time_first_solve',
  'resolution_time_last_solve',
  'aht',
  'asa',
  'abandonment',
  'fcr',
  'reopen_rate',
  'escalation_rate',
  'transfer_rate',
  'csat',
  'nps',
  'ces',
] as const;
export type DrillMetric = (typeof DRILL_METRICS)[number];

export const ticketsBehindQuery = z.object({
  ...period,
  metric: z.enum(DRILL_METRICS).describe('the figure whose tickets to list'),
  ...kpiFilters,
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  format: csvFormat,
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
  iqs: iqsFigure
    .nullable()
    .describe(
      'QA: mean current score of the reviews submitted in the period; null for queue, channel, language and priority groupings',
    ),
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
  total_iqs: iqsFigure.nullable().describe('IQS over every group; null when the grouping has none'),
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

export const trendReport = z.object({
  from: z.string(),
  to: z.string(),
  tz: z.string(),
  interval: z.enum(TREND_INTERVALS),
  buckets: z.array(
    z.object({
      start: z.string().describe('the bucket’s first local day (YYYY-MM-DD in tz)'),
      from: z.string().describe('start instant (UTC), inclusive'),
      to: z.string().describe('end instant (UTC), exclusive'),
      kpis: kpiRow.shape.kpis,
      sla_attainment: figure,
    }),
  ),
});

export const ticketsBehind = z.object({
  metric: z.enum(DRILL_METRICS),
  variant: z.string(),
  total: z.number().describe('how many tickets count in this figure for the period and filters (all pages)'),
  numerator: z.number().describe('the figure’s numerator summed over all pages (equals the report’s)'),
  denominator: z.number().describe('the figure’s denominator summed over all pages (equals the report’s)'),
  tickets: z.array(
    z.object({
      unit: z.string().describe('what counted: ticket:<id>, or survey:<id> for survey figures'),
      ticket_id: z.string(),
      number: z.number().nullable(),
      subject: z.string().nullable(),
      status: z.string().nullable(),
      vendor_id: z.string().nullable(),
      agent_id: z.string().nullable(),
      agent_name: z.string().nullable(),
      numerator: z.number().describe('what this ticket adds to the numerator (seconds for durations)'),
      denominator: z.number().describe('what this ticket adds to the denominator'),
    }),
  ),
});

export const backlogQuery = z.object({
  group_by: z.enum(['vendor', 'site', 'team', 'agent', 'queue']).default('vendor'),
  ...kpiFilters,
  format: csvFormat,
});
export const backlogReport = z.object({
  at: z.string().describe('the moment the backlog was counted'),
  variant: z.string(),
  rows: z.array(
    z.object({
      key: z.string().nullable(),
      label: z.string().nullable(),
      open: z.number().describe('tickets not solved or closed'),
      ages: z
        .array(z.object({ label: z.string(), count: z.number() }))
        .describe('open tickets by age since creation: <1h, 1-4h, 4-24h, 1-3d, 3-7d, >7d'),
      oldest_seconds: z.number().nullable(),
    }),
  ),
});
