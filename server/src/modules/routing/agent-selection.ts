import type { AgentFacts } from './eligibility.js';

/**
 * Orders eligible agents for push assignment: least busy (fewest open contacts) first, then the
 * longest idle (oldest last assignment, never-assigned first), then id so the order is total.
 */
export function compareAgents(a: AgentFacts, b: AgentFacts): number {
  const la = Object.values(a.load).reduce((s, n) => s + n, 0);
  const lb = Object.values(b.load).reduce((s, n) => s + n, 0);
  if (la !== lb) return la - lb;
  const ia = a.lastAssignedAt ?? Number.NEGATIVE_INFINITY;
  const ib = b.lastAssignedAt ?? Number.NEGATIVE_INFINITY;
  if (ia !== ib) return ia < ib ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The agent to push the contact to: the sticky agent when eligible, else the best by compareAgents. */
export function pickAgent(
  eligible: readonly AgentFacts[],
  stickyAgentId: string | null = null,
): AgentFacts | null {
  if (stickyAgentId) {
    const sticky = eligible.find((a) => a.id === stickyAgentId);
    if (sticky) return sticky;
  }
  let best: AgentFacts | null = null;
  for (const a of eligible) if (!best || compareAgents(a, best) < 0) best = a;
  return best;
}
