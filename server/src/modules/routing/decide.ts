import { pickAgent } from './agent-selection.js';
import { allocate, type VendorShare } from './allocation.js';
import {
  type AgentFacts,
  agentExclusion,
  type ContactNeeds,
  type SiteFacts,
  siteExclusion,
} from './eligibility.js';

/** One line of a decision's explanation: something considered and, unless chosen, why not. */
export interface Candidate {
  kind: 'site' | 'vendor' | 'agent';
  id: string;
  vendor_id: string;
  name?: string;
  /** null: eligible (and, for the chosen one, picked) */
  excluded: string | null;
  chosen?: boolean;
}

export interface DecisionInput {
  needs: ContactNeeds;
  at: Date;
  sites: readonly SiteFacts[];
  /** Agents the repository found for the eligible sites (and the sticky agent); re-checked here. */
  agents: readonly AgentFacts[];
  /** The queue's target shares with the allocator's state. */
  shares: readonly VendorShare[];
  /** A vendor (and team) chosen before routing: only its agents, outside the shares. */
  pinnedVendorId: string | null;
  pinnedTeamId: string | null;
  /** The queue's wait passed its threshold: backup vendors and sites may take it too. */
  overflow: { vendorIds: readonly string[]; siteIds: readonly string[] } | null;
  stickyAgentId: string | null;
}

export interface Decision {
  agent: AgentFacts | null;
  siteId: string | null;
  vendorId: string | null;
  /** The allocator chose the vendor: the contact counts toward the queue's shares. */
  counted: boolean;
  /** New allocator deficits to store (empty when the allocator did not run). */
  deficits: Map<string, number>;
  via: 'allocation' | 'pinned' | 'sticky' | 'overflow' | 'unallocated' | null;
  candidates: Candidate[];
  summary: string;
}

/** How many agent lines an explanation keeps (the chosen one and the first exclusions). */
const AGENT_LINES = 25;

/**
 * One routing decision, without I/O: which sites may take the contact, which of their agents are
 * eligible, which vendor the allocator picks among vendors with an eligible agent, and which agent.
 */
export function decide(input: DecisionInput): Decision {
  const { needs, at } = input;
  const candidates: Candidate[] = [];
  const allocated = new Set(input.shares.filter((s) => s.share > 0).map((s) => s.vendorId));
  const overflowVendors = new Set(input.overflow?.vendorIds ?? []);
  const overflowSites = new Set(input.overflow?.siteIds ?? []);
  // With no shares configured the queue may use every vendor.
  const anyVendor = allocated.size === 0;

  const siteOk = new Map<string, SiteFacts>();
  for (const site of input.sites) {
    let excluded: string | null;
    if (input.pinnedVendorId)
      excluded = site.vendorId === input.pinnedVendorId ? null : 'ticket pinned to another vendor';
    else if (
      anyVendor ||
      allocated.has(site.vendorId) ||
      overflowVendors.has(site.vendorId) ||
      overflowSites.has(site.id)
    )
      excluded = null;
    else excluded = 'vendor has no share in this queue';
    excluded ??= siteExclusion(site, needs, at);
    candidates.push({ kind: 'site', id: site.id, vendor_id: site.vendorId, name: site.name, excluded });
    if (!excluded) siteOk.set(site.id, site);
  }

  const eligible: AgentFacts[] = [];
  const agentLines: Candidate[] = [];
  for (const agent of input.agents) {
    let excluded: string | null = null;
    if (!agent.siteId || !siteOk.has(agent.siteId)) excluded = 'site not eligible';
    else if (siteOk.get(agent.siteId)?.vendorId !== agent.vendorId) excluded = 'site of another vendor';
    else if (input.pinnedTeamId && agent.teamId !== input.pinnedTeamId) excluded = 'not in the pinned team';
    excluded ??= agentExclusion(agent, needs);
    agentLines.push({ kind: 'agent', id: agent.id, vendor_id: agent.vendorId, excluded });
    if (!excluded) eligible.push(agent);
  }

  const finish = (d: Omit<Decision, 'candidates'>): Decision => {
    const chosenId = d.agent?.id;
    const lines = agentLines
      .map((l) => (l.id === chosenId ? { ...l, chosen: true } : l))
      .sort((a, b) => Number(b.chosen ?? false) - Number(a.chosen ?? false))
      .slice(0, AGENT_LINES);
    return { ...d, candidates: [...candidates, ...lines] };
  };
  const waiting = (summary: string) =>
    finish({
      agent: null,
      siteId: null,
      vendorId: null,
      counted: false,
      deficits: new Map(),
      via: null,
      summary,
    });

  if (input.stickyAgentId) {
    const sticky = eligible.find((a) => a.id === input.stickyAgentId);
    if (sticky) {
      return finish({
        agent: sticky,
        siteId: sticky.siteId,
        vendorId: sticky.vendorId,
        counted: false,
        deficits: new Map(),
        via: 'sticky',
        summary: 'returning customer: last agent',
      });
    }
  }

  if (input.pinnedVendorId) {
    const agent = pickAgent(eligible.filter((a) => a.vendorId === input.pinnedVendorId));
    if (!agent) return waiting('no eligible agent of the pinned vendor');
    return finish({
      agent,
      siteId: agent.siteId,
      vendorId: agent.vendorId,
      counted: false,
      deficits: new Map(),
      via: 'pinned',
      summary: 'pinned vendor',
    });
  }

  const vendorsWithAgents = new Set(eligible.map((a) => a.vendorId));
  const allocation = allocate(input.shares, vendorsWithAgents);
  for (const share of input.shares) {
    let excluded: string | null;
    if (share.share <= 0) excluded = 'no share in this queue';
    else if (!vendorsWithAgents.has(share.vendorId)) excluded = 'no eligible agent';
    else excluded = share.vendorId === allocation.vendorId ? null : 'share ahead of target';
    candidates.push({
      kind: 'vendor',
      id: share.vendorId,
      vendor_id: share.vendorId,
      excluded,
      ...(excluded === null ? { chosen: true } : {}),
    });
  }
  if (allocation.vendorId) {
    const agent = pickAgent(eligible.filter((a) => a.vendorId === allocation.vendorId))!;
    return finish({
      agent,
      siteId: agent.siteId,
      vendorId: agent.vendorId,
      counted: true,
      deficits: allocation.deficits,
      via: 'allocation',
      summary: 'allocated by share',
    });
  }
  // No vendor with a share can take it: overflow vendors and sites, or any vendor when no shares.
  const fallback = eligible.filter(
    (a) => anyVendor || overflowVendors.has(a.vendorId) || (a.siteId !== null && overflowSites.has(a.siteId)),
  );
  const agent = pickAgent(fallback);
  if (!agent)
    return waiting(eligible.length ? 'eligible agents only outside this queue' : 'no eligible agent');
  return finish({
    agent,
    siteId: agent.siteId,
    vendorId: agent.vendorId,
    counted: false,
    deficits: new Map(),
    via: anyVendor ? 'unallocated' : 'overflow',
    summary: anyVendor ? 'no shares configured: least busy agent' : 'overflow to a backup vendor or site',
  });
}
