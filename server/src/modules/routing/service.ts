import type { z } from 'zod';
import type { Row } from '../../platform/db/schema.js';
import { type Actor, asOwner, type Tx } from '../../platform/db/transaction.js';
import { Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { emit } from '../../platform/events.js';
import { changes, record } from '../audit/index.js';
import { setRoutingAttributes } from '../customers/index.js';
import { sealedCustomFieldKeys } from '../privacy/index.js';
import { setSiteDataRegions } from '../vendors/index.js';
import * as repo from './admin-repository.js';
import type {
  allocationsBody,
  candidateView,
  queueCreate,
  queueUpdate,
  ruleCreate,
  ruleUpdate,
  transferBody,
} from './schemas.js';

/** The window the actual shares are measured over: the "any 500 consecutive contacts". */
export const SHARE_WINDOW = 500;

type QueueRow = Row<'routing_queues'> & { waiting: number };

function queueOut(q: QueueRow) {
  return { ...q, required_skills: q.required_skills ?? [] };
}

/** Anything that changes who may take a waiting contact wakes routing for the brand. */
async function changed(
  tx: Tx,
  actor: Actor,
  subjectId: string,
  what: string,
  details: Record<string, unknown>,
  verb = 'changed',
) {
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: null,
    type: 'routing.changed',
    subjectId,
    payload: { what },
  });
  await record(tx, actor, {
    action: `routing_${what}.${verb}`,
    objectType: `routing_${what}`,
    objectId: subjectId,
    details,
  });
}

async function checkTargets(tx: Tx, input: { overflow_vendor_ids?: string[]; overflow_site_ids?: string[] }) {
  const errors = [];
  const vendors = await repo.visibleVendors(tx, input.overflow_vendor_ids ?? []);
  for (const [i, id] of (input.overflow_vendor_ids ?? []).entries())
    if (!vendors.has(id)) errors.push({ path: `body.overflow_vendor_ids.${i}`, message: 'unknown vendor' });
  const sites = await repo.visibleSites(tx, input.overflow_site_ids ?? []);
  for (const [i, id] of (input.overflow_site_ids ?? []).entries())
    if (!sites.has(id)) errors.push({ path: `body.overflow_site_ids.${i}`, message: 'unknown site' });
  if (errors.length) throw new Invalid('Overflow targets must be existing vendors and sites', errors);
}

export async function listQueues(tx: Tx) {
  return { items: (await repo.listQueues(tx)).map(queueOut) };
}

export async function getQueue(tx: Tx, id: string) {
  const queue = await repo.findQueue(tx, id);
  if (!queue) throw new NotFound('Queue', id);
  return queueOut(queue);
}

export async function createQueue(tx: Tx, actor: Actor, input: z.output<typeof queueCreate>) {
  await checkTargets(tx, input);
  const { id } = await repo.insertQueue(tx, {
    ...input,
    organization_id: actor.organizationId,
    required_skills: JSON.stringify(input.required_skills),
  });
  await changed(tx, actor, id, 'queue', { set: input }, 'created');
  return getQueue(tx, id);
}

export async function updateQueue(tx: Tx, actor: Actor, id: string, input: z.output<typeof queueUpdate>) {
  const before = await getQueue(tx, id);
  await checkTargets(tx, input);
  const { required_skills, ...rest } = input;
  await repo.updateQueue(tx, id, {
    ...rest,
    ...(required_skills ? { required_skills: JSON.stringify(required_skills) } : {}),
    updated_at: new Date().toISOString(),
  });
  const after = await getQueue(tx, id);
  await changed(
    tx,
    actor,
    id,
    'queue',
    { name: after.name, changes: changes(before, after, Object.keys(input)) },
    'updated',
  );
  return after;
}

export async function listRules(tx: Tx) {
  return { items: await repo.listRules(tx) };
}

/**
 * The router cannot read a sealed custom field (docs/security.md#encryption-at-rest): a rule matching
 * on one would never match, so it is refused at the field.
 */
async function refuseSealedConditions(
  tx: Tx,
  actor: Actor,
  conditions: { custom_fields?: object } | undefined,
) {
  const keys = Object.keys(conditions?.custom_fields ?? {});
  if (!keys.length) return;
  const sealed = new Set(await sealedCustomFieldKeys(tx, actor.organizationId));
  const refused = keys.filter((k) => sealed.has(k));
  if (refused.length) {
    throw new Invalid(
      'A rule cannot match on a sealed custom field: the router cannot read it',
      refused.map((k) => ({
        path: `body.conditions.custom_fields.${k}`,
        message: `${k} is sealed at rest (privacy settings); match on another field`,
      })),
    );
  }
}

export async function createRule(tx: Tx, actor: Actor, input: z.output<typeof ruleCreate>) {
  await requireQueue(tx, input.queue_id);
  await refuseSealedConditions(tx, actor, input.conditions);
  const rule = await repo.insertRule(tx, {
    ...input,
    organization_id: actor.organizationId,
    conditions: JSON.stringify(input.conditions),
  });
  await changed(tx, actor, rule.id, 'rule', { set: input }, 'created');
  return rule;
}

