import { type RawBuilder, sql } from 'kysely';
import { asOwner, type Tx } from '../../platform/db/transaction.js';
import type { References } from './names.js';
import type { Position } from './order.js';

/**
 * A read model over three domains' tables (messages, phone calls, ticket history) for one ticket.
 * Row-level security applies to each: messages, calls and events are visible exactly when the ticket
 * is. Times are cut to milliseconds so the cursor, which travels as an ISO string, names a row exactly.
 */

const at = (column: RawBuilder<unknown>) => sql<string>`date_trunc('milliseconds', ${column})`;

function after(position: RawBuilder<unknown>, rank: number, key: RawBuilder<unknown>, cursor?: Position) {
  if (!cursor) return sql<boolean>`true`;
  return sql<boolean>`(${position}, ${rank}::int, ${key} collate "C") > (${cursor.at}::timestamptz, ${cursor.rank}::int, ${cursor.key}::text collate "C")`;
}

export async function messages(tx: Tx, ticketId: string, limit: number, cursor?: Position) {
  const position = at(sql`m.created_at`);
  const { rows } = await sql<{
    id: string;
    at: string;
    visibility: 'public' | 'internal';
    author_kind: 'customer' | 'agent' | 'system';
    author_user_id: string | null;
    author_customer_id: string | null;
    author_name: string | null;
    channel: string;
    body_text: string;
    body_html: string | null;
    attachments: Array<Record<string, unknown>>;
    delivery_status: 'pending' | 'sent' | 'failed' | null;
    delivery_error: string | null;
  }>`
    select m.id, ${position} as at, m.visibility, m.author_kind, m.author_user_id, m.author_customer_id,
           case m.author_kind
             when 'agent' then (select u.display_name from users u where u.id = m.author_user_id)
             when 'customer' then (select c.display_name from customers c where c.id = m.author_customer_id)
           end as author_name,
           coalesce(m.channel, t.channel) as channel, m.body_text, m.body_html, m.attachments,
           m.delivery_status, m.delivery_error
    from messages m join tickets t on t.id = m.ticket_id
    where m.ticket_id = ${ticketId} and ${after(position, 0, sql`m.id::text`, cursor)}
    order by ${position}, m.id::text collate "C"
    limit ${limit + 1}`.execute(tx);
  return rows;
}

export async function calls(tx: Tx, ticketId: string, limit: number, cursor?: Position) {
  const position = at(sql`coalesce(k.offered_at, k.created_at)`);
  const { rows } = await sql<{
    id: string;
    at: string;
    call_id: string;
    direction: 'inbound' | 'outbound';
    status: string;
    caller_number: string | null;
    dialled_number: string | null;
    queue: string | null;
    agent_id: string | null;
    agent_name: string | null;
    offered_at: string | null;
    answered_at: string | null;
    ended_at: string | null;
    wait_seconds: string | null;
    talk_seconds: string | null;
    hold_seconds: string | null;
    recording_url: string | null;
  }>`
    select k.id, ${position} as at, k.call_id, k.direction, k.status, k.caller_number, k.dialled_number,
           k.queue, k.agent_id, (select u.display_name from users u where u.id = k.agent_id) as agent_name,
           k.offered_at, k.answered_at, coalesce(k.ended_at, k.abandoned_at) as ended_at,
           k.wait_seconds, k.talk_seconds, k.hold_seconds, k.recording_url
    from calls k
    where k.ticket_id = ${ticketId} and ${after(position, 1, sql`k.id::text`, cursor)}
    order by ${position}, k.id::text collate "C"
    limit ${limit + 1}`.execute(tx);
  return rows;
}

export async function events(tx: Tx, ticketId: string, limit: number, cursor?: Position) {
  const position = at(sql`e.created_at`);
  const key = sql`lpad(e.id::text, 20, '0')`;
  const { rows } = await sql<{
    id: string;
    at: string;
    field: string;
    before: unknown;
    after: unknown;
    actor_kind: 'user' | 'customer' | 'system';
    actor_user_id: string | null;
    actor_name: string | null;
  }>`
    select e.id::text as id, ${position} as at, e.field, e.before, e.after, e.actor_kind, e.actor_user_id,
           (select u.display_name from users u where u.id = e.actor_user_id) as actor_name
    from ticket_events e
    where e.ticket_id = ${ticketId} and ${after(position, 2, key, cursor)}
    order by ${position}, e.id
    limit ${limit + 1}`.execute(tx);
  return rows;
}

/**
 * The display names of the given ids that the reader may see: row-level security decides, so another
 * vendor's people, sites and teams (and, for a vendor's reader, brand staff and routing rules) are
 * simply not found.
 */
export async function visibleNames(tx: Tx, refs: References): Promise<Map<string, string>> {
  const ids = (kind: keyof References) => [...refs[kind]];
  const all = Object.values(refs).reduce((n, set) => n + set.size, 0);
  if (all === 0) return new Map();
  const { rows } = await sql<{ id: string; name: string }>`
    select id::text, display_name as name from users where id = any(${ids('user')}::uuid[])
    union all select id::text, name from vendors where id = any(${ids('vendor')}::uuid[])
    union all select id::text, name from sites where id = any(${ids('site')}::uuid[])
    union all select id::text, name from teams where id = any(${ids('team')}::uuid[])
    union all select id::text, coalesce(nullif(display_name, ''), 'unnamed customer') from customers where id = any(${ids('customer')}::uuid[])
    union all select id::text, name from routing_queues where id = any(${ids('queue')}::uuid[])
    union all select id::text, case when name = '' then 'unnamed rule' else name end
      from routing_rules where id = any(${ids('rule')}::uuid[])`.execute(tx);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Which of the given users are brand staff (no vendor), read as owner so a vendor's reader learns
 * whether a hidden actor was the brand or another vendor, and nothing else about them.
 */
export async function brandUsers(tx: Tx, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await asOwner(tx, () =>
    sql<{
      id: string;
    }>`select id::text from users where id = any(${userIds}::uuid[]) and vendor_id is null`.execute(tx),
  );
  return new Set(rows.rows.map((r) => r.id));
}
