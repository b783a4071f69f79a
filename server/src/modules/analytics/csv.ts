import type { z } from 'zod';
import type { CsvTable } from '../../platform/http/csv.js';
import { BACKLOG_AGE_BUCKETS } from './kpis/index.js';
import { FIGURES, type Kpis } from './report.js';
import type { backlogReport, ticketsBehind, trendReport } from './schemas.js';

/**
 * The cockpit's analytics tables as CSV: each built from the JSON answer itself, so a download
 * carries the same numbers and the same vendor scoping as the screen.
 */

type Figure = { value: number | null; numerator: number; denominator: number; variant?: string } | null;

/** `contacts`, then value, numerator and denominator of every figure; the variant in the header. */
function figureHeader(first: Kpis | undefined) {
  const header = ['contacts'];
  for (const f of FIGURES) {
    const variant = first?.[f]?.variant ?? '';
    header.push(`${f} [${variant}]`, `${f}_numerator`, `${f}_denominator`);
  }
  return header;
}
function figureCells(kpis: Kpis) {
  const cells: unknown[] = [kpis.contacts];
  for (const f of FIGURES) {
    const fig = kpis[f] as Figure;
    cells.push(fig?.value ?? null, fig?.numerator ?? null, fig?.denominator ?? null);
  }
  return cells;
}

/** One line per group: the value, numerator and denominator of every figure; variants in the header. */
export function kpiTable(
  groupBy: string,
  rows: readonly {
    key: string | null;
    label: string | null;
    kpis: Kpis;
    sla_attainment?: { value: number | null } | null;
    iqs?: { value: number | null; numerator: number; denominator: number } | null;
  }[],
): CsvTable {
  // IQS columns only for the groupings that have it (agent, team, site, vendor).
  const withIqs = rows.some((r) => r.iqs);
  const header = [
    groupBy,
    `${groupBy}_name`,
    ...figureHeader(rows[0]?.kpis),
    'sla_attainment',
    ...(withIqs ? ['iqs', 'iqs_numerator', 'iqs_denominator'] : []),
  ];
  return {
    filename: `kpis-${groupBy}`,
    header,
    rows: rows.map((r) => [
      r.key,
      r.label,
      ...figureCells(r.kpis),
      r.sla_attainment?.value ?? null,
      ...(withIqs ? [r.iqs?.value ?? null, r.iqs?.numerator ?? 0, r.iqs?.denominator ?? 0] : []),
    ]),
  };
}

/** One line per local day or week: its bounds, every figure and the SLA attainment with its parts. */
export function trendTable(report: z.output<typeof trendReport>): CsvTable {
  const header = [
    'start',
    'from',
    'to',
    ...figureHeader(report.buckets[0]?.kpis as Kpis | undefined),
    'sla_attainment',
    'sla_attainment_numerator',
    'sla_attainment_denominator',
  ];
  return {
    filename: `kpi-trend-${report.interval}`,
    header,
    rows: report.buckets.map((b) => [
      b.start,
      b.from,
      b.to,
      ...figureCells(b.kpis as Kpis),
      b.sla_attainment.value,
      b.sla_attainment.numerator,
      b.sla_attainment.denominator,
    ]),
  };
}

/** The listed tickets, each with its part of the figure; the figure's totals are in the JSON answer. */
export function ticketsTable(page: z.output<typeof ticketsBehind>): CsvTable {
  return {
    filename: `kpi-tickets-${page.metric}`,
    header: [
      'unit',
      'ticket_id',
      'number',
      'subject',
      'status',
      'vendor_id',
      'agent_id',
      'agent_name',
      'numerator',
      'denominator',
      'variant',
    ],
    rows: page.tickets.map((t) => [
      t.unit,
      t.ticket_id,
      t.number,
      t.subject,
      t.status,
      t.vendor_id,
      t.agent_id,
      t.agent_name,
      t.numerator,
      t.denominator,
      page.variant,
    ]),
  };
}

/** One line per group: open tickets, one column per age bucket, the oldest in seconds. */
export function backlogTable(groupBy: string, report: z.output<typeof backlogReport>): CsvTable {
  const labels = BACKLOG_AGE_BUCKETS.map((b) => b.label);
  return {
    filename: `backlog-${groupBy}`,
    header: [groupBy, `${groupBy}_name`, 'open', ...labels, 'oldest_seconds'],
    rows: report.rows.map((r) => [
      r.key,
      r.label,
      r.open,
      ...labels.map((l) => r.ages.find((a) => a.label === l)?.count ?? 0),
      r.oldest_seconds,
    ]),
  };
}
