import { sql } from 'kysely';
import type { NewRow, RowUpdate } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/**
 * SQL for QA scorecards, their versions and reviews. Row-level security (migration 0022): a vendor's
 * users see the brand's scorecards and their own, and only reviews of their vendor's tickets.
 */

const now = sql<string>`date_trunc('milliseconds', now())`;
const scorecardColumns = ['id', 'vendor_id', 'name', 'active', 'created_at', 'updated_at'] as const;
const versionColumns = [
  'id',
  'scorecard_id',
  'version',
  'definition',
  'channels',
  'queues',
  'languages',
  'created_at',
] as const;

export function listScorecards(tx: Tx) {
  return tx
    .selectFrom('qa_scorecards')
    .select(scorecardColumns)
    .orderBy('name')
    .orderBy('id')
    .limit(1000)
    .execute();
}

export function findScorecard(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  const q = tx.selectFrom('qa_scorecards').select(scorecardColumns).where('id', '=', id);
  return (options.lock ? q.forUpdate() : q).executeTakeFirst();
}

export function insertScorecard(tx: Tx, values: NewRow<'qa_scorecards'>) {
  return tx.insertInto('qa_scorecards').values(values).returning(scorecardColumns).executeTakeFirstOrThrow();
}

export function updateScorecard(tx: Tx, id: string, values: RowUpdate<'qa_scorecards'>) {
  return tx
    .updateTable('qa_scorecards')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .returning(scorecardColumns)
    .executeTakeFirst();
}

/** Versions of the given scorecards, oldest first. */
export function versionsOf(tx: Tx, scorecardIds: string[]) {
  if (!scorecardIds.length) return Promise.resolve([]);
  return tx
    .selectFrom('qa_scorecard_versions')
    .select(versionColumns)
    .where('scorecard_id', 'in', scorecardIds)
    .orderBy('scorecard_id')
    .orderBy('version')
    .execute();
}

export function findVersion(tx: Tx, id: string) {
  return tx
    .selectFrom('qa_scorecard_versions')
    .select(versionColumns)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function insertVersion(tx: Tx, values: NewRow<'qa_scorecard_versions'>) {
  return tx
    .insertInto('qa_scorecard_versions')
    .values(values)
    .returning(versionColumns)
    .executeTakeFirstOrThrow();
}

/** The ticket as the actor sees it (none when row-level security hides it). */
export function findTicket(tx: Tx, id: string) {
  return tx
    .selectFrom('tickets')
    .select(['id', 'vendor_id', 'agent_id', 'channel', 'queue', 'language'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findUser(tx: Tx, id: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'vendor_id', 'team_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The ids among `ids` that are messages of the ticket. */
export async function messagesOfTicket(tx: Tx, ticketId: string, ids: string[]) {
  if (!ids.length) return new Set<string>();
  const rows = await tx
    .selectFrom('messages')
    .select('id')
    .where('ticket_id', '=', ticketId)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}

const reviewColumns = [
  'r.id',
  'v.scorecard_id',
  'r.scorecard_version_id',
  'v.version',
  'r.ticket_id',
  'r.agent_id',
  'r.vendor_id',
  'r.reviewer_id',
  'r.state',
  'r.answers',
  'r.comment',
  'r.score_detail',
  'r.created_at',
  'r.updated_at',
  'r.submitted_at',
] as const;

function reviews(tx: Tx) {
  return tx
    .selectFrom('qa_reviews as r')
    .innerJoin('qa_scorecard_versions as v', 'v.id', 'r.scorecard_version_id')
    .select(reviewColumns);
}

export interface ReviewFilter {
  agentId?: string | undefined;
  vendorId?: string | undefined;
  ticketId?: string | undefined;
  state?: 'draft' | 'submitted' | undefined;
  /** Agents and team leads: submitted reviews only. */
  submittedOnly: boolean;
  /** Team leads: reviews of this agent or of the agents of this team. */
  audience?: { userId: string; teamId: string | null } | undefined;
  limit: number;
}

export function listReviews(tx: Tx, f: ReviewFilter) {
  let q = reviews(tx);
  if (f.agentId) q = q.where('r.agent_id', '=', f.agentId);
  if (f.vendorId) q = q.where('r.vendor_id', '=', f.vendorId);
  if (f.ticketId) q = q.where('r.ticket_id', '=', f.ticketId);
  if (f.state) q = q.where('r.state', '=', f.state);
  if (f.submittedOnly) q = q.where('r.state', '=', 'submitted');
  const audience = f.audience;
  if (audience) {
    q = q.where((eb) =>
      eb.or([
        eb('r.agent_id', '=', audience.userId),
        ...(audience.teamId
          ? [
              eb(
                'r.agent_id',
                'in',
                eb.selectFrom('users').select('id').where('team_id', '=', audience.teamId),
              ),
            ]
          : []),
      ]),
    );
  }
  return q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(f.limit).execute();
}

export function findReview(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  const q = reviews(tx).where('r.id', '=', id);
  return (options.lock ? q.forUpdate('r') : q).executeTakeFirst();
}

export async function insertReview(tx: Tx, values: NewRow<'qa_reviews'>) {
  const { id } = await tx.insertInto('qa_reviews').values(values).returning('id').executeTakeFirstOrThrow();
  return (await findReview(tx, id))!;
}

export async function updateReview(tx: Tx, id: string, values: RowUpdate<'qa_reviews'>) {
  await tx
    .updateTable('qa_reviews')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
  return (await findReview(tx, id))!;
}

/** Stores the computed score and submits; the database clock stamps submitted_at. */
export async function submitReview(
  tx: Tx,
  id: string,
  score: Pick<
    RowUpdate<'qa_reviews'>,
    'score_numerator' | 'score_denominator' | 'score_percent' | 'auto_failed' | 'score_detail'
  >,
) {
  await tx
    .updateTable('qa_reviews')
    .set({ ...score, state: 'submitted', submitted_at: now, updated_at: now })
    .where('id', '=', id)
    .execute();
  return (await findReview(tx, id))!;
}
