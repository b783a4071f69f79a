import { sql } from 'kysely';
import type { Tx } from '../../platform/db/transaction.js';
import type { Candidate } from './decide.js';

/** The SQL that records routing outcomes: each one statement, so a decision costs few round trips. */

export interface AssignmentWrite {
  organizationId: string;
  ticketId: string;
  queueId: string | null;
  queueName: string | null;
  vendorId: string;
  siteId: string | null;
  teamId: string | null;
  agentId: string;
  previousVendorId: string | null;
  trigger: string;
  counted: boolean;
  summary: string;
  candidates: Candidate[];
  deficits: { vendor_id: string; deficit: number; inc: number }[];
  overflowStarted: boolean;
}

/**
 * Assigns the locked ticket, advances the queue's allocator, and records history, the decision
 * and the outbox event, in one statement. Returns false if the ticket already had an agent.
 */
export async function writeAssignment(tx: Tx, w: AssignmentWrite): Promise<boolean> {
  const after = {
    vendor_id: w.vendorId,
    site_id: w.siteId,
    team_id: w.teamId,
    agent_id: w.agentId,
    queue: w.queueName,
  };
  const { rows } = await sql<{ n: number }>`
    with t as (
      update tickets set vendor_id = ${w.vendorId}, site_id = ${w.siteId}, team_id = ${w.teamId},
        agent_id = ${w.agentId}, queue = coalesce(${w.queueName}::text, queue),
        updated_at = date_trunc('milliseconds', now())
      where id = ${w.ticketId} and agent_id is null
      returning id
    ), r as (
      update ticket_routing set state = 'assigned', queue_id = ${w.queueId}, last_summary = ${w.summary},
        overflowed_at = case when ${w.overflowStarted}::boolean then now() else overflowed_at end, updated_at = now()
      where ticket_id = ${w.ticketId} and exists (select 1 from t)
    ), d as (
      insert into routing_decisions (organization_id, ticket_id, queue_id, outcome, trigger, vendor_id, site_id,
        agent_id, counted, summary, candidates)
      select ${w.organizationId}, ${w.ticketId}, ${w.queueId}, 'assigned', ${w.trigger}, ${w.vendorId}, ${w.siteId},
        ${w.agentId}, ${w.counted}, ${w.summary}, ${JSON.stringify(w.candidates)}::jsonb
      where exists (select 1 from t)
    ), h as (
      insert into ticket_events (organization_id, ticket_id, actor_kind, field, before, after)
      select ${w.organizationId}, ${w.ticketId}, 'system', e.field, e.before, e.after
      from jsonb_to_recordset(${JSON.stringify([
        ...(w.overflowStarted
          ? [{ field: 'routing_overflow', before: null, after: { queue_id: w.queueId } }]
          : []),
        { field: 'assignment', before: null, after: { ...after, via: w.summary } },
      ])}::jsonb) as e(field text, before jsonb, after jsonb)
      where exists (select 1 from t)
    ), a as (
      update queue_allocations qa set deficit = v.deficit, assigned = qa.assigned + v.inc, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(w.deficits)}::jsonb) as v(vendor_id uuid, deficit float8, inc int)
      where qa.queue_id = ${w.queueId} and qa.vendor_id = v.vendor_id and exists (select 1 from t)
    ), o as (
      insert into domain_events (organization_id, vendor_id, type, subject_id, payload)
      select ${w.organizationId}, ${w.vendorId}, 'ticket.assigned', ${w.ticketId},
        ${JSON.stringify({ ...after, previousVendorId: w.previousVendorId === w.vendorId ? undefined : w.previousVendorId })}::jsonb
      where exists (select 1 from t)
    )
    select count(*)::int as n from t`.execute(tx);
  return (rows[0]?.n ?? 0) === 1;
}

export interface WaitingWrite {
  organizationId: string;
  ticketId: string;
  queueId: string | null;
  trigger: string;
  summary: string;
  /** Store a decision row (only when the reason changed, so retries do not flood the history). */
  record: boolean;
  candidates: Candidate[];
  retrySeconds: number;
  overflowStarted: boolean;
}

export async function writeWaiting(tx: Tx, w: WaitingWrite): Promise<void> {
  await sql`
    with r as (
      update ticket_routing set state = 'waiting', queue_id = ${w.queueId}, last_summary = ${w.summary},
        next_attempt_at = now() + make_interval(secs => ${w.retrySeconds}),
        overflowed_at = case when ${w.overflowStarted}::boolean then now() else overflowed_at end, updated_at = now()
      where ticket_id = ${w.ticketId}
    ), d as (
      insert into routing_decisions (organization_id, ticket_id, queue_id, outcome, trigger, summary, candidates)
      select ${w.organizationId}, ${w.ticketId}, ${w.queueId}, 'waiting', ${w.trigger}, ${w.summary},
        ${JSON.stringify(w.candidates)}::jsonb
      where ${w.record}::boolean
    ), h as (
      insert into ticket_events (organization_id, ticket_id, actor_kind, field, before, after)
      select ${w.organizationId}, ${w.ticketId}, 'system', 'routing_overflow', null, ${JSON.stringify({ queue_id: w.queueId })}::jsonb
      where ${w.overflowStarted}::boolean
    )
    select 1`.execute(tx);
}

