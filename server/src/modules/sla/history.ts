import type { Priority, TicketStatus } from '../../platform/db/schema.js';
import { choosePolicy, type PolicyView, type TicketState, targetsFor } from './policy.js';
import type { HistoryEvent, Targets } from './timers.js';

/**
 * Turns a ticket's raw rows (the ticket, its ticket_events and its public messages) into the clock's
 * history. The ticket's state at creation is rebuilt from the events' "before" values, and the policy
 * is re-chosen after every change of a field it matches on, so a priority change made last week
 * changes the targets from last week on — the same answer today and at the end of the month.
 */

export interface RawTicket extends TicketState {
  id: string;
  created_at: string;
}
export interface RawEvent {
  field: string;
  before: unknown;
  after: unknown;
  created_at: string;
}
export interface RawMessage {
  author_kind: 'customer' | 'agent' | 'system';
  visibility: 'public' | 'internal';
  created_at: string;
}

const TRACKED = ['status', 'priority', 'queue', 'tags', 'vendor_id'] as const;
type Tracked = (typeof TRACKED)[number];

export interface BuiltHistory {
  history: HistoryEvent[];
  /** The policy in force now (its warning share and breach actions apply). */
  policy: PolicyView | null;
}

export function buildHistory(
  ticket: RawTicket,
  events: RawEvent[],
  messages: RawMessage[],
  policies: readonly PolicyView[],
): BuiltHistory {
  const changes = events
    .filter((e) => (TRACKED as readonly string[]).includes(e.field))
    .map((e) => ({ ...e, at: Date.parse(e.created_at) }))
    .sort((a, b) => a.at - b.at);
  const state: TicketState = { ...ticket, tags: [...ticket.tags] };
  // Walk back from the current row: the earliest change of a field holds its value at creation.
  const seen = new Set<Tracked>();
  for (const c of changes) {
    const field = c.field as Tracked;
    if (seen.has(field)) continue;
    seen.add(field);
    (state as unknown as Record<string, unknown>)[field] = c.before;
  }
  if (!state.status) state.status = 'new';
  const createdAt = Date.parse(ticket.created_at);
  let policy = choosePolicy(policies, state);
  let targets = targetsFor(policy, state.priority);
  const history: HistoryEvent[] = [{ at: createdAt, kind: 'created', status: state.status, targets }];

  const timeline: { at: number; order: number; apply: () => void }[] = [];
  for (const [i, c] of changes.entries()) {
    timeline.push({
      at: c.at,
      order: i,
      apply: () => {
        (state as unknown as Record<string, unknown>)[c.field] = c.after;
        if (c.field === 'status') history.push({ at: c.at, kind: 'status', status: c.after as TicketStatus });
        const next = choosePolicy(policies, state);
        const nextTargets = targetsFor(next, state.priority as Priority);
        if (next !== policy || !sameTargets(targets, nextTargets)) {
          policy = next;
          targets = nextTargets;
          history.push({ at: c.at, kind: 'targets', targets });
        }
      },
    });
  }
  messages.forEach((m, i) => {
    if (m.visibility !== 'public' || m.author_kind === 'system') return;
    const at = Date.parse(m.created_at);
    timeline.push({
      at,
      order: changes.length + i,
      apply: () => history.push({ at, kind: m.author_kind === 'agent' ? 'agent_reply' : 'customer_message' }),
    });
  });
  // At the same instant, field changes come before messages, each in its recorded order.
  timeline.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const step of timeline) step.apply();
  return { history, policy };
}

function sameTargets(a: Targets, b: Targets): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
