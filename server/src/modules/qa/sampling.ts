import { createHash } from 'node:crypto';

/**
 * Which conversations a sampling rule picks for review in a week. Pure: the service reads the
 * week's solved tickets with their signals and what was picked before; this decides.
 *
 * - A random rule (no targets) picks `per_agent` of each agent's tickets at random.
 * - A targeted rule picks only tickets showing at least one of its signals (low CSAT, long handle
 *   time, reopened, escalated, an SLA missed, a tag, an open automated check finding), those
 *   showing the most signals first.
 * - Never a conversation picked before (by any rule) or already reviewed: `excluded`.
 * - "At random" is a hash of the seed (rule and week) and the ticket id, so a re-run of the same
 *   week picks the same tickets, and nothing depends on the order rows arrive in.
 */

export const SAMPLING_SIGNALS = [
  'low_csat',
  'long_aht',
  'reopened',
  'escalated',
  'sla_missed',
  'tag',
  'check_finding',
] as const;
export type SamplingSignal = (typeof SAMPLING_SIGNALS)[number];

export interface SamplingTargets {
  /** A CSAT answer of 1–3 (of 5) on the ticket. */
  low_csat?: boolean | undefined;
  /** Handle time per handled contact above this many seconds. */
  long_aht_seconds?: number | null | undefined;
  reopened?: boolean | undefined;
  /** Moved from an outsourced vendor to the in-house team. */
  escalated?: boolean | undefined;
  /** At least one SLA timer breached. */
  sla_missed?: boolean | undefined;
  /** The ticket carries this tag. */
  tag?: string | null | undefined;
  /** An open automated check finding on the agent's replies; `checks`: only these kinds (empty: any). */
  check_findings?: { checks?: readonly string[] | undefined } | null | undefined;
}

export interface Candidate {
  ticket_id: string;
  agent_id: string;
  vendor_id: string | null;
  csat_low: boolean;
  /** Handle seconds per handled contact; null when nothing was measured. */
  handle_seconds: number | null;
  reopened: boolean;
  escalated: boolean;
  sla_missed: boolean;
  tags: readonly string[];
  /** Open (non-dismissed) automated check findings on the ticket, by whose reply they are. */
  findings?: readonly { check: string; agent_id: string | null }[] | undefined;
}

export interface Pick {
  ticket_id: string;
  agent_id: string;
  vendor_id: string | null;
  /** The signals that made a targeted rule pick it; empty for a random pick. */
  reasons: SamplingSignal[];
}

export const isTargeted = (t: SamplingTargets) =>
  Boolean(
    t.low_csat ||
      t.reopened ||
      t.escalated ||
      t.sla_missed ||
      (t.long_aht_seconds ?? null) !== null ||
      (t.tag ?? null) !== null ||
      (t.check_findings ?? null) !== null,
  );

/** The rule's signals this ticket shows. */
export function signalsOf(c: Candidate, t: SamplingTargets): SamplingSignal[] {
  const found: SamplingSignal[] = [];
  if (t.low_csat && c.csat_low) found.push('low_csat');
  if (t.long_aht_seconds != null && c.handle_seconds !== null && c.handle_seconds > t.long_aht_seconds)
    found.push('long_aht');
  if (t.reopened && c.reopened) found.push('reopened');
  if (t.escalated && c.escalated) found.push('escalated');
  if (t.sla_missed && c.sla_missed) found.push('sla_missed');
  if (t.tag != null && c.tags.includes(t.tag)) found.push('tag');
  if (t.check_findings != null) {
    const kinds = t.check_findings.checks ?? [];
    // Only findings on the picked agent's own replies: the review will be of that agent.
    const hit = (c.findings ?? []).some(
      (f) => f.agent_id === c.agent_id && (kinds.length === 0 || kinds.includes(f.check)),
    );
    if (hit) found.push('check_finding');
  }
  return found;
}

const rank = (seed: string, id: string) => createHash('sha256').update(`${seed}\u0000${id}`).digest('hex');

export function pickSample(
  rule: { per_agent: number; targets: SamplingTargets },
  candidates: readonly Candidate[],
  excluded: ReadonlySet<string>,
  seed: string,
): Pick[] {
  const targeted = isTargeted(rule.targets);
  const byAgent = new Map<string, { c: Candidate; reasons: SamplingSignal[]; rank: string }[]>();
  const seen = new Set<string>();
  for (const c of candidates) {
    if (excluded.has(c.ticket_id) || seen.has(c.ticket_id)) continue;
    seen.add(c.ticket_id);
    const reasons = targeted ? signalsOf(c, rule.targets) : [];
    if (targeted && reasons.length === 0) continue;
    const list = byAgent.get(c.agent_id) ?? [];
    list.push({ c, reasons, rank: rank(seed, c.ticket_id) });
    byAgent.set(c.agent_id, list);
  }
  const picks: Pick[] = [];
  for (const agent of [...byAgent.keys()].sort()) {
    const list = byAgent.get(agent)!;
    list.sort(
      (a, b) => b.reasons.length - a.reasons.length || (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0),
    );
    for (const { c, reasons } of list.slice(0, rule.per_agent))
      picks.push({ ticket_id: c.ticket_id, agent_id: c.agent_id, vendor_id: c.vendor_id, reasons });
  }
  return picks;
}

/**
 * Hands the picks to the rule's reviewers, each to the one with the fewest assignments so far
 * (`load`: open assignments before this run), ties to the earlier reviewer in the rule's list.
 */
export function assignReviewers<T extends Pick>(
  picks: readonly T[],
  reviewerIds: readonly string[],
  load: ReadonlyMap<string, number> = new Map(),
): (T & { reviewer_id: string })[] {
  if (!reviewerIds.length) throw new Error('a sampling rule names at least one reviewer');
  const counts = reviewerIds.map((id) => load.get(id) ?? 0);
  return picks.map((p) => {
    let best = 0;
    for (let i = 1; i < counts.length; i++) if (counts[i]! < counts[best]!) best = i;
    counts[best]! += 1;
    return { ...p, reviewer_id: reviewerIds[best]! };
  });
}

/** Monday (UTC) of the ISO week holding `day`, as YYYY-MM-DD. */
export function weekOf(day: Date): string {
  const d = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** The week's bounds as UTC instants: [Monday 00:00, next Monday 00:00). */
export function weekBounds(week: string) {
  const from = new Date(`${week}T00:00:00.000Z`);
  return { from: from.toISOString(), to: new Date(from.getTime() + 7 * 86_400_000).toISOString() };
}
