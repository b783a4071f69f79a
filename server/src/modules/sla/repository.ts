import { type ExpressionBuilder, sql } from 'kysely';
import type { DB, NewRow, Priority, RowUpdate, TicketStatus } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { RawEvent, RawMessage, RawTicket } from './history.js';

/** The only file that writes SQL for SLA policies, timers, actions and notifications. */

const policyColumns = [
  'id',
  'name',
  'position',
  'active',
  'conditions',
  'targets',
  'warn_percent',
  'breach_actions',
  'created_at',
  'updated_at',
] as const;

export function listPolicies(tx: Tx, organizationId: string, onlyActive = false) {
  let q = tx.selectFrom('sla_policies').select(policyColumns).where('organization_id', '=', organizationId);
  if (onlyActive) q = q.where('active', '=', true);
  return q.orderBy('position').orderBy('id').execute();
}

export function findPolicy(tx: Tx, id: string) {
  return tx.selectFrom('sla_policies').select(policyColumns).where('id', '=', id).executeTakeFirst();
}

export function insertPolicy(tx: Tx, values: NewRow<'sla_policies'>) {
  return tx.insertInto('sla_policies').values(values).returning(policyColumns).executeTakeFirstOrThrow();
}

export function updatePolicy(tx: Tx, id: string, values: RowUpdate<'sla_policies'>) {
  return tx
    .updateTable('sla_policies')
    .set(values)
    .where('id', '=', id)
    .returning(policyColumns)
    .executeTakeFirst();
}