/** Files a newly classified ticket into its queue (ticket.queue names it), with history. */
export async function writeQueued(
  tx: Tx,
  w: {
    organizationId: string;
    ticketId: string;
    queueId: string | null;
    queueName: string | null;
    before: string | null;
    ruleId: string | null;
  },
) {
  await sql`
    with r as (
      update ticket_routing set state = 'waiting', queue_id = ${w.queueId}, waiting_since = now(), updated_at = now()
      where ticket_id = ${w.ticketId}
    ), t as (
      update tickets set queue = coalesce(${w.queueName}::text, queue) where id = ${w.ticketId}
    ), h as (
      insert into ticket_events (organization_id, ticket_id, actor_kind, field, before, after)
      select ${w.organizationId}, ${w.ticketId}, 'system', 'queue', ${JSON.stringify(w.before)}::jsonb,
        ${JSON.stringify({ queue: w.queueName, queue_id: w.queueId, rule_id: w.ruleId })}::jsonb
      where ${w.queueName}::text is not null
    )
    select 1`.execute(tx);
}

/**
 * Re-queues a down site's contacts that nobody answered yet: new or open, no first response. They
 * lose their agent (and their vendor, unless it was pinned) and wait to be routed again at once.
 */
export async function requeueSite(tx: Tx, organizationId: string, siteId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with moved as (
      select t.id, t.vendor_id, t.agent_id, t.site_id, r.pinned_vendor_id, r.pinned_team_id, r.queue_id
      from tickets t left join ticket_routing r on r.ticket_id = t.id
      where t.organization_id = ${organizationId} and t.site_id = ${siteId}
        and t.first_response_at is null and t.status in ('new', 'open')
      for update of t
    ), t as (
      update tickets t set vendor_id = m.pinned_vendor_id, site_id = null, team_id = m.pinned_team_id,
        agent_id = null, updated_at = date_trunc('milliseconds', now())
      from moved m where t.id = m.id
    ), r as (
      insert into ticket_routing (ticket_id, organization_id, state, queue_id, waiting_since, next_attempt_at)
      select m.id, ${organizationId}, 'waiting', m.queue_id, now(), now() from moved m
      on conflict (ticket_id) do update set state = 'waiting', next_attempt_at = now(), last_summary = null,
        updated_at = now()
    ), h as (
      insert into ticket_events (organization_id, ticket_id, actor_kind, field, before, after)
      select ${organizationId}, m.id, 'system', 'requeued',
        jsonb_build_object('vendor_id', m.vendor_id, 'site_id', m.site_id, 'agent_id', m.agent_id),
        jsonb_build_object('reason', 'site down', 'vendor_id', m.pinned_vendor_id)
      from moved m
    ), d as (
      insert into routing_decisions (organization_id, ticket_id, queue_id, outcome, trigger, vendor_id, site_id,
        agent_id, summary, candidates)
      select ${organizationId}, m.id, m.queue_id, 'requeued', 'site.down', m.vendor_id, m.site_id, m.agent_id,
        'site down: re-queued', jsonb_build_array(jsonb_build_object('kind', 'site', 'id', m.site_id,
          'vendor_id', m.vendor_id, 'excluded', 'site down'))
      from moved m
    ), o as (
      insert into domain_events (organization_id, vendor_id, type, subject_id, payload)
      select ${organizationId}, m.pinned_vendor_id, 'ticket.requeued', m.id,
        jsonb_build_object('reason', 'site down', 'siteId', m.site_id, 'previousVendorId', m.vendor_id)
      from moved m
    )
    select count(*)::int as n from moved`.execute(tx);
  return rows[0]?.n ?? 0;
}

/** Routing should look at these organizations' waiting contacts now (capacity freed, site up …). */
export async function wakeOrganizations(tx: Tx, organizationIds: readonly string[]) {
  if (!organizationIds.length) return;
  await sql`update ticket_routing set next_attempt_at = now()
    where organization_id = any(${organizationIds as string[]}::uuid[]) and state in ('pending', 'waiting')
      and next_attempt_at > now()`.execute(tx);
}

/** Tickets routing should start on: unassigned and still open. Repeats are harmless. */
export async function enqueueTickets(tx: Tx, ticketIds: readonly string[]) {
  if (!ticketIds.length) return;
  await sql`
    insert into ticket_routing (ticket_id, organization_id, state, pinned_vendor_id, waiting_since, next_attempt_at)
    select t.id, t.organization_id, 'pending', t.vendor_id, t.created_at, now()
    from tickets t where t.id = any(${ticketIds as string[]}::uuid[]) and t.agent_id is null
      and t.status in ('new', 'open')
    on conflict (ticket_id) do update set
      state = case when ticket_routing.state = 'pending' then 'pending' else 'waiting' end,
      next_attempt_at = now(), updated_at = now()`.execute(tx);
}

/** Solved or closed tickets leave routing. */
export async function finishTickets(tx: Tx, ticketIds: readonly string[]) {
  if (!ticketIds.length) return;
  await sql`update ticket_routing r set state = 'done', updated_at = now()
    from tickets t where t.id = r.ticket_id and r.ticket_id = any(${ticketIds as string[]}::uuid[])
      and t.status in ('solved', 'closed')`.execute(tx);
}
