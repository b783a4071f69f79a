import { sql } from 'kysely';
import type { Channel, RuleConditions } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { CalendarSpec } from '../calendars/index.js';
import { loadCalendarSpecs } from '../calendars/index.js';
import type { AgentFacts, ContactNeeds, SiteFacts } from './eligibility.js';
import type { QueueRule } from './queue-rules.js';

const CHANNEL_COLUMN: Record<Channel, string> = {
  email: 'email',
  chat: 'chat',
  phone: 'phone',
  web: 'web',
  api: 'api',
  social: 'social',
};

export async function rulesOf(tx: Tx, organizationId: string): Promise<QueueRule[]> {
  const rows = await tx
    .selectFrom('routing_rules')
    .select(['id', 'position', 'queue_id', 'active', 'conditions'])
    .where('organization_id', '=', organizationId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    queueId: r.queue_id,
    active: r.active,
    conditions: r.conditions as RuleConditions,
  }));
}

export function queuesOf(tx: Tx, organizationId: string) {
  return tx.selectFrom('routing_queues').selectAll().where('organization_id', '=', organizationId).execute();
}

/** Every site of the brand with its calendar resolved: the site's, else its vendor's, else the brand's. */
export async function sitesOf(tx: Tx, organizationId: string): Promise<SiteFacts[]> {
  const rows = await tx
    .selectFrom('sites as s')
    .innerJoin('vendors as v', 'v.id', 's.vendor_id')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .select([
      's.id',
      's.vendor_id',
      's.name',
      's.status',
      's.data_regions',
      sql<string | null>`coalesce(s.calendar_id, v.calendar_id, o.calendar_id)`.as('calendar_id'),
    ])
    .where('s.organization_id', '=', organizationId)
    .where('v.status', 'in', ['active', 'onboarding'])
    .execute();
  const specs: Map<string, CalendarSpec> = await loadCalendarSpecs(tx, [
    ...new Set(rows.flatMap((r) => (r.calendar_id ? [r.calendar_id] : []))),
  ]);
  return rows.map((r) => ({
    id: r.id,
    vendorId: r.vendor_id,
    name: r.name,
    status: r.status,
    calendar: r.calendar_id ? (specs.get(r.calendar_id) ?? null) : null,
    dataRegions: r.data_regions,
  }));
}

export interface ClaimedTicket {
  id: string;
  organization_id: string;
  state: 'pending' | 'waiting' | 'assigned' | 'done';
  queue_id: string | null;
  pinned_vendor_id: string | null;
  pinned_team_id: string | null;
  waiting_since: string;
  overflowed_at: string | null;
  last_summary: string | null;
  channel: Channel;
  language: string | null;
  tags: string[];
  custom_fields: Record<string, unknown>;
  customer_id: string;
  status: string;
  agent_id: string | null;
  vendor_id: string | null;
  queue: string | null;
  tier: string | null;
  segment: string | null;
  data_region: string | null;
  support_address: string | null;
}

/**
 * Locks a ticket that routing should act on (pending or waiting), skipping one another process
 * holds: two routers never decide the same ticket at once, and a manual change waits for us.
 */
export async function claimTicket(tx: Tx, ticketId: string): Promise<ClaimedTicket | undefined> {
  const { rows } = await sql<ClaimedTicket>`
    select t.id, t.organization_id, r.state, r.queue_id, r.pinned_vendor_id, r.pinned_team_id,
           r.waiting_since, r.overflowed_at, r.last_summary, t.channel, t.language, t.tags,
           t.custom_fields, t.customer_id, t.status, t.agent_id, t.vendor_id, t.queue,
           c.tier, c.segment, c.data_region,
           (select e.recipient from email_intake e where e.ticket_id = t.id order by e.id limit 1) as support_address
    from ticket_routing r
    join tickets t on t.id = r.ticket_id
    join customers c on c.id = t.customer_id
    where r.ticket_id = ${ticketId} and r.state in ('pending', 'waiting')
    for update of r, t skip locked`.execute(tx);
  return rows[0];
}

/** Tickets due for a routing attempt, in queue priority order: urgent first, earliest SLA due, oldest. */
export async function dueTickets(tx: Tx, limit: number, all: boolean) {
  const { rows } = await sql<{ ticket_id: string; organization_id: string }>`
    select r.ticket_id, r.organization_id from ticket_routing r join tickets t on t.id = r.ticket_id
    where r.state in ('pending', 'waiting') and (${all}::boolean or r.next_attempt_at <= now())
    order by (r.state = 'pending') desc, t.priority_rank desc, t.sla_due_at asc nulls last, t.created_at, t.id
    limit ${limit}`.execute(tx);
  return rows;
}

export async function allocationsOf(tx: Tx, queueId: string, lock: boolean) {
  let q = tx
    .selectFrom('queue_allocations')
    .select(['vendor_id', 'share', 'deficit'])
    .where('queue_id', '=', queueId)
    .orderBy('vendor_id');
  if (lock) q = q.forUpdate();
  const rows = await q.execute();
  return rows.map((r) => ({ vendorId: r.vendor_id, share: Number(r.share), deficit: r.deficit }));
}

interface AgentRow {
  user_id: string;
  vendor_id: string;
  site_id: string | null;
  team_id: string | null;
  languages: string[];
  online: boolean;
  email: number;
  chat: number;
  phone: number;
  web: number;
  api: number;
  social: number;
  last_assigned_at: string | null;
  skills: Record<string, number>;
  capacity: Partial<Record<Channel, number>>;
  certifications: string[];
}

