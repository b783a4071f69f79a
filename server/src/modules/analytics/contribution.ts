import { isDetractor, isPromoter } from './kpis/feedback.js';
import { bucketOf, emptyHistogram } from './kpis/histogram.js';
import { type RepeatCandidate, resolvedFirstContact } from './kpis/quality.js';

/**
 * What one unit (a ticket, a survey) adds to the hourly rollup, as a pure function of its raw
 * facts. The rollup is the sum of every unit's contribution; the consumer replaces a unit's old
 * contribution with its new one whenever an event touches it, and recompute sums them afresh, so
 * both paths run this same code and must agree.
 */

export const DIMENSIONS = [
  'vendor_id',
  'site_id',
  'team_id',
  'agent_id',
  'queue',
  'channel',
  'language',
  'priority',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Dims = Record<Dimension, string | null>;

export const COUNTERS = [
  'tickets_created',
  'first_responses',
  'first_response_ms',
  'solved_first',
  'resolution_first_ms',
  'reopened',
  'resolved_last',
  'resolution_last_ms',
  'fcr_resolved',
  'fcr_met',
  'handled',
  'escalated',
  'transferred',
  'handle_contacts',
  'handle_ms',
  'calls_answered',
  'answer_wait_ms',
  'calls_abandoned',
  'calls_short_abandoned',
  'surveys_sent',
  'surveys_answered',
  'csat_responses',
  'csat_good',
  'nps_responses',
  'nps_promoters',
  'nps_detractors',
  'ces_responses',
  'ces_sum',
  'sla_decided',
  'sla_met',
] as const;
export type Counter = (typeof COUNTERS)[number];
export const HISTOGRAMS = ['first_response_histogram', 'resolution_histogram'] as const;
export type HistogramName = (typeof HISTOGRAMS)[number];

export interface RollupRow {
  hour: string;
  dims: Dims;
  counters: Partial<Record<Counter, number>>;
  histograms: Partial<Record<HistogramName, number[]>>;
}

const HOUR = 3_600_000;
export const hourOf = (ms: number) => new Date(Math.floor(ms / HOUR) * HOUR).toISOString();
const DONE = ['solved', 'closed'];

export interface TicketFacts {
  id: string;
  customerId: string;
  tags: readonly string[];
  status: string;
  createdAt: number;
  firstResponseAt: number | null;
  dims: Dims;
  /** status and assignment history in order */
  changes: readonly { at: number; field: string; before: unknown; after: unknown }[];
  /** the same customer's tickets (for FCR's "contacted again about the same issue") */
  customerTickets: readonly (RepeatCandidate & { id: string })[];
  /** the brand's in-house vendors: a move from an outsourced vendor to one of them is an escalation */
  internalVendors: ReadonlySet<string>;
  /** digital handle time from console activity (ms) and when the activity began */
  activityMs: number;
  firstActivityAt: number | null;
  calls: readonly {
    offeredAt: number | null;
    answeredAt: number | null;
    abandonedAt: number | null;
    waitMs: number | null;
    handleMs: number;
  }[];
  /** the ticket's SLA timers that are decided: met (achieved) or missed (breached), and when */
  slaVerdicts: readonly { met: boolean; decidedAt: number }[];
}

export interface ContributionSettings {
  shortAbandonMs: number;
}

class Rows {
  private readonly byHour = new Map<string, RollupRow>();
  constructor(private readonly dims: Dims) {}
  add(
    at: number,
    counters: Partial<Record<Counter, number>>,
    histograms: Partial<Record<HistogramName, number>> = {},
  ) {
    const hour = hourOf(at);
    let row = this.byHour.get(hour);
    if (!row) {
      row = { hour, dims: this.dims, counters: {}, histograms: {} };
      this.byHour.set(hour, row);
    }
    for (const [k, v] of Object.entries(counters) as [Counter, number][]) {
      row.counters[k] = (row.counters[k] ?? 0) + v;
    }
    for (const [k, ms] of Object.entries(histograms) as [HistogramName, number][]) {
      const h = row.histograms[k] ?? emptyHistogram();
      h[bucketOf(ms / 1000)]! += 1;
      row.histograms[k] = h;
    }
  }
  list(): RollupRow[] {
    return [...this.byHour.values()].sort((a, b) => a.hour.localeCompare(b.hour));
  }
}

const changed = (c: { before: unknown; after: unknown }) =>
  c.before !== null && c.before !== undefined && c.after !== c.before;

export function ticketContribution(t: TicketFacts, settings: ContributionSettings): RollupRow[] {
  const rows = new Rows(t.dims);
  rows.add(t.createdAt, { tickets_created: 1 });
  if (t.firstResponseAt !== null) {
    const ms = Math.max(0, t.firstResponseAt - t.createdAt);
    rows.add(
      t.firstResponseAt,
      { first_responses: 1, first_response_ms: ms },
      { first_response_histogram: ms },
    );
  }

  const statusChanges = t.changes.filter((c) => c.field === 'status');
  const solves = statusChanges
    .filter((c) => DONE.includes(String(c.after)) && !DONE.includes(String(c.before)))
    .map((c) => c.at);
  const reopens = statusChanges
    .filter((c) => DONE.includes(String(c.before)) && !DONE.includes(String(c.after)))
    .map((c) => c.at);
  const firstSolve = solves[0];
  if (firstSolve !== undefined) {
    const reopened = reopens.some((r) => r >= firstSolve);
    const fcr = resolvedFirstContact({
      ticket: { id: t.id, customerId: t.customerId, tags: t.tags },
      firstSolvedAt: firstSolve,
      reopenedAt: reopens,
      laterTickets: t.customerTickets,
    });
    rows.add(firstSolve, {
      solved_first: 1,
      resolution_first_ms: Math.max(0, firstSolve - t.createdAt),
      reopened: reopened ? 1 : 0,
      fcr_resolved: 1,
      fcr_met: fcr ? 1 : 0,
    });
  }
  const lastSolve = solves.at(-1);
  if (DONE.includes(t.status) && lastSolve !== undefined) {
    const ms = Math.max(0, lastSolve - t.createdAt);
    rows.add(lastSolve, { resolved_last: 1, resolution_last_ms: ms }, { resolution_histogram: ms });
  }

  const answeredAt = t.calls.map((c) => c.answeredAt).filter((a): a is number => a !== null);
  const handledAt = [t.firstResponseAt, ...answeredAt].filter((a): a is number => a !== null);
  if (handledAt.length) {
    const at = Math.min(...handledAt);
    const assignment = t.changes.filter((c) => ['vendor_id', 'site_id', 'queue'].includes(c.field));
    // Escalated: moved from an outsourced vendor to the brand (no vendor, or its in-house team).
    const escalated = assignment.some(
      (c) =>
        c.field === 'vendor_id' &&
        typeof c.before === 'string' &&
        !t.internalVendors.has(c.before) &&
        (c.after === null || t.internalVendors.has(String(c.after))),
    );
    const transferred = assignment.some((c) => changed(c) && c.after !== null);
    rows.add(at, { handled: 1, escalated: escalated ? 1 : 0, transferred: transferred ? 1 : 0 });
  }

  // Voice handle time comes from the call record alone; console activity on a phone ticket would
  // count the same minutes twice.
  const isPhone = t.dims.channel === 'phone';
  const handleMs = Math.round(isPhone ? t.calls.reduce((s, c) => s + c.handleMs, 0) : t.activityMs);
  const handleAt = isPhone ? (answeredAt.length ? Math.min(...answeredAt) : null) : t.firstActivityAt;
  if (handleMs > 0 && handleAt !== null) rows.add(handleAt, { handle_contacts: 1, handle_ms: handleMs });

  for (const c of t.calls) {
    const at = c.offeredAt ?? c.answeredAt ?? c.abandonedAt;
    if (at === null) continue;
    if (c.answeredAt !== null) {
      const wait = Math.round(c.waitMs ?? (c.offeredAt !== null ? c.answeredAt - c.offeredAt : 0));
      rows.add(at, { calls_answered: 1, answer_wait_ms: Math.max(0, wait) });
    } else if (c.abandonedAt !== null) {
      const wait =
        c.waitMs ?? (c.offeredAt !== null ? c.abandonedAt - c.offeredAt : Number.POSITIVE_INFINITY);
      rows.add(at, { calls_abandoned: 1, calls_short_abandoned: wait < settings.shortAbandonMs ? 1 : 0 });
    }
  }

  // SLA attainment: each decided timer in the hour it was decided (sla/attainment.ts is the same
  // definition read straight from the timers; the report property test holds the two equal).
  for (const v of t.slaVerdicts) rows.add(v.decidedAt, { sla_decided: 1, sla_met: v.met ? 1 : 0 });
  return rows.list();
}

export interface SurveyFacts {
  kind: 'csat' | 'nps' | 'ces';
  dims: Dims;
  sentAt: number | null;
  answeredAt: number | null;
  /** the newest version of the answer */
  score: number | null;
}

/**
 * Sent and answered count in the hour the survey was sent (response rate per sending period); the
 * score counts in the hour of the first answer, with the newest version's value.
 */
export function surveyContribution(s: SurveyFacts): RollupRow[] {
  const rows = new Rows(s.dims);
  const answered = s.answeredAt !== null && s.score !== null;
  if (s.sentAt !== null) rows.add(s.sentAt, { surveys_sent: 1, surveys_answered: answered ? 1 : 0 });
  if (answered) {
    const score = s.score!;
    if (s.kind === 'csat') rows.add(s.answeredAt!, { csat_responses: 1, csat_good: score >= 4 ? 1 : 0 });
    if (s.kind === 'nps') {
      rows.add(s.answeredAt!, {
        nps_responses: 1,
        nps_promoters: isPromoter(score) ? 1 : 0,
        nps_detractors: isDetractor(score) ? 1 : 0,
      });
    }
    if (s.kind === 'ces') rows.add(s.answeredAt!, { ces_responses: 1, ces_sum: score });
  }
  return rows.list();
}

export const rowKey = (r: Pick<RollupRow, 'hour' | 'dims'>) =>
  JSON.stringify([r.hour, ...DIMENSIONS.map((d) => r.dims[d])]);

/** Adds rows into a keyed sum (sign −1 subtracts): the one arithmetic of the rollup. */
export function accumulate(into: Map<string, RollupRow>, rows: readonly RollupRow[], sign: 1 | -1 = 1) {
  for (const r of rows) {
    const key = rowKey(r);
    let acc = into.get(key);
    if (!acc) {
      acc = { hour: r.hour, dims: r.dims, counters: {}, histograms: {} };
      into.set(key, acc);
    }
    for (const [k, v] of Object.entries(r.counters) as [Counter, number][]) {
      acc.counters[k] = (acc.counters[k] ?? 0) + sign * v;
    }
    for (const [k, h] of Object.entries(r.histograms) as [HistogramName, number[]][]) {
      const cur = acc.histograms[k] ?? emptyHistogram();
      acc.histograms[k] = cur.map((n, i) => n + sign * (h[i] ?? 0));
    }
  }
  return into;
}

export function isZero(r: RollupRow): boolean {
  return (
    Object.values(r.counters).every((v) => v === 0) &&
    Object.values(r.histograms).every((h) => h.every((v) => v === 0))
  );
}
