import type { Kysely } from 'kysely';
import type { DB, Row } from '../../platform/db/schema.js';
import { withSystem } from '../../platform/db/transaction.js';
import { type Decision, decide } from './decide.js';
import type { AgentFacts, ContactNeeds, SiteFacts } from './eligibility.js';
import { matchQueue, type QueueRule } from './queue-rules.js';
import * as repo from './repository.js';
import { writeAssignment, writeQueued, writeWaiting } from './writes.js';

/** How many agents per eligible site the candidate query returns (the best by load and idle time). */
const PER_SITE = 5;
/** Agents per site sampled to explain a contact nobody could take. */
const EXPLAIN_PER_SITE = 8;

type Queue = Row<'routing_queues'>;

/**
 * What one sweep reads once per organization: rules, queues, sites with their calendars. Reloaded
 * every sweep, so a site coming up or a rule change applies from the next sweep (which the event
 * that announced it triggers). Site status is re-checked under lock at assignment anyway.
 */
export class SweepContext {
  private readonly orgs = new Map<
    string,
    Promise<{ rules: QueueRule[]; queues: Map<string, Queue>; sites: SiteFacts[] }>
  >();

  constructor(
    readonly db: Kysely<DB>,
    readonly options: { now?: () => Date; retrySeconds: number },
  ) {}

  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  org(organizationId: string) {
    let entry = this.orgs.get(organizationId);
    if (!entry) {
      entry = withSystem(this.db, async (tx) => {
        const [rules, queues, sites] = await Promise.all([
          repo.rulesOf(tx, organizationId),
          repo.queuesOf(tx, organizationId),
          repo.sitesOf(tx, organizationId),
        ]);
        return { rules, queues: new Map(queues.map((q) => [q.id, q])), sites };
      });
      entry.catch(() => this.orgs.delete(organizationId));
      this.orgs.set(organizationId, entry);
    }
    return entry;
  }
}

export type RouteOutcome = 'assigned' | 'waiting' | 'skipped';

/**
 * Routes one ticket in its own transaction: classify it into a queue if new, decide, and assign
 * (or record why it waits). The ticket row is locked with SKIP LOCKED, the queue's allocation rows
 * and the chosen agent's load row FOR UPDATE, so concurrent routers never assign a ticket twice,
 * never push an agent past capacity, and the allocator's state stays serial per queue.
 */
