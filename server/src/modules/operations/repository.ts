import { sql } from 'kysely';
import type { Tx } from '../../platform/db/transaction.js';

/**
 * SQL for the live operations board. Every query runs as the caller (row-level security already
 * keeps a vendor to its own tickets, people and sites); the explicit vendor filter says the same
 * thing again so the board never depends on one layer alone.
 */

const OPEN = sql`('solved', 'closed')`;
const vendorIs = (column: string, vendorId: string | null) =>
  vendorId ? sql`and ${sql.ref(column)} = ${vendorId}` : sql``;

export interface QueueRow {
  id: string;
  name: string;
}

export async function queues(tx: Tx): Promise<QueueRow[]> {
  return tx.selectFrom('routing_queues').select(['id', 'name']).orderBy('name').execute();
}

export interface WaitingRow {
  queue_id: string | null;
  waiting: number;
  oldest_since: string | null;
}

/** Open contacts nobody has yet: by queue (null: routing has not classified them yet). */
export async function waitingByQueue(tx: Tx, vendorId: string | null): Promise<WaitingRow[]> {
  const { rows } = await sql<WaitingRow>`
    select r.queue_id, count(*)::int as waiting,
      min(coalesce(r.waiting_since, t.created_at))::text as oldest_since
    from tickets t left join ticket_routing r on r.ticket_id = t.id
    where t.status in ('new', 'open') and t.agent_id is null ${vendorIs('t.vendor_id', vendorId)}
    group by r.queue_id`.execute(tx);
  return rows;
}

export interface SlaRow {
  queue_id: string | null;
  at_risk: number;
  breached: number;
}

/**
 * Running timers of open tickets past their warning but not yet due (at risk), and those past due
 * (breached: recorded so by the scanner, or due already and about to be).
 */
export async function slaByQueue(tx: Tx, vendorId: string | null, now: Date): Promise<SlaRow[]> {
  const at = now.toISOString();
  const { rows } = await sql<SlaRow>`
    select r.queue_id,
      count(*) filter (where s.state = 'active' and s.warn_at <= ${at}::timestamptz
        and (s.due_at is null or s.due_at > ${at}::timestamptz))::int as at_risk,
      count(*) filter (where s.state = 'breached'
        or (s.state = 'active' and s.due_at <= ${at}::timestamptz))::int as breached
    from sla_timers s join tickets t on t.id = s.ticket_id
      left join ticket_routing r on r.ticket_id = t.id
    where t.status not in ${OPEN} ${vendorIs('t.vendor_id', vendorId)}
    group by r.queue_id`.execute(tx);
  return rows;
}

export interface SiteRow {
  id: string;
  name: string;
  vendor_id: string;
  vendor_name: string;
  status: 'up' | 'degraded' | 'down';
  open_tickets: number;
  online: number;
  away: number;
}

/** Each site with its status, its open tickets and its people online or away. */
export async function sites(tx: Tx, vendorId: string | null): Promise<SiteRow[]> {
  const { rows } = await sql<SiteRow>`
    select s.id, s.name, s.vendor_id, v.name as vendor_name, s.status,
      (select count(*)::int from tickets t where t.site_id = s.id and t.status not in ${OPEN}) as open_tickets,
      (select count(*)::int from agent_presence p join users u on u.id = p.user_id
        where u.site_id = s.id and p.status = 'online') as online,
      (select count(*)::int from agent_presence p join users u on u.id = p.user_id
        where u.site_id = s.id and p.status = 'away') as away
    from sites s join vendors v on v.id = s.vendor_id
    where true ${vendorIs('s.vendor_id', vendorId)}
    order by v.name, s.name`.execute(tx);
  return rows;
}

export interface VendorRow {
  id: string;
  name: string;
  online: number;
  away: number;
  /** People online with no site. */
  online_without_site: number;
}

/** Each vendor with its people online or away (the brand's own staff have no vendor and are left out). */
export async function vendors(tx: Tx, vendorId: string | null): Promise<VendorRow[]> {
  const { rows } = await sql<VendorRow>`
    select v.id, v.name,
      count(p.user_id) filter (where p.status = 'online')::int as online,
      count(p.user_id) filter (where p.status = 'away')::int as away,
      count(p.user_id) filter (where p.status = 'online' and u.site_id is null)::int as online_without_site
    from vendors v
      left join users u on u.vendor_id = v.id
      left join agent_presence p on p.user_id = u.id
    where true ${vendorIs('v.id', vendorId)}
    group by v.id, v.name
    order by v.name`.execute(tx);
  return rows;
}

export interface MovedRow {
  site_id: string;
  vendor_name: string | null;
  now_site_name: string | null;
  waiting: boolean;
  tickets: number;
}

/**
 * Where the contacts routing took off each site since `since` (site down) are now: which vendor and
 * site has them, or still waiting. Routing records each move as a 'requeued' ticket event.
 */
export async function movedOffSites(tx: Tx, since: Date): Promise<MovedRow[]> {
  const { rows } = await sql<MovedRow>`
    select e.before->>'site_id' as site_id, v.name as vendor_name, s.name as now_site_name,
      (t.agent_id is null) as waiting, count(distinct t.id)::int as tickets
    from ticket_events e join tickets t on t.id = e.ticket_id
      left join vendors v on v.id = t.vendor_id
      left join sites s on s.id = t.site_id
    where e.field = 'requeued' and e.after->>'reason' = 'site down'
      and e.created_at >= ${since.toISOString()}::timestamptz
    group by 1, 2, 3, 4`.execute(tx);
  return rows;
}