async function requireQueue(tx: Tx, queueId: string) {
  if (!(await repo.findQueue(tx, queueId)))
    throw new Invalid('Unknown queue', [{ path: 'body.queue_id', message: 'unknown queue' }]);
}

export async function updateRule(tx: Tx, actor: Actor, id: string, input: z.output<typeof ruleUpdate>) {
  if (input.queue_id) await requireQueue(tx, input.queue_id);
  await refuseSealedConditions(tx, actor, input.conditions);
  const { conditions, ...rest } = input;
  const rule = await repo.updateRule(tx, id, {
    ...rest,
    ...(conditions ? { conditions: JSON.stringify(conditions) } : {}),
    updated_at: new Date().toISOString(),
  });
  if (!rule) throw new NotFound('Rule', id);
  await changed(tx, actor, id, 'rule', { set: input }, 'updated');
  return rule;
}

export async function deleteRule(tx: Tx, actor: Actor, id: string) {
  if (!(await repo.deleteRule(tx, id))) throw new NotFound('Rule', id);
  await changed(tx, actor, id, 'rule', {}, 'deleted');
}

/**
 * Target and actual shares of a queue. A vendor user sees only its own vendor's line (row-level
 * security on queue_allocations); the actual share is counted over the queue's whole window, by the
 * owner, and only the visible vendors' figures are returned.
 */
export async function getAllocations(tx: Tx, queueId: string) {
  await getQueue(tx, queueId);
  const rows = await repo.allocationRows(tx, queueId);
  const counts = await asOwner(tx, () => repo.windowCounts(tx, queueId, SHARE_WINDOW));
  const window = [...counts.values()].reduce((s, n) => s + n, 0);
  return {
    queue_id: queueId,
    window,
    allocations: rows.map((r) => {
      const n = counts.get(r.vendor_id) ?? 0;
      return {
        vendor_id: r.vendor_id,
        vendor_name: r.vendor_name,
        target_share: Number(r.share),
        actual_share: window ? Math.round((n / window) * 10_000) / 100 : null,
        window_count: n,
        assigned_total: Number(r.assigned),
      };
    }),
  };
}

export async function putAllocations(
  tx: Tx,
  actor: Actor,
  queueId: string,
  input: z.output<typeof allocationsBody>,
) {
  await getQueue(tx, queueId);
  const vendors = await repo.visibleVendors(
    tx,
    input.allocations.map((a) => a.vendor_id),
  );
  const errors = input.allocations.flatMap((a, i) =>
    vendors.has(a.vendor_id) ? [] : [{ path: `body.allocations.${i}.vendor_id`, message: 'unknown vendor' }],
  );
  if (errors.length) throw new Invalid('Shares name unknown vendors', errors);
  await repo.replaceAllocations(tx, actor.organizationId, queueId, input.allocations);
  await changed(tx, actor, queueId, 'allocations', { allocations: input.allocations });
  return getAllocations(tx, queueId);
}

type CandidateOut = z.output<typeof candidateView>;

/**
 * A ticket's routing decisions. Brand users see every candidate; a vendor user sees the lines about
 * its own vendor and only that other candidates existed, not who they were.
 */
export async function listDecisions(tx: Tx, actor: Actor, ticketId: string) {
  if (!(await repo.ticketVisible(tx, ticketId))) throw new NotFound('Ticket', ticketId);
  const rows = await repo.decisionsOf(tx, ticketId);
  return {
    items: rows.map((d) => {
      const candidates = (d.candidates as CandidateOut[]).filter(
        (c) => actor.vendorId === null || c.vendor_id === actor.vendorId,
      );
      const own = actor.vendorId === null || d.vendor_id === actor.vendorId;
      return {
        ...d,
        id: Number(d.id),
        vendor_id: own ? d.vendor_id : null,
        site_id: own ? d.site_id : null,
        agent_id: own ? d.agent_id : null,
        candidates,
        created_at: new Date(d.created_at).toISOString(),
      };
    }),
  };
}

/**
 * Assigns or transfers a ticket by hand to an agent, a team, a vendor or a queue, with a reason kept
 * in history and counted as a transfer. A vendor's users move tickets only within their vendor, or
 * hand them back to a queue; only the brand moves them to another vendor.
 */