export async function deletePolicy(tx: Tx, id: string) {
  const r = await tx.deleteFrom('sla_policies').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface TicketInput {
  ticket: RawTicket & { organization_id: string; site_id: string | null; team_id: string | null };
  calendarId: string | null;
  events: RawEvent[];
  messages: RawMessage[];
}

/** Everything the clock needs for these tickets, in three round trips whatever their number. */
export async function loadTicketInputs(tx: Tx, ticketIds: readonly string[]): Promise<TicketInput[]> {
  if (!ticketIds.length) return [];
  const tickets = await tx
    .selectFrom('tickets as t')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .innerJoin('organizations as o', 'o.id', 't.organization_id')
    .leftJoin('sites as s', 's.id', 't.site_id')
    .leftJoin('vendors as v', 'v.id', 't.vendor_id')
    .select([
      't.id',
      't.organization_id',
      't.status',
      't.priority',
      't.channel',
      't.queue',
      't.tags',
      't.vendor_id',
      't.site_id',
      't.team_id',
      't.created_at',
      'c.tier',
      sql<string | null>`coalesce(s.calendar_id, v.calendar_id, o.calendar_id)`.as('calendar_id'),
    ])
    .where('t.id', 'in', ticketIds)
    .execute();
  const ids = tickets.map((t) => t.id);
  if (!ids.length) return [];
  const [events, messages] = await Promise.all([
    tx
      .selectFrom('ticket_events')
      .select(['ticket_id', 'field', 'before', 'after', 'created_at'])
      .where('ticket_id', 'in', ids)
      .where('field', 'in', ['status', 'priority', 'queue', 'tags', 'vendor_id'])
      .orderBy('id')
      .execute(),
    tx
      .selectFrom('messages')
      .select(['ticket_id', 'author_kind', 'visibility', 'created_at'])
      .where('ticket_id', 'in', ids)
      .where('visibility', '=', 'public')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  const byTicket = new Map<string, TicketInput>();
  for (const t of tickets) {
    const { calendar_id, ...ticket } = t;
    byTicket.set(t.id, { ticket, calendarId: calendar_id, events: [], messages: [] });
  }
  for (const e of events) byTicket.get(e.ticket_id)?.events.push(e);
  for (const m of messages) byTicket.get(m.ticket_id)?.messages.push(m);
  return [...byTicket.values()];
}

/** The (metric, cycle, kind) keys already acted on, per ticket. */
export async function firedActions(tx: Tx, ticketIds: readonly string[]): Promise<Set<string>> {
  if (!ticketIds.length) return new Set();
  const rows = await tx
    .selectFrom('sla_actions')
    .select(['ticket_id', 'metric', 'cycle', 'kind'])
    .where('ticket_id', 'in', ticketIds)
    .execute();
  return new Set(rows.map((r) => actionKey(r.ticket_id, r.metric, r.cycle, r.kind)));
}

export const actionKey = (ticketId: string, metric: string, cycle: number, kind: string) =>
  `${ticketId}/${metric}/${cycle}/${kind}`;

export type TimerRow = NewRow<'sla_timers'>;

/**
 * Replaces the stored timers of these tickets and their sla_due_at in three statements whatever the
 * batch size (rows travel as one JSON parameter, not thousands of bind parameters).
 */
export async function saveTimers(
  tx: Tx,
  ticketIds: readonly string[],
  rows: readonly TimerRow[],
  dueAt: ReadonlyMap<string, string | null>,
) {
  if (!ticketIds.length) return new Set<string>();
  const before = await tx
    .selectFrom('sla_timers')
    .select(['ticket_id', 'metric', 'state', 'stopped_at', 'breached_at'])
    .where('ticket_id', 'in', ticketIds)
    .where('state', 'in', ['achieved', 'breached'])
    .execute();
  await tx.deleteFrom('sla_timers').where('ticket_id', 'in', ticketIds).execute();
  if (rows.length) {
    await sql`
      insert into sla_timers (ticket_id, metric, organization_id, policy_id, cycle, state, target_minutes, business,
                              started_at, elapsed_ms, due_at, warn_at, breached_at, stopped_at, breached_cycles,
                              next_action_at)
      select ticket_id, metric, organization_id, policy_id, cycle, state, target_minutes, business, started_at,
             elapsed_ms, due_at, warn_at, breached_at, stopped_at, breached_cycles, next_action_at
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
        ticket_id uuid, metric text, organization_id uuid, policy_id uuid, cycle int, state text, target_minutes int,
        business boolean, started_at timestamptz, elapsed_ms bigint, due_at timestamptz, warn_at timestamptz,
        breached_at timestamptz, stopped_at timestamptz, breached_cycles int, next_action_at timestamptz)`.execute(
      tx,
    );
  }
  const pairs = [...dueAt.entries()].map(([id, due]) => ({ id, due }));
  await sql`
    update tickets t set sla_due_at = d.due
    from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as d(id uuid, due timestamptz)
    where t.id = d.id and t.sla_due_at is distinct from d.due`.execute(tx);
  return changedVerdicts(before, rows);
}

type VerdictFields = Pick<TimerRow, 'ticket_id' | 'metric' | 'state' | 'stopped_at' | 'breached_at'>;

/** The tickets whose decided timers (which metric, met or missed, and when) differ between two sets of rows. */
export function changedVerdicts(before: readonly VerdictFields[], after: readonly VerdictFields[]) {
  const verdicts = (rows: readonly VerdictFields[]) => {
    const byTicket = new Map<string, string[]>();
    for (const r of rows) {
      if (r.state !== 'achieved' && r.state !== 'breached') continue;
      const at = r.state === 'achieved' ? r.stopped_at : r.breached_at;
      const when = at === null || at === undefined ? null : new Date(at as string | Date).getTime();
      byTicket.set(r.ticket_id, [...(byTicket.get(r.ticket_id) ?? []), `${r.metric}:${r.state}:${when}`]);
    }
    return new Map([...byTicket].map(([id, list]) => [id, list.sort().join(',')]));
  };
  const old = verdicts(before);
  const now = verdicts(after);
  return new Set([...new Set([...old.keys(), ...now.keys()])].filter((id) => old.get(id) !== now.get(id)));
}

/**
 * Claims timers whose warning or breach is due. SKIP LOCKED lets two processes take disjoint sets;
 * the unique action key makes a ticket claimed twice (two metrics) still act once per action.
 */
/** Tickets with an action due by `at` (the scanner's clock, so a test can set it). */
export async function claimDueTickets(tx: Tx, limit: number, at: number): Promise<string[]> {
  const rows = await tx
    .selectFrom('sla_timers')
    .select(['ticket_id'])
    .where('next_action_at', '<=', new Date(at).toISOString())
    .orderBy('next_action_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return [...new Set(rows.map((r) => r.ticket_id))];
}

export async function nextActionAt(tx: Tx): Promise<string | null> {
  const row = await tx
    .selectFrom('sla_timers')
    .select((eb) => eb.fn.min('next_action_at').as('next'))
    .executeTakeFirst();
  return (row?.next as string | null) ?? null;
}

/** Records actions; returns the keys this statement wrote (not those another process already had). */
export async function recordActions(tx: Tx, rows: NewRow<'sla_actions'>[]): Promise<Set<string>> {
  const written = await tx
    .insertInto('sla_actions')
    .values(rows)
    .onConflict((oc) => oc.columns(['ticket_id', 'metric', 'cycle', 'kind']).doNothing())
    .returning(['ticket_id', 'metric', 'cycle', 'kind'])
    .execute();
  return new Set(written.map((r) => actionKey(r.ticket_id, r.metric, r.cycle, r.kind)));
}

export async function insertDomainEvents(tx: Tx, rows: NewRow<'domain_events'>[]) {
  if (rows.length) await tx.insertInto('domain_events').values(rows).execute();
}

/** Who hears about a ticket's SLA: the team's leads (or the vendor's) and the vendor's admins; brand admins for brand tickets. */
export function escalationContacts(
  tx: Tx,
  t: { organization_id: string; vendor_id: string | null; team_id: string | null },
) {
  let q = tx
    .selectFrom('users')
    .select(['id', 'role', 'vendor_id'])
    .where('organization_id', '=', t.organization_id)
    .where('active', '=', true);
  if (t.vendor_id === null) q = q.where('role', '=', 'brand_admin').where('vendor_id', 'is', null);
  else {
    const vendorId = t.vendor_id;
    q = q
      .where('vendor_id', '=', vendorId)
      .where((eb) =>
        eb.or([
          eb('role', '=', 'vendor_admin'),
          t.team_id
            ? eb.and([eb('role', '=', 'team_lead'), eb('team_id', '=', t.team_id)])
            : eb('role', '=', 'team_lead'),
        ]),
      );
  }
  return q.execute();
}

export async function insertNotifications(tx: Tx, rows: NewRow<'notifications'>[]) {
  if (rows.length) await tx.insertInto('notifications').values(rows).execute();
}

/**
 * A notification about a ticket the reader can no longer see (it moved to another vendor) is hidden:
 * in an actor transaction row-level security decides which tickets the subquery finds.
 */
const aboutVisibleTicket = (eb: ExpressionBuilder<DB, 'notifications'>) =>
  eb.or([
    eb('notifications.ticket_id', 'is', null),
    eb.exists(
      eb
        .selectFrom('tickets')
        .select(sql<number>`1`.as('one'))
        .whereRef('tickets.id', '=', 'notifications.ticket_id'),
    ),
  ]);

export function listNotifications(tx: Tx, unreadOnly: boolean, limit: number) {
  let q = tx
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'ticket_id', 'data', 'created_at', 'read_at'])
    .where(aboutVisibleTicket);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  return q.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

export function markNotificationRead(tx: Tx, id: string) {
  return tx
    .updateTable('notifications')
    .set({ read_at: sql<string>`coalesce(read_at, now())` })
    .where('id', '=', id)
    .where(aboutVisibleTicket)
    .returning(['id', 'kind', 'title', 'ticket_id', 'data', 'created_at', 'read_at'])
    .executeTakeFirst();
}

export function storedTimers(tx: Tx, ticketId: string) {
  return tx.selectFrom('sla_timers').selectAll().where('ticket_id', '=', ticketId).execute();
}

/**
 * Asks for the brand's open tickets to be re-timed from the start. acknowledgeBefore (a bulk load of
 * history): actions that fell due before it are recorded without effect; a pending acknowledgement
 * survives a later plain request, since the tickets it covers are walked again anyway.
 */
export async function requestRecompute(
  tx: Tx,
  organizationId: string,
  acknowledgeBefore: string | null = null,
) {
  await tx
    .insertInto('sla_recompute_requests')
    .values({ organization_id: organizationId, after_ticket_id: null, acknowledge_before: acknowledgeBefore })
    .onConflict((oc) =>
      oc.column('organization_id').doUpdateSet({
        after_ticket_id: null,
        requested_at: sql`now()`,
        acknowledge_before: sql`greatest(sla_recompute_requests.acknowledge_before, excluded.acknowledge_before)`,
      }),
    )
    .execute();
}

export function claimRecompute(tx: Tx) {
  return tx
    .selectFrom('sla_recompute_requests')
    .selectAll()
    .orderBy('requested_at')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export async function advanceRecompute(tx: Tx, organizationId: string, afterId: string | null) {
  if (afterId === null)
    await tx.deleteFrom('sla_recompute_requests').where('organization_id', '=', organizationId).execute();
  else
    await tx
      .updateTable('sla_recompute_requests')
      .set({ after_ticket_id: afterId })
      .where('organization_id', '=', organizationId)
      .execute();
}

/**
 * The next tickets of a brand to re-time, in id order: the open ones (a keyset walk the partial
 * index serves), or every ticket when history was loaded in bulk and its closed tickets need their
 * verdicts too.
 */
export async function ticketIdsToRetime(
  tx: Tx,
  organizationId: string,
  afterId: string | null,
  limit: number,
  includeDone = false,
) {
  let q = tx.selectFrom('tickets').select('id').where('organization_id', '=', organizationId);
  if (!includeDone) q = q.where('status', 'not in', ['solved', 'closed']);
  if (afterId) q = q.where('id', '>', afterId);
  return (await q.orderBy('id').limit(limit).execute()).map((r) => r.id);
}

export type { Priority, TicketStatus };
