import type { TicketStatus } from '../../platform/db/schema.js';
import { addBusinessMillisAt, businessMillisBetween, type CalendarSpec } from '../calendars/index.js';

/**
 * The SLA clock as a pure function: a ticket's history (status changes, target changes, customer
 * messages, public agent replies) + the policy targets + now → one timer per metric. Nothing here
 * reads the database or the wall clock, so the same history always gives the same timers — the
 * stored timers, the breach scanner, the API and the reports all agree because they all call this.
 * Semantics follow docs (kpi-reference "SLA metrics").
 */

import { SLA_METRICS, type SlaMetric, type TimerStateName } from './metrics.js';

export { SLA_METRICS, type SlaMetric, TIMER_STATES, type TimerStateName } from './metrics.js';

export interface Target {
  minutes: number;
  /** Business time (the ticket's calendar) or calendar time (24/7). */
  business: boolean;
}
export type Targets = Partial<Record<SlaMetric, Target>>;

export type HistoryEvent =
  | { at: number; kind: 'created'; status: TicketStatus; targets: Targets }
  | { at: number; kind: 'status'; status: TicketStatus }
  /** The policy or priority changed: new targets from here on; the past keeps its verdicts. */
  | { at: number; kind: 'targets'; targets: Targets }
  | { at: number; kind: 'customer_message' }
  | { at: number; kind: 'agent_reply' };

export interface Timer {
  metric: SlaMetric;
  /** Which occurrence (next reply and updates restart; the others have one, cycle 1). */
  cycle: number;
  state: TimerStateName;
  target_minutes: number;
  business: boolean;
  started_at: number;
  /** Elapsed time counted so far (business ms for a business target). */
  elapsed_ms: number;
  /** When it comes (or came) due; null while paused or once stopped. */
  due_at: number | null;
  /** When the warning share of the target is (or was) reached; null while paused before it. */
  warn_at: number | null;
  breached_at: number | null;
  stopped_at: number | null;
  /** Target minus elapsed (negative when overdue); null once stopped. */
  remaining_ms: number | null;
  /** Whether the clock is counting now (active, or breached and still open). */
  running: boolean;
  /** Earlier cycles of this metric that breached. */
  breached_cycles: number;
}

const MINUTE = 60_000;
const DONE: readonly TicketStatus[] = ['solved', 'closed'];

/** Which statuses each status-driven metric counts in. */
const COUNTS_IN: Partial<Record<SlaMetric, readonly TicketStatus[]>> = {
  requester_wait: ['new', 'open', 'on_hold'],
  agent_work: ['new', 'open'],
  full_resolution: ['new', 'open', 'pending', 'on_hold'],
  periodic_update: ['new', 'open', 'pending', 'on_hold'],
  pausable_update: ['new', 'open', 'on_hold'],
  first_reply: ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'],
  next_reply: ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'],
};

interface Clock {
  metric: SlaMetric;
  cycle: number;
  open: boolean;
  started_at: number;
  elapsed: number;
  breached_at: number | null;
  warned_at: number | null;
  stopped_at: number | null;
  verdict: 'achieved' | 'breached' | null;
  breached_cycles: number;
  target: Target | null;
}

export interface EvaluateOptions {
  calendar: CalendarSpec | null;
  now: number;
  /** Share of the target at which to warn, 0–1 (e.g. 0.75); 0 for no warning. */
  warnShare: number;
}

