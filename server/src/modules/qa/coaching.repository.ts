import { sql } from 'kysely';
import type { NewRow } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/** SQL for coaching sessions and their action items (migration 0038). */

const now = sql<string>`date_trunc('milliseconds', now())`;
const sessionColumns = [
  'id',
  'organization_id',
  'vendor_id',
  'agent_id',
  'coach_id',
  'review_ids',
  'scheduled_at',
  'status',
  'held_at',
  'notes',
  'created_by',
  'created_at',
  'updated_at',
] as const;
const actionColumns = [
  'a.id',
  'a.session_id',
  'a.vendor_id',
  's.agent_id',
  'a.description',
  sql<string>`a.due_date::text`.as('due_date'),
  'a.status',
  'a.completed_at',
  'a.completed_by',
  'a.follow_up',
  'a.created_at',
  'a.updated_at',
] as const;

/** Who of a vendor reads which sessions: an agent their own, a team lead also their team's agents'. */
export interface Audience {
  userId: string;
  teamId: string | null;
}

function seenBy(audience: Audience | undefined, agentColumn: 'agent_id' | 's.agent_id') {
  const agent = sql.ref(agentColumn);
  if (!audience) return sql<boolean>`true`;
  if (!audience.teamId) return sql<boolean>`${agent} = ${audience.userId}`;
  return sql<boolean>`(${agent} = ${audience.userId}
    or ${agent} in (select u.id from users u where u.team_id = ${audience.teamId}))`;
}

const overdueExists = (today: string) =>
  sql<boolean>`exists (select 1 from qa_coaching_actions o
    where o.session_id = qa_coaching_sessions.id and o.status = 'open' and o.due_date < ${today}::date)`;

export interface SessionFilter {
  agentId?: string | undefined;
  coachId?: string | undefined;
  status?: 'planned' | 'held' | 'cancelled' | undefined;
  overdue?: boolean | undefined;
  today: string;
  audience?: Audience | undefined;
  limit: number;
}

export function listSessions(tx: Tx, f: SessionFilter) {
  let q = tx.selectFrom('qa_coaching_sessions').select(sessionColumns);
  if (f.agentId) q = q.where('agent_id', '=', f.agentId);
  if (f.coachId) q = q.where('coach_id', '=', f.coachId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.overdue === true) q = q.where(overdueExists(f.today));
  if (f.overdue === false) q = q.where(sql<boolean>`not ${overdueExists(f.today)}`);
  q = q.where(seenBy(f.audience, 'agent_id'));
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

export function findSession(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  const q = tx.selectFrom('qa_coaching_sessions').select(sessionColumns).where('id', '=', id);
  return (options.lock ? q.forUpdate() : q).executeTakeFirst();
}

export function insertSession(tx: Tx, values: NewRow<'qa_coaching_sessions'>) {
  return tx
    .insertInto('qa_coaching_sessions')
    .values(values)
    .returning(sessionColumns)
    .executeTakeFirstOrThrow();
}

export function updateSession(
  tx: Tx,
  id: string,
  changes: Partial<
    Pick<NewRow<'qa_coaching_sessions'>, 'coach_id' | 'scheduled_at' | 'status' | 'held_at' | 'notes'>
  >,
) {
  return tx
    .updateTable('qa_coaching_sessions')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .returning(sessionColumns)
    .executeTakeFirstOrThrow();
}

export interface ActionFilter {
  sessionIds?: string[] | undefined;
  agentId?: string | undefined;
  status?: 'open' | 'done' | undefined;
  overdue?: boolean | undefined;
  today: string;
  audience?: Audience | undefined;
  limit: number;
}

export function listActions(tx: Tx, f: ActionFilter) {
  let q = tx
    .selectFrom('qa_coaching_actions as a')
    .innerJoin('qa_coaching_sessions as s', 's.id', 'a.session_id')
    .select(actionColumns);
  if (f.sessionIds) {
    if (!f.sessionIds.length) return Promise.resolve([]);
    q = q.where('a.session_id', 'in', f.sessionIds);
  }
  if (f.agentId) q = q.where('s.agent_id', '=', f.agentId);
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.overdue === true)
    q = q.where('a.status', '=', 'open').where(sql<boolean>`a.due_date < ${f.today}::date`);
  if (f.overdue === false)
    q = q.where(sql<boolean>`not (a.status = 'open' and a.due_date < ${f.today}::date)`);
  q = q.where(seenBy(f.audience, 's.agent_id'));
  return q.orderBy('a.due_date').orderBy('a.id').limit(f.limit).execute();
}

export function findAction(tx: Tx, id: string) {
  return tx
    .selectFrom('qa_coaching_actions as a')
    .innerJoin('qa_coaching_sessions as s', 's.id', 'a.session_id')
    .select([...actionColumns, 's.status as session_status'])
    .where('a.id', '=', id)
    .forUpdate('a')
    .executeTakeFirst();
}

export async function insertActions(tx: Tx, rows: NewRow<'qa_coaching_actions'>[]) {
  if (!rows.length) return [];
  return tx.insertInto('qa_coaching_actions').values(rows).returning('id').execute();
}

export function updateAction(
  tx: Tx,
  id: string,
  changes: Partial<
    Pick<
      NewRow<'qa_coaching_actions'>,
      'description' | 'due_date' | 'status' | 'completed_at' | 'completed_by' | 'follow_up'
    >
  >,
) {
  return tx
    .updateTable('qa_coaching_actions')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** A user who may be named as coach, with what decides whether they fit. */
export function coachCandidate(tx: Tx, id: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'role', 'vendor_id', 'team_id', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}
