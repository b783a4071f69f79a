import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../../platform/db/transaction.js';
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
