import { sql } from 'kysely';
import type { NewRow, RowUpdate } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/** SQL for the routing configuration and its read models, under the actor's row-level security. */

export async function listQueues(tx: Tx) {
  return tx
    .selectFrom('routing_queues as q')
    .selectAll('q')
    .select(
      sql<number>`(select count(*)::int from ticket_routing r where r.queue_id = q.id and r.state = 'waiting')`.as(
        'waiting',
      ),
    )
    .orderBy('q.name')
    .execute();
}

export async function findQueue(tx: Tx, id: string) {
  return tx
    .selectFrom('routing_queues as q')
    .selectAll('q')
    .select(
      sql<number>`(select count(*)::int from ticket_routing r where r.queue_id = q.id and r.state = 'waiting')`.as(
        'waiting',
      ),
    )
    .where('q.id', '=', id)
    .executeTakeFirst();
}

export function insertQueue(tx: Tx, row: NewRow<'routing_queues'>) {
  return tx.insertInto('routing_queues').values(row).returning('id').executeTakeFirstOrThrow();
}

export function updateQueue(tx: Tx, id: string, values: RowUpdate<'routing_queues'>) {
  return tx.updateTable('routing_queues').set(values).where('id', '=', id).returning('id').executeTakeFirst();
}

export function listRules(tx: Tx) {
  return tx.selectFrom('routing_rules').selectAll().orderBy('position').orderBy('id').execute();
}