const agentProjection = sql`
  l.user_id, l.vendor_id, l.site_id, u.team_id, u.languages, l.online and u.active as online,
  l.email, l.chat, l.phone, l.web, l.api, l.social, l.last_assigned_at,
  (select coalesce(jsonb_object_agg(s.skill, s.proficiency), '{}') from agent_skills s where s.user_id = l.user_id) as skills,
  (select coalesce(jsonb_object_agg(c.channel, c.max_concurrent), '{}') from agent_capacities c where c.user_id = l.user_id) as capacity,
  (select coalesce(array_agg(a.certification), '{}') from agent_certifications a
    where a.user_id = l.user_id and (a.expires_at is null or a.expires_at > now())) as certifications`;

function toFacts(r: AgentRow): AgentFacts {
  return {
    id: r.user_id,
    vendorId: r.vendor_id,
    siteId: r.site_id,
    teamId: r.team_id,
    online: r.online,
    languages: r.languages,
    skills: r.skills,
    certifications: r.certifications,
    load: { email: r.email, chat: r.chat, phone: r.phone, web: r.web, api: r.api, social: r.social },
    capacity: r.capacity,
    lastAssignedAt: r.last_assigned_at ? Date.parse(r.last_assigned_at) : null,
  };
}

/** SQL for "this agent_loads row l can take one more contact of the channel" (see hasCapacity). */
function capacityCondition(channel: Channel) {
  const column = sql.ref(`l.${CHANNEL_COLUMN[channel]}`);
  const fallback = channel === 'web' || channel === 'api' || channel === 'social' ? 'email' : null;
  return sql`${channel === 'phone' ? sql`true` : sql`l.phone = 0`}
    and ${column} < coalesce(
      (select c.max_concurrent from agent_capacities c where c.user_id = l.user_id and c.channel = ${channel}),
      (select c.max_concurrent from agent_capacities c where c.user_id = l.user_id and c.channel = ${fallback}),
      0)`;
}

/**
 * The best few agents of each site who can take the contact now (online, skills, language,
 * certifications, capacity), least busy and longest idle first: one indexed scan per site, so the
 * cost does not grow with the number of agents. The pure decision re-checks every rule.
 */
export async function candidateAgents(
  tx: Tx,
  siteIds: readonly string[],
  needs: ContactNeeds,
  perSite: number,
): Promise<AgentFacts[]> {
  if (!siteIds.length) return [];
  const language = needs.language?.toLowerCase() ?? null;
  const primary = language?.split('-')[0] ?? null;
  const { rows } = await sql<AgentRow>`
    select ${agentProjection}
    from unnest(${siteIds as string[]}::uuid[]) as site(id)
    cross join lateral (
      select l.* from agent_loads l join users u on u.id = l.user_id
      where l.site_id = site.id and l.online and u.active
        and ${capacityCondition(needs.channel)}
        and not exists (
          select 1 from jsonb_to_recordset(${JSON.stringify(needs.requiredSkills)}::jsonb) as need(skill text, min int)
          where not exists (select 1 from agent_skills s
            where s.user_id = l.user_id and s.skill = need.skill and s.proficiency >= need.min))
        and (${language}::text is null or exists (select 1 from unnest(u.languages) as lang(code)
          where lower(lang.code) = ${language}::text or split_part(lower(lang.code), '-', 1) = ${primary}::text))
        and not exists (
          select 1 from unnest(${needs.requiredCertifications as string[]}::text[]) as cert(name)
          where not exists (select 1 from agent_certifications a where a.user_id = l.user_id
            and a.certification = cert.name and (a.expires_at is null or a.expires_at > now())))
      order by l.total, l.last_assigned_at nulls first
      limit ${perSite}
    ) l
    join users u on u.id = l.user_id`.execute(tx);
  return rows.map(toFacts);
}

/** A sample of each site's agents without the filters, to explain why nobody could take a contact. */
export async function sampleAgents(
  tx: Tx,
  siteIds: readonly string[],
  perSite: number,
): Promise<AgentFacts[]> {
  if (!siteIds.length) return [];
  const { rows } = await sql<AgentRow>`
    select ${agentProjection}
    from unnest(${siteIds as string[]}::uuid[]) as site(id)
    cross join lateral (
      select l.* from agent_loads l where l.site_id = site.id
      order by l.online desc, l.total, l.last_assigned_at nulls first limit ${perSite}
    ) l
    join users u on u.id = l.user_id`.execute(tx);
  return rows.map(toFacts);
}

export async function agentsById(tx: Tx, ids: readonly string[]): Promise<AgentFacts[]> {
  if (!ids.length) return [];
  const { rows } = await sql<AgentRow>`
    select ${agentProjection} from agent_loads l join users u on u.id = l.user_id
    where l.user_id = any(${ids as string[]}::uuid[])`.execute(tx);
  return rows.map(toFacts);
}

/** The agent who last handled this customer within `days`, for sticky routing. */
export async function lastAgentOf(tx: Tx, customerId: string, ticketId: string, days: number) {
  const row = await tx
    .selectFrom('tickets')
    .select('agent_id')
    .where('customer_id', '=', customerId)
    .where('id', '!=', ticketId)
    .where('agent_id', 'is not', null)
    .where('updated_at', '>', sql<string>`now() - make_interval(days => ${days})`)
    .orderBy('updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.agent_id ?? null;
}

/**
 * Locks the agent's load row if they can still take the contact, and the site (shared) if it is
 * not down: the capacity and site checks hold until commit whatever other processes do, and a site
 * being declared down waits for this assignment, so its re-queue sees it.
 */
export async function lockCapacity(tx: Tx, agentId: string, channel: Channel): Promise<boolean> {
  const { rows } = await sql`
    select l.user_id from agent_loads l join sites s on s.id = l.site_id
    where l.user_id = ${agentId} and l.online and s.status <> 'down' and ${capacityCondition(channel)}
    for update of l for share of s`.execute(tx);
  return rows.length === 1;
}
