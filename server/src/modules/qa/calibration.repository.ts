import { sql } from 'kysely';
import type { NewRow, QaCalibrationState } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/**
 * SQL for calibration sessions, their conversations, participants and blind scores. Row-level
 * security (migration 0025): a vendor's users see only their vendor's sessions, never the brand's.
 */

const now = sql<string>`date_trunc('milliseconds', now())`;
const sessionColumns = [
  'id',
  'vendor_id',
  'name',
  'scorecard_version_id',
  'benchmark_reviewer_id',
  'state',
  'result',
  'created_by',
  'created_at',
  'closed_at',
] as const;

export function listSessions(tx: Tx, state: QaCalibrationState | undefined) {
  let q = tx.selectFrom('qa_calibration_sessions').select(sessionColumns);
  if (state) q = q.where('state', '=', state);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute();
}

export function findSession(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  const q = tx.selectFrom('qa_calibration_sessions').select(sessionColumns).where('id', '=', id);
  return (options.lock ? q.forUpdate() : q).executeTakeFirst();
}

export async function insertSession(
  tx: Tx,
  values: NewRow<'qa_calibration_sessions'>,
  ticketIds: string[],
  participantIds: string[],
) {
  const session = await tx
    .insertInto('qa_calibration_sessions')
    .values(values)
    .returning(sessionColumns)
    .executeTakeFirstOrThrow();
  const common = {
    session_id: session.id,
    organization_id: values.organization_id,
    vendor_id: values.vendor_id ?? null,
  };
  await tx
    .insertInto('qa_calibration_tickets')
    .values(ticketIds.map((ticket_id) => ({ ...common, ticket_id })))
    .execute();
  await tx
    .insertInto('qa_calibration_participants')
    .values(participantIds.map((user_id) => ({ ...common, user_id })))
    .execute();
  return session;
}

export async function membersOf(tx: Tx, sessionId: string) {
  const [tickets, participants] = await Promise.all([
    tx
      .selectFrom('qa_calibration_tickets')
      .select('ticket_id')
      .where('session_id', '=', sessionId)
      .orderBy('ticket_id')
      .execute(),
    tx
      .selectFrom('qa_calibration_participants')
      .select('user_id')
      .where('session_id', '=', sessionId)
      .orderBy('user_id')
      .execute(),
  ]);
  return { ticketIds: tickets.map((r) => r.ticket_id), participantIds: participants.map((r) => r.user_id) };
}

/** Scores of the session; `reviewerId` limits them to one reviewer's (the blind rule). */
export function scoresOf(tx: Tx, sessionId: string, reviewerId?: string) {
  let q = tx
    .selectFrom('qa_calibration_scores')
    .select(['ticket_id', 'reviewer_id', 'answers', 'submitted_at'])
    .where('session_id', '=', sessionId);
  if (reviewerId) q = q.where('reviewer_id', '=', reviewerId);
  return q.orderBy('ticket_id').orderBy('reviewer_id').execute();
}

/** How many participants have scored each conversation: progress without revealing any score. */
export function progressOf(tx: Tx, sessionId: string) {
  return tx
    .selectFrom('qa_calibration_scores')
    .select(['ticket_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('session_id', '=', sessionId)
    .groupBy('ticket_id')
    .execute();
}

export function insertScore(tx: Tx, values: NewRow<'qa_calibration_scores'>) {
  return tx
    .insertInto('qa_calibration_scores')
    .values(values)
    .onConflict((oc) => oc.columns(['session_id', 'ticket_id', 'reviewer_id']).doNothing())
    .returning(['ticket_id', 'reviewer_id', 'answers', 'submitted_at'])
    .executeTakeFirst();
}

export async function closeSession(tx: Tx, id: string, result: string) {
  await tx
    .updateTable('qa_calibration_sessions')
    .set({ state: 'closed', result, closed_at: now })
    .where('id', '=', id)
    .execute();
  return (await findSession(tx, id))!;
}

export function closedResults(tx: Tx) {
  return tx.selectFrom('qa_calibration_sessions').select('result').where('state', '=', 'closed').execute();
}

/** Users as the actor sees them (row-level security), with their role. */
export function usersWithRoles(tx: Tx, ids: string[]) {
  return tx.selectFrom('users').select(['id', 'vendor_id', 'role']).where('id', 'in', ids).execute();
}
