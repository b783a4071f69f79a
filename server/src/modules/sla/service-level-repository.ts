import { sql } from 'kysely';
import type { NewRow, RowUpdate } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

const targetColumns = [
  'id',
  'vendor_id',
  'site_id',
  'queue',
  'channel',
  'name',
  'measure',
  'threshold_seconds',
  'business',
  'target_percent',
  'variant',
  'short_abandon_seconds',
  'active',
  'created_at',
  'updated_at',
] as const;

export function listTargets(tx: Tx, vendorId?: string) {
  let q = tx.selectFrom('service_level_targets').select(targetColumns);
  if (vendorId) q = q.where('vendor_id', '=', vendorId);
  return q.orderBy('name').orderBy('id').execute();
}

export function findTarget(tx: Tx, id: string) {
  return tx.selectFrom('service_level_targets').select(targetColumns).where('id', '=', id).executeTakeFirst();
}

export function insertTarget(tx: Tx, values: NewRow<'service_level_targets'>) {
  return tx
    .insertInto('service_level_targets')
    .values(values)
    .returning(targetColumns)
    .executeTakeFirstOrThrow();
}

export function updateTarget(tx: Tx, id: string, values: RowUpdate<'service_level_targets'>) {
  return tx
    .updateTable('service_level_targets')
    .set(values)
    .where('id', '=', id)
    .returning(targetColumns)
    .executeTakeFirst();
}

export async function deleteTarget(tx: Tx, id: string) {
  const r = await tx.deleteFrom('service_level_targets').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface ContactRow {
  id: string;
  number: number;
  created_at: string;
  channel: string;
  status: string;
  vendor_id: string | null;
  site_id: string | null;
  queue: string | null;
  calendar_id: string | null;
  first_reply_at: string | null;
  /** [{field, before, after, created_at}] for status and vendor_id, in order */
  history: { field: string; before: unknown; after: unknown; created_at: string }[];
  call_offered_at: string | null;
  call_answered_at: string | null;
  call_abandoned_at: string | null;
}

/**
 * The contacts a target may count in [from, to): created then, on its channel/site/queue, that the
 * vendor held at some point (the service attributes each to the vendor that held it when it was
 * answered). One query: first reply, status and vendor history and the first call come along.
 */
export async function contactsOf(
  tx: Tx,
  f: {
    vendorId: string;
    siteId: string | null;
    queue: string | null;
    channel: string | null;
    from: string;
    to: string;
  },
): Promise<ContactRow[]> {
  const { rows } = await sql<ContactRow>`
    select t.id, t.number, t.created_at, t.channel, t.status, t.vendor_id, t.site_id, t.queue,
           coalesce(s.calendar_id, v.calendar_id, o.calendar_id) as calendar_id,
           (select min(m.created_at) from messages m
             where m.ticket_id = t.id and m.author_kind = 'agent' and m.visibility = 'public') as first_reply_at,
           coalesce((select jsonb_agg(jsonb_build_object('field', e.field, 'before', e.before, 'after', e.after,
                                                         'created_at', e.created_at) order by e.id)
                     from ticket_events e where e.ticket_id = t.id and e.field in ('status', 'vendor_id')), '[]') as history,
           c.offered_at as call_offered_at, c.answered_at as call_answered_at, c.abandoned_at as call_abandoned_at
    from tickets t
    join organizations o on o.id = t.organization_id
    left join sites s on s.id = t.site_id
    left join vendors v on v.id = t.vendor_id
    left join lateral (select offered_at, answered_at, abandoned_at from calls
                       where calls.ticket_id = t.id and calls.direction = 'inbound'
                       order by coalesce(offered_at, created_at) limit 1) c on t.channel = 'phone'
    where t.created_at >= ${f.from}::timestamptz and t.created_at < ${f.to}::timestamptz
      and (t.vendor_id = ${f.vendorId}::uuid or exists (
            select 1 from ticket_events e where e.ticket_id = t.id and e.field = 'vendor_id'
              and (e.before = to_jsonb(${f.vendorId}::text) or e.after = to_jsonb(${f.vendorId}::text))))
      and (${f.siteId}::uuid is null or t.site_id = ${f.siteId}::uuid)
      and (${f.queue}::text is null or t.queue = ${f.queue}::text)
      and (${f.channel}::text is null or t.channel = ${f.channel}::text)
    order by t.created_at, t.id`.execute(tx);
  return rows;
}