export function evaluateTimers(history: readonly HistoryEvent[], options: EvaluateOptions): Timer[] {
  const { calendar, now } = options;
  const measure = (target: Target | null, from: number, to: number) =>
    target?.business && calendar ? businessMillisBetween(calendar, from, to) : Math.max(0, to - from);
  // null: never (a business target on a calendar with no open hours never comes due).
  const addTime = (target: Target | null, from: number, amount: number): number | null => {
    const at =
      target?.business && calendar ? addBusinessMillisAt(calendar, from, amount) : from + Math.max(0, amount);
    return Number.isFinite(at) ? at : null;
  };

  const clocks = new Map<SlaMetric, Clock>();
  let status: TicketStatus | null = null;
  let targets: Targets = {};
  let repliedOnce = false;
  let at = Number.NEGATIVE_INFINITY;

  const counting = (c: Clock) => c.open && status !== null && (COUNTS_IN[c.metric] ?? []).includes(status);

  /** Runs every counting clock forward to `to`, stamping a breach at the instant the target is passed. */
  const advance = (to: number) => {
    if (to <= at) return;
    for (const c of clocks.values()) {
      if (!counting(c)) continue;
      const delta = measure(c.target, at, to);
      if (c.target) {
        const limit = c.target.minutes * MINUTE;
        const warnLimit = limit * options.warnShare;
        if (warnLimit > 0 && c.warned_at === null && c.elapsed + delta >= warnLimit)
          c.warned_at = addTime(c.target, at, warnLimit - c.elapsed);
        if (c.breached_at === null && c.elapsed + delta > limit)
          c.breached_at = addTime(c.target, at, limit - c.elapsed);
      }
      c.elapsed += delta;
    }
    at = to;
  };

  const start = (metric: SlaMetric, t: number) => {
    const previous = clocks.get(metric);
    clocks.set(metric, {
      metric,
      cycle: (previous?.cycle ?? 0) + 1,
      open: true,
      started_at: t,
      elapsed: 0,
      breached_at: null,
      warned_at: null,
      stopped_at: null,
      verdict: null,
      breached_cycles: (previous?.breached_cycles ?? 0) + (previous?.verdict === 'breached' ? 1 : 0),
      target: targets[metric] ?? null,
    });
  };
  const stop = (metric: SlaMetric, t: number) => {
    const c = clocks.get(metric);
    if (!c?.open) return;
    c.open = false;
    c.stopped_at = t;
    c.verdict = c.breached_at !== null ? 'breached' : 'achieved';
  };
  /** A reopen resumes a stopped status-driven clock: the same cycle, its elapsed time kept. */
  const resume = (metric: SlaMetric) => {
    const c = clocks.get(metric);
    if (!c || c.open) return;
    c.open = true;
    c.stopped_at = null;
    c.verdict = null;
  };

  for (const event of history) {
    advance(event.at);
    at = Math.max(at, event.at);
    switch (event.kind) {
      case 'created':
        status = event.status;
        targets = event.targets;
        start('first_reply', event.at);
        start('requester_wait', event.at);
        start('agent_work', event.at);
        start('full_resolution', event.at);
        break;
      case 'targets': {
        targets = event.targets;
        for (const c of clocks.values()) {
          if (!c.open) continue;
          c.target = targets[c.metric] ?? null;
          // A stricter target already passed breaches now, never backdated before the change.
          if (!c.target) continue;
          const limit = c.target.minutes * MINUTE;
          if (options.warnShare > 0 && c.warned_at === null && c.elapsed >= limit * options.warnShare)
            c.warned_at = event.at;
          if (c.breached_at === null && c.elapsed > limit) c.breached_at = event.at;
        }
        break;
      }
      case 'status': {
        const before = status;
        status = event.status;
        const solvedNow = DONE.includes(event.status);
        if (solvedNow && before !== null && !DONE.includes(before)) {
          // Solving fulfils what waits on the agent and ends the resolution-type clocks.
          for (const m of [
            'first_reply',
            'next_reply',
            'requester_wait',
            'agent_work',
            'full_resolution',
          ] as const)
            stop(m, event.at);
        }
        if (event.status === 'closed') {
          stop('periodic_update', event.at);
          stop('pausable_update', event.at);
        }
        if (!solvedNow && before !== null && DONE.includes(before)) {
          for (const m of ['requester_wait', 'agent_work', 'full_resolution'] as const) resume(m);
        }
        break;
      }
      case 'customer_message': {
        const next = clocks.get('next_reply');
        // The first message is first reply's; afterwards the oldest unanswered message opens a cycle.
        if (repliedOnce && !next?.open) start('next_reply', event.at);
        break;
      }
      case 'agent_reply':
        repliedOnce = true;
        stop('first_reply', event.at);
        stop('next_reply', event.at);
        stop('periodic_update', event.at);
        stop('pausable_update', event.at);
        if (status !== 'closed') {
          start('periodic_update', event.at);
          start('pausable_update', event.at);
        }
        break;
    }
  }
  advance(now);

  const timers: Timer[] = [];
  for (const metric of SLA_METRICS) {
    const c = clocks.get(metric);
    if (!c?.target) continue;
    const limit = c.target.minutes * MINUTE;
    const running = counting(c);
    const remaining = limit - c.elapsed;
    let state: TimerStateName;
    if (c.verdict) state = c.verdict;
    else if (c.breached_at !== null) state = 'breached';
    else state = running ? 'active' : 'paused';
    const dueAt = !c.open ? null : (c.breached_at ?? (running ? addTime(c.target, now, remaining) : null));
    const warnAt =
      c.warned_at ??
      (options.warnShare > 0 && running && c.open
        ? addTime(c.target, now, limit * options.warnShare - c.elapsed)
        : null);
    timers.push({
      metric,
      cycle: c.cycle,
      state,
      target_minutes: c.target.minutes,
      business: c.target.business && calendar !== null,
      started_at: c.started_at,
      elapsed_ms: c.elapsed,
      due_at: dueAt,
      warn_at: warnAt,
      breached_at: c.breached_at,
      stopped_at: c.stopped_at,
      remaining_ms: c.open ? remaining : null,
      running: running && c.open,
      breached_cycles: c.breached_cycles,
    });
  }
  return timers;
}

/** The earliest due time among running timers: tickets.sla_due_at, which queues and inboxes sort by. */
export function nextDueAt(timers: readonly Timer[]): number | null {
  let next: number | null = null;
  for (const t of timers)
    if (t.running && t.due_at !== null && (next === null || t.due_at < next)) next = t.due_at;
  return next;
}
