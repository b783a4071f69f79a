import { COUNTERS, type Counter, HISTOGRAMS } from './contribution.js';
import { emptyHistogram } from './kpis/histogram.js';
import type { Figure } from './kpis/index.js';
import { kpisOf, type Totals } from './report.js';
import type { DrillMetric } from './schemas.js';

/**
 * The tickets behind a figure. Every figure is a sum of what each unit (ticket, survey) adds to
 * the rollup, so a figure's numerator and denominator are the sums of the same figure computed on
 * each unit alone: the drill-down lists those units and their parts, and the parts add up to the
 * report's figure exactly (report.property.test.ts checks it).
 */

/** The counters a figure's denominator is made of: a unit counts in the figure when it adds to one. */
export const DENOMINATOR: Record<DrillMetric, readonly Counter[]> = {
  contacts: ['tickets_created'],
  first_response_time: ['first_responses'],
  resolution_time_first_solve: ['solved_first'],
  resolution_time_last_solve: ['resolved_last'],
  aht: ['handle_contacts'],
  asa: ['calls_answered'],
  abandonment: ['calls_answered', 'calls_abandoned'],
  fcr: ['fcr_resolved'],
  reopen_rate: ['solved_first'],
  escalation_rate: ['handled'],
  transfer_rate: ['handled'],
  csat: ['csat_responses'],
  nps: ['nps_responses'],
  ces: ['ces_responses'],
};

const CONTACTS_VARIANT = 'contacts.created';

/** One unit's part of a figure, computed by the report's own code on the unit's counters alone. */
export function unitFigure(
  metric: DrillMetric,
  counters: Record<Counter, number>,
  cesLowerIsBetter: boolean,
): Figure {
  const totals = {
    ...Object.fromEntries(COUNTERS.map((c) => [c, counters[c] ?? 0])),
    ...Object.fromEntries(HISTOGRAMS.map((h) => [h, emptyHistogram()])),
  } as Totals;
  const kpis = kpisOf(totals, { orders: null, cesLowerIsBetter });
  if (metric === 'contacts') {
    const n = kpis.contacts;
    return { value: n, numerator: n, denominator: n, variant: CONTACTS_VARIANT };
  }
  return kpis[metric];
}

/** The figure's variant, for the drill-down header (the same as the report's). */
export function variantOf(metric: DrillMetric, cesLowerIsBetter: boolean): string {
  return unitFigure(
    metric,
    Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>,
    cesLowerIsBetter,
  ).variant;
}

/** A unit name ("ticket:<id>", "survey:<id>") split into its kind and id. */
export function parseUnit(unit: string): { kind: 'ticket' | 'survey'; id: string } | null {
  const m = /^(ticket|survey):(.+)$/.exec(unit);
  return m ? { kind: m[1] as 'ticket' | 'survey', id: m[2] as string } : null;
}