export async function transfer(tx: Tx, actor: Actor, ticketId: string, input: z.output<typeof transferBody>) {
  const ticket = await repo.lockTicket(tx, ticketId);
  if (!ticket) throw new NotFound('Ticket', ticketId);
  if (ticket.status === 'closed')
    throw new Invalid('A closed ticket cannot be transferred', [
      { path: 'params.id', message: 'ticket is closed' },
    ]);
  const before = {
    vendor_id: ticket.vendor_id,
    site_id: ticket.site_id,
    team_id: ticket.team_id,
    agent_id: ticket.agent_id,
    queue: ticket.queue,
  };
  let after: {
    vendor_id: string | null;
    site_id: string | null;
    team_id: string | null;
    agent_id: string | null;
    queue?: string;
  };
  let state: 'waiting' | 'assigned' = 'waiting';
  let queueId: string | null = null;
  let pinnedVendorId: string | null = null;
  let pinnedTeamId: string | null = null;
  if (input.agent_id) {
    const agent = await repo.findAgent(tx, input.agent_id);
    if (!agent?.vendor_id || !agent.active || !['agent', 'team_lead', 'vendor_admin'].includes(agent.role))
      throw new Invalid('Unknown agent', [
        { path: 'body.agent_id', message: 'not an active agent you can see' },
      ]);
    after = {
      vendor_id: agent.vendor_id,
      site_id: agent.site_id,
      team_id: agent.team_id,
      agent_id: agent.id,
    };
    state = 'assigned';
    pinnedVendorId = agent.vendor_id;
  } else if (input.team_id) {
    const team = await repo.findTeam(tx, input.team_id);
    if (!team)
      throw new Invalid('Unknown team', [{ path: 'body.team_id', message: 'not a team you can see' }]);
    after = { vendor_id: team.vendor_id, site_id: team.site_id, team_id: team.id, agent_id: null };
    pinnedVendorId = team.vendor_id;
    pinnedTeamId = team.id;
  } else if (input.vendor_id) {
    const vendors = await repo.visibleVendors(tx, [input.vendor_id]);
    if (!vendors.has(input.vendor_id))
      throw new Invalid('Unknown vendor', [{ path: 'body.vendor_id', message: 'not a vendor you can see' }]);
    after = { vendor_id: input.vendor_id, site_id: null, team_id: null, agent_id: null };
    pinnedVendorId = input.vendor_id;
  } else {
    const queue = await repo.findQueue(tx, input.queue_id!);
    if (!queue) throw new Invalid('Unknown queue', [{ path: 'body.queue_id', message: 'unknown queue' }]);
    after = { vendor_id: null, site_id: null, team_id: null, agent_id: null, queue: queue.name };
    queueId = queue.id;
  }
  if (actor.vendorId && after.vendor_id !== null && after.vendor_id !== actor.vendorId)
    throw new Forbidden('Only brand users move tickets to another vendor', [
      { path: 'body', message: 'target belongs to another vendor' },
    ]);
  // Record first: once the ticket leaves the vendor, its rows leave the vendor user's sight.
  const routing = await asOwner(tx, async () => {
    const recorded = await repo.recordTransfer(tx, {
      organizationId: actor.organizationId,
      ticketId,
      actorUserId: actor.userId,
      state,
      queueId,
      pinnedVendorId,
      pinnedTeamId,
      before,
      after: { ...after, reason: input.reason },
      previousVendorId: ticket.vendor_id,
      vendorId: after.vendor_id,
      summary: `transfer: ${input.reason}`,
    });
    await repo.setTicketAssignment(tx, ticketId, after);
    return recorded;
  });
  return {
    ticket_id: ticketId,
    ...after,
    queue: after.queue ?? ticket.queue,
    routing_state: routing.state,
    transfers: routing.transfers,
  };
}

/** Data residency: which customers' regions a site may serve. Brand only (routes check). */
export async function setSiteRegions(tx: Tx, actor: Actor, siteId: string, regions: string[]) {
  const site = await setSiteDataRegions(tx, siteId, [...new Set(regions)]);
  if (!site) throw new NotFound('Site', siteId);
  await changed(tx, actor, siteId, 'site_regions', { data_regions: site.data_regions });
  return { site_id: site.id, data_regions: site.data_regions };
}

export async function setCustomerRouting(
  tx: Tx,
  actor: Actor,
  customerId: string,
  values: { data_region?: string | null | undefined; segment?: string | null | undefined },
) {
  const clean = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const customer = await setRoutingAttributes(tx, customerId, clean);
  if (!customer) throw new NotFound('Customer', customerId);
  await changed(tx, actor, customerId, 'customer', { set: clean });
  return { customer_id: customer.id, data_region: customer.data_region, segment: customer.segment };
}

/** An agent's certification flags (the training issue will grant them); queues may require them. */
export async function setCertifications(
  tx: Tx,
  actor: Actor,
  userId: string,
  certifications: { certification: string; expires_at: string | null }[],
) {
  const agent = await repo.findAgent(tx, userId);
  if (!agent?.vendor_id) throw new NotFound('Agent', userId);
  const rows = await repo.replaceCertifications(tx, userId, certifications);
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: agent.vendor_id,
    type: 'user.skills_changed',
    subjectId: userId,
    payload: { certifications: rows.map((r) => r.certification) },
  });
  await record(tx, actor, {
    action: 'user.certifications_changed',
    objectType: 'user',
    objectId: userId,
    vendorId: agent.vendor_id,
    details: { certifications },
  });
  return {
    user_id: userId,
    certifications: rows.map((r) => ({
      certification: r.certification,
      expires_at: r.expires_at ? new Date(r.expires_at).toISOString() : null,
    })),
  };
}
