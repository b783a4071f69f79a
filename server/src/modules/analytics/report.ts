import type { Counter, HistogramName } from './contribution.js';
import {
  abandonmentRate,
  averageHandleTime,
  averageSpeedOfAnswer,
  ces,
  contactsPerThousandOrders,
  csatFromCounts,
  escalationRate,
  type Figure,
  firstContactResolution,
  firstResponseTime,
  npsFromCounts,
  percentileBucket,
  reopenRate,
  resolutionTime,
  responseRate,
  transferRate,
} from './kpis/index.js';

/** Summed rollup counters for one report group (durations in ms). */
export type Totals = Record<Counter, number> & Record<HistogramName, number[]>;

const seconds = (f: Figure): Figure => ({
  ...f,
  value: f.value === null ? null : f.value / 1000,
  numerator: f.numerator / 1000,
});

/** Median and 90th percentile to the bucket; a value in the open top bucket reads "over N" (never Infinity). */
function percentiles(histogram: readonly number[]) {
  const p50 = percentileBucket(histogram, 0.5);
  const p90 = percentileBucket(histogram, 0.9);
  return {
    p50_at_most: p50?.atMost ?? null,
    p50_over: p50?.over ?? null,
    p90_at_most: p90?.atMost ?? null,
    p90_over: p90?.over ?? null,
  };
}

/** Every KPI of one group, each labelled with its definition variant (kpi-reference.md). */
export function kpisOf(t: Totals, options: { orders: number | null; cesLowerIsBetter: boolean }) {
  const resolution = resolutionTime({
    resolvedFirst: t.solved_first,
    resolutionFirstSeconds: t.resolution_first_ms,
    resolvedLast: t.resolved_last,
    resolutionLastSeconds: t.resolution_last_ms,
  });
  const calls = {
    answered: t.calls_answered,
    abandoned: t.calls_abandoned,
    shortAbandoned: t.calls_short_abandoned,
  };
  return {
    contacts: t.tickets_created,
    first_response_time: {
      ...seconds(
        firstResponseTime({ firstResponses: t.first_responses, firstResponseSeconds: t.first_response_ms }),
      ),
      ...percentiles(t.first_response_histogram),
    },
    resolution_time_first_solve: seconds(resolution.firstSolve),
    resolution_time_last_solve: {
      ...seconds(resolution.lastSolve),
      ...percentiles(t.resolution_histogram),
    },
    aht: seconds(averageHandleTime({ handledContacts: t.handle_contacts, handleSeconds: t.handle_ms })),
    asa: seconds(averageSpeedOfAnswer({ answered: t.calls_answered, answerWaitSeconds: t.answer_wait_ms })),
    abandonment: abandonmentRate(calls, false),
    abandonment_short_excluded: abandonmentRate(calls, true),
    fcr: firstContactResolution(t.fcr_resolved, t.fcr_met),
    reopen_rate: reopenRate(t.solved_first, t.reopened),
    escalation_rate: escalationRate(t.handled, t.escalated),
    transfer_rate: transferRate(t.handled, t.transferred),
    csat: csatFromCounts(t.csat_responses, t.csat_good),
    nps: npsFromCounts(t.nps_responses, t.nps_promoters, t.nps_detractors),
    ces: ces(t.ces_responses, t.ces_sum, options.cesLowerIsBetter),
    survey_response_rate: responseRate(t.surveys_sent, t.surveys_answered),
    contacts_per_1000_orders:
      options.orders === null ? null : contactsPerThousandOrders(t.tickets_created, options.orders),
  };
}
export type Kpis = ReturnType<typeof kpisOf>;

/** The figures of a report row, in the order its CSV lists them. */
export const FIGURES = [
  'first_response_time',
  'resolution_time_first_solve',
  'resolution_time_last_solve',
  'aht',
  'asa',
  'abandonment',
  'abandonment_short_excluded',
  'fcr',
  'reopen_rate',
  'escalation_rate',
  'transfer_rate',
  'csat',
  'nps',
  'ces',
  'survey_response_rate',
  'contacts_per_1000_orders',
] as const;