export async function routeTicket(
  ctx: SweepContext,
  organizationId: string,
  ticketId: string,
  trigger: string,
): Promise<RouteOutcome> {
  const org = await ctx.org(organizationId);
  return withSystem(ctx.db, async (tx) => {
    const t = await repo.claimTicket(tx, ticketId);
    if (!t) return 'skipped';
    const now = ctx.now();
    let queueId = t.queue_id;
    if (t.state === 'pending') {
      const match = matchQueue(org.rules, {
        channel: t.channel,
        language: t.language,
        tags: t.tags,
        tier: t.tier,
        segment: t.segment,
        customFields: t.custom_fields,
        supportAddress: t.support_address,
        dataRegion: t.data_region,
      });
      queueId = match?.queueId ?? null;
      await writeQueued(tx, {
        organizationId,
        ticketId,
        queueId,
        queueName: queueId ? (org.queues.get(queueId)?.name ?? null) : null,
        before: t.queue,
        ruleId: match?.ruleId ?? null,
      });
    }
    const queue = queueId ? org.queues.get(queueId) : undefined;
    const shares = queue ? await repo.allocationsOf(tx, queue.id, true) : [];
    const needs: ContactNeeds = {
      channel: t.channel,
      language: t.language,
      dataRegion: t.data_region,
      requiredSkills: queue?.required_skills ?? [],
      requiredCertifications: queue?.required_certifications ?? [],
    };
    const waitedSeconds = (now.getTime() - Date.parse(t.waiting_since)) / 1000;
    const overflowing =
      queue?.overflow_after_seconds != null && waitedSeconds >= queue.overflow_after_seconds
        ? { vendorIds: queue.overflow_vendor_ids, siteIds: queue.overflow_site_ids }
        : null;
    const overflowStarted = overflowing !== null && t.overflowed_at === null;
    const stickyAgentId =
      queue && queue.sticky_days > 0
        ? await repo.lastAgentOf(tx, t.customer_id, ticketId, queue.sticky_days)
        : null;

    const base = {
      needs,
      at: now,
      sites: org.sites,
      shares,
      pinnedVendorId: t.pinned_vendor_id,
      pinnedTeamId: t.pinned_team_id,
      overflow: overflowing,
      stickyAgentId,
    };
    const openSites = decide({ ...base, agents: [] })
      .candidates.filter((c) => c.kind === 'site' && c.excluded === null)
      .map((c) => c.id);
    let agents: AgentFacts[] = await repo.candidateAgents(tx, openSites, needs, PER_SITE);
    if (stickyAgentId && !agents.some((a) => a.id === stickyAgentId))
      agents = agents.concat(await repo.agentsById(tx, [stickyAgentId]));

    let decision: Decision = decide({ ...base, agents });
    // The chosen agent's load row is locked with the capacity check repeated: if a concurrent
    // router filled them meanwhile, they drop out and the decision is taken again.
    for (let attempt = 0; decision.agent && attempt < 4; attempt++) {
      if (await repo.lockCapacity(tx, decision.agent.id, t.channel)) break;
      const full = decision.agent.id;
      agents = agents.filter((a) => a.id !== full);
      decision = decide({ ...base, agents });
    }
    if (decision.agent && decision.vendorId) {
      const chosenVendor = decision.vendorId;
      const written = await writeAssignment(tx, {
        organizationId,
        ticketId,
        queueId,
        queueName: queue?.name ?? null,
        vendorId: chosenVendor,
        siteId: decision.siteId,
        teamId: decision.agent.teamId,
        agentId: decision.agent.id,
        previousVendorId: t.vendor_id,
        trigger,
        counted: decision.counted,
        summary: decision.summary,
        candidates: decision.candidates,
        deficits: [...decision.deficits].map(([vendor_id, deficit]) => ({
          vendor_id,
          deficit,
          inc: vendor_id === chosenVendor ? 1 : 0,
        })),
        overflowStarted,
      });
      return written ? 'assigned' : 'skipped';
    }
    // Nobody can take it: explain with a sample of the open sites' agents when the reason is new.
    const record = decision.summary !== t.last_summary || t.state === 'pending';
    if (record && openSites.length) {
      const sample = await repo.sampleAgents(tx, openSites, EXPLAIN_PER_SITE);
      decision = { ...decide({ ...base, agents: sample }), agent: null, summary: decision.summary };
    }
    await writeWaiting(tx, {
      organizationId,
      ticketId,
      queueId,
      trigger,
      summary: decision.summary,
      record,
      candidates: decision.candidates,
      retrySeconds: ctx.options.retrySeconds,
      overflowStarted,
    });
    return 'waiting';
  });
}

/**
 * One sweep: every pending or waiting ticket that is due (all of them with `all`), in queue
 * priority order, each in its own transaction. Returns how many it assigned or filed.
 */
export async function routeDue(
  ctx: SweepContext,
  options: { limit?: number; all?: boolean; trigger?: string } = {},
): Promise<{ assigned: number; waiting: number; skipped: number }> {
  const due = await withSystem(ctx.db, (tx) =>
    repo.dueTickets(tx, options.limit ?? 200, options.all ?? false),
  );
  const result = { assigned: 0, waiting: 0, skipped: 0 };
  for (const { ticket_id, organization_id } of due) {
    result[await routeTicket(ctx, organization_id, ticket_id, options.trigger ?? 'sweep')]++;
  }
  return result;
}
