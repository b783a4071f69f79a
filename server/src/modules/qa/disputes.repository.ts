import { sql } from 'kysely';
import type { NewRow, QaDisputeState, RowUpdate } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/**
 * SQL for disputes of QA reviews and the revisions an accepted dispute adds. Row-level security
 * (migration 0025) keeps a vendor's users to their vendor's rows, as for the reviews themselves.
 */

const now = sql<string>`date_trunc('milliseconds', now())`;
const disputeColumns = [
  'd.id',
  'd.review_id',
  'd.vendor_id',
  'd.agent_id',
  'd.criterion_id',
  'd.reason',
  'd.raised_by',
  'd.state',
  'd.resolution_comment',
  'd.resolved_by',
  'd.resolved_at',
  'd.revision_id',
  'd.created_at',
] as const;

export interface DisputeFilter {
  state?: QaDisputeState | undefined;
  reviewId?: string | undefined;
  agentId?: string | undefined;
  /** Agents and team leads: disputes of reviews of this agent or of this team's agents. */
  audience?: { userId: string; teamId: string | null } | undefined;
  limit: number;
}

function filtered(tx: Tx, f: Omit<DisputeFilter, 'state' | 'limit'>) {
  let q = tx.selectFrom('qa_disputes as d');
  if (f.reviewId) q = q.where('d.review_id', '=', f.reviewId);
  if (f.agentId) q = q.where('d.agent_id', '=', f.agentId);
  const audience = f.audience;
  if (audience)
    q = q.where((eb) =>
      eb.or([
        eb('d.agent_id', '=', audience.userId),
        ...(audience.teamId
          ? [
              eb(
                'd.agent_id',
                'in',
                eb.selectFrom('users').select('id').where('team_id', '=', audience.teamId),
              ),
            ]
          : []),
      ]),
    );
  return q;
}

export function listDisputes(tx: Tx, f: DisputeFilter) {
  let q = filtered(tx, f).select(disputeColumns);
  if (f.state) q = q.where('d.state', '=', f.state);
  return q.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(f.limit).execute();
}

export function countDisputes(tx: Tx, f: Omit<DisputeFilter, 'state' | 'limit'>) {
  return filtered(tx, f)
    .select(['d.state', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('d.state')
    .execute();
}

export function disputesOfReview(tx: Tx, reviewId: string) {
  return tx
    .selectFrom('qa_disputes as d')
    .select(disputeColumns)
    .where('d.review_id', '=', reviewId)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
}

export function findDispute(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  const q = tx.selectFrom('qa_disputes as d').select(disputeColumns).where('d.id', '=', id);
  return (options.lock ? q.forUpdate() : q).executeTakeFirst();
}

export function findOpenDispute(tx: Tx, reviewId: string) {
  return tx
    .selectFrom('qa_disputes')
    .select('id')
    .where('review_id', '=', reviewId)
    .where('state', '=', 'open')
    .executeTakeFirst();
}

export async function insertDispute(tx: Tx, values: NewRow<'qa_disputes'>) {
  const { id } = await tx.insertInto('qa_disputes').values(values).returning('id').executeTakeFirstOrThrow();
  return (await findDispute(tx, id))!;
}

export async function resolveDispute(
  tx: Tx,
  id: string,
  values: Pick<RowUpdate<'qa_disputes'>, 'state' | 'resolution_comment' | 'resolved_by' | 'revision_id'>,
) {
  await tx
    .updateTable('qa_disputes')
    .set({ ...values, resolved_at: now })
    .where('id', '=', id)
    .execute();
  return (await findDispute(tx, id))!;
}

const revisionColumns = [
  'id',
  'revision',
  'answers',
  'score_detail',
  'dispute_id',
  'created_by',
  'created_at',
] as const;

export function revisionsOf(tx: Tx, reviewId: string) {
  return tx
    .selectFrom('qa_review_revisions')
    .select(revisionColumns)
    .where('review_id', '=', reviewId)
    .orderBy('revision')
    .execute();
}

export function insertRevision(tx: Tx, values: NewRow<'qa_review_revisions'>) {
  return tx
    .insertInto('qa_review_revisions')
    .values(values)
    .returning(revisionColumns)
    .executeTakeFirstOrThrow();
}

/** The review's current score columns, to keep as revision 1 before the first rescore. */
export function storedScore(tx: Tx, reviewId: string) {
  return tx
    .selectFrom('qa_reviews')
    .select([
      'answers',
      'score_numerator',
      'score_denominator',
      'score_percent',
      'auto_failed',
      'score_detail',
      'reviewer_id',
      'submitted_at',
    ])
    .where('id', '=', reviewId)
    .executeTakeFirstOrThrow();
}