export function findRule(tx: Tx, id: string) {
  return tx.selectFrom('routing_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertRule(tx: Tx, row: NewRow<'routing_rules'>) {
  return tx.insertInto('routing_rules').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateRule(tx: Tx, id: string, values: RowUpdate<'routing_rules'>) {
  return tx.updateTable('routing_rules').set(values).where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteRule(tx: Tx, id: string) {
  return tx.deleteFrom('routing_rules').where('id', '=', id).returning('id').executeTakeFirst();
}

/** The visible vendors among ids (row-level security hides other vendors from vendor users). */
export async function visibleVendors(tx: Tx, ids: readonly string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await tx.selectFrom('vendors').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function visibleSites(tx: Tx, ids: readonly string[]) {
  if (!ids.length) return new Set<string>();
  const rows = await tx.selectFrom('sites').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export function allocationRows(tx: Tx, queueId: string) {
  return tx
    .selectFrom('queue_allocations as a')
    .innerJoin('vendors as v', 'v.id', 'a.vendor_id')
    .select(['a.vendor_id', 'v.name as vendor_name', 'a.share', 'a.assigned'])
    .where('a.queue_id', '=', queueId)
    .orderBy('a.share', 'desc')
    .orderBy('a.vendor_id')
    .execute();
}

/** Counts per vendor over the queue's latest `window` allocated contacts (owner only: counts, no ids). */
export async function windowCounts(tx: Tx, queueId: string, window: number) {
  const { rows } = await sql<{ vendor_id: string; n: number }>`
    select vendor_id, count(*)::int as n from (
      select vendor_id from routing_decisions where queue_id = ${queueId} and counted order by id desc limit ${window}
    ) w group by vendor_id`.execute(tx);
  return new Map(rows.map((r) => [r.vendor_id, r.n]));
}

/** Replaces a queue's shares, keeping the allocator's state of vendors that stay. */
export async function replaceAllocations(
  tx: Tx,
  organizationId: string,
  queueId: string,
  shares: { vendor_id: string; share: number }[],
) {
  await tx
    .deleteFrom('queue_allocations')
    .where('queue_id', '=', queueId)
    .$if(shares.length > 0, (q) =>
      q.where(
        'vendor_id',
        'not in',
        shares.map((s) => s.vendor_id),
      ),
    )
    .execute();
  if (!shares.length) return;
  await tx
    .insertInto('queue_allocations')
    .values(
      shares.map((s) => ({
        queue_id: queueId,
        organization_id: organizationId,
        vendor_id: s.vendor_id,
        share: s.share,
        updated_at: new Date().toISOString(),
      })),
    )
    .onConflict((oc) =>
      oc.columns(['queue_id', 'vendor_id']).doUpdateSet((eb) => ({
        share: eb.ref('excluded.share'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

export function decisionsOf(tx: Tx, ticketId: string) {
  return tx
    .selectFrom('routing_decisions')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .execute();
}

export function ticketVisible(tx: Tx, id: string) {
  return tx.selectFrom('tickets').select('id').where('id', '=', id).executeTakeFirst();
}

export function lockTicket(tx: Tx, id: string) {
  return tx
    .selectFrom('tickets')
    .select(['id', 'organization_id', 'vendor_id', 'site_id', 'team_id', 'agent_id', 'queue', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export function findAgent(tx: Tx, id: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'vendor_id', 'site_id', 'team_id', 'role', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findTeam(tx: Tx, id: string) {
  return tx
    .selectFrom('teams')
    .select(['id', 'vendor_id', 'site_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function setTicketAssignment(
  tx: Tx,
  id: string,
  a: {
    vendor_id: string | null;
    site_id: string | null;
    team_id: string | null;
    agent_id: string | null;
    queue?: string;
  },
) {
  return tx
    .updateTable('tickets')
    .set({ ...a, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}

/** The ticket's routing row after a manual transfer (owner step: the ticket may have left the actor's sight). */
export async function recordTransfer(
  tx: Tx,
  w: {
    organizationId: string;
    ticketId: string;
    actorUserId: string;
    state: 'waiting' | 'assigned';
    queueId: string | null;
    pinnedVendorId: string | null;
    pinnedTeamId: string | null;
    before: Record<string, unknown>;
    after: Record<string, unknown>;
    previousVendorId: string | null;
    vendorId: string | null;
    summary: string;
  },
) {
  const { rows } = await sql<{ state: 'waiting' | 'assigned'; transfers: number }>`
    with r as (
      insert into ticket_routing as r (ticket_id, organization_id, state, queue_id, pinned_vendor_id, pinned_team_id,
        waiting_since, next_attempt_at, transfers)
      values (${w.ticketId}, ${w.organizationId}, ${w.state}, ${w.queueId}, ${w.pinnedVendorId}, ${w.pinnedTeamId},
        now(), now(), 1)
      on conflict (ticket_id) do update set state = excluded.state,
        queue_id = coalesce(excluded.queue_id, r.queue_id), pinned_vendor_id = excluded.pinned_vendor_id,
        pinned_team_id = excluded.pinned_team_id, waiting_since = now(), next_attempt_at = now(),
        transfers = r.transfers + 1, last_summary = null, updated_at = now()
      returning state, transfers, queue_id
    ), h as (
      insert into ticket_events (organization_id, ticket_id, actor_kind, actor_user_id, field, before, after)
      values (${w.organizationId}, ${w.ticketId}, 'user', ${w.actorUserId}, 'transfer', ${JSON.stringify(w.before)}::jsonb,
        ${JSON.stringify(w.after)}::jsonb)
    ), d as (
      insert into routing_decisions (organization_id, ticket_id, queue_id, outcome, trigger, vendor_id, site_id, agent_id,
        summary, candidates)
      select ${w.organizationId}, ${w.ticketId}, (select queue_id from r), 'manual', 'transfer', ${w.vendorId},
        ${(w.after.site_id as string | null) ?? null}, ${(w.after.agent_id as string | null) ?? null}, ${w.summary}, '[]'::jsonb
    ), o as (
      insert into domain_events (organization_id, vendor_id, type, subject_id, payload)
      values (${w.organizationId}, ${w.vendorId}, 'ticket.transferred', ${w.ticketId},
        ${JSON.stringify({ ...w.after, previousVendorId: w.previousVendorId })}::jsonb)
    )
    select state, transfers from r`.execute(tx);
  return rows[0]!;
}

export async function replaceCertifications(
  tx: Tx,
  userId: string,
  certifications: { certification: string; expires_at: string | null }[],
) {
  await tx.deleteFrom('agent_certifications').where('user_id', '=', userId).execute();
  if (certifications.length)
    await tx
      .insertInto('agent_certifications')
      .values(certifications.map((c) => ({ user_id: userId, ...c })))
      .execute();
  return tx
    .selectFrom('agent_certifications')
    .select(['certification', 'expires_at'])
    .where('user_id', '=', userId)
    .orderBy('certification')
    .execute();
}

/** Lets go of vendor and team pins (offboarding hands a vendor's work back to routing). */
export async function unpinTickets(tx: Tx, ticketIds: string[]) {
  if (!ticketIds.length) return;
  await tx
    .updateTable('ticket_routing')
    .set({ pinned_vendor_id: null, pinned_team_id: null, updated_at: sql`now()` })
    .where('ticket_id', 'in', ticketIds)
    .execute();
}
