import { sql } from 'kysely';
import type { NewRow } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/** SQL for sampling rules, their weekly runs and the assignments they make (migration 0028). */

const ruleColumns = [
  'id',
  'organization_id',
  'vendor_id',
  'name',
  'scorecard_id',
  'scope_vendor_id',
  'per_agent',
  'targets',
  'reviewer_ids',
  'due_days',
  'active',
  'created_by',
  'created_at',
  'updated_at',
] as const;
const assignmentColumns = [
  'id',
  'vendor_id',
  'rule_id',
  'week',
  'ticket_id',
  'agent_id',
  'reviewer_id',
  'reasons',
  'due_at',
  'review_id',
  'created_at',
] as const;

export function listRules(tx: Tx) {
  return tx.selectFrom('qa_sampling_rules').select(ruleColumns).orderBy('name').orderBy('id').execute();
}

export function activeRules(tx: Tx) {
  return tx
    .selectFrom('qa_sampling_rules')
    .select(ruleColumns)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
}

export function findRule(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  const q = tx.selectFrom('qa_sampling_rules').select(ruleColumns).where('id', '=', id);
  return (options.lock ? q.forUpdate() : q).executeTakeFirst();
}

export function insertRule(tx: Tx, values: NewRow<'qa_sampling_rules'>) {
  return tx.insertInto('qa_sampling_rules').values(values).returning(ruleColumns).executeTakeFirstOrThrow();
}

export function updateRule(
  tx: Tx,
  id: string,
  changes: Partial<
    Pick<
      NewRow<'qa_sampling_rules'>,
      'name' | 'per_agent' | 'targets' | 'reviewer_ids' | 'due_days' | 'active'
    >
  >,
) {
  return tx
    .updateTable('qa_sampling_rules')
    .set({ ...changes, updated_at: sql<string>`date_trunc('milliseconds', now())` })
    .where('id', '=', id)
    .returning(ruleColumns)
    .executeTakeFirstOrThrow();
}

/** Claims the rule's week: false when it was sampled before (the primary key holds it once). */
export async function claimRun(tx: Tx, values: NewRow<'qa_sampling_runs'>) {
  const row = await tx
    .insertInto('qa_sampling_runs')
    .values(values)
    .onConflict((oc) => oc.columns(['rule_id', 'week']).doNothing())
    .returning('rule_id')
    .executeTakeFirst();
  return row !== undefined;
}

export function setRunCount(tx: Tx, ruleId: string, week: string, picked: number) {
  return tx
    .updateTable('qa_sampling_runs')
    .set({ picked })
    .where('rule_id', '=', ruleId)
    .where('week', '=', week)
    .execute();
}

/** Of these tickets, those sampled before (by any rule) or reviewed already (in any state). */
export async function alreadyTaken(tx: Tx, ticketIds: string[]): Promise<Set<string>> {
  if (!ticketIds.length) return new Set();
  const { rows } = await sql<{ ticket_id: string }>`
    select ticket_id::text from qa_assignments where ticket_id = any(${ticketIds}::uuid[])
    union
    select ticket_id::text from qa_reviews where ticket_id = any(${ticketIds}::uuid[])`.execute(tx);
  return new Set(rows.map((r) => r.ticket_id));
}

export async function tagsOf(tx: Tx, ticketIds: string[]): Promise<Map<string, string[]>> {
  if (!ticketIds.length) return new Map();
  const rows = await tx.selectFrom('tickets').select(['id', 'tags']).where('id', 'in', ticketIds).execute();
  return new Map(rows.map((r) => [r.id, r.tags]));
}

/** Open (not yet reviewed) assignments per reviewer, for balancing. */
export async function openLoad(tx: Tx, reviewerIds: string[]): Promise<Map<string, number>> {
  const rows = await tx
    .selectFrom('qa_assignments')
    .select(['reviewer_id', sql<number>`count(*)::int`.as('n')])
    .where('reviewer_id', 'in', reviewerIds)
    .where('review_id', 'is', null)
    .groupBy('reviewer_id')
    .execute();
  return new Map(rows.map((r) => [r.reviewer_id, r.n]));
}

export function insertAssignments(tx: Tx, rows: NewRow<'qa_assignments'>[]) {
  if (!rows.length) return Promise.resolve([]);
  return (
    tx
      .insertInto('qa_assignments')
      .values(rows)
      // Two rules running at once may pick the same ticket: the first keeps it.
      .onConflict((oc) => oc.columns(['organization_id', 'ticket_id']).doNothing())
      .returning(assignmentColumns)
      .execute()
  );
}

export interface AssignmentFilter {
  reviewerId?: string | undefined;
  agentId?: string | undefined;
  ruleId?: string | undefined;
  week?: string | undefined;
  state?: 'open' | 'done' | undefined;
  limit: number;
}

export function listAssignments(tx: Tx, f: AssignmentFilter) {
  let q = tx.selectFrom('qa_assignments').select(assignmentColumns);
  if (f.reviewerId) q = q.where('reviewer_id', '=', f.reviewerId);
  if (f.agentId) q = q.where('agent_id', '=', f.agentId);
  if (f.ruleId) q = q.where('rule_id', '=', f.ruleId);
  if (f.week) q = q.where('week', '=', f.week);
  if (f.state === 'open') q = q.where('review_id', 'is', null);
  if (f.state === 'done') q = q.where('review_id', 'is not', null);
  return q.orderBy('due_at').orderBy('id').limit(f.limit).execute();
}

/** The scorecard each rule reviews on, by rule id. */
export async function scorecardsOfRules(tx: Tx, ruleIds: string[]) {
  if (!ruleIds.length) return new Map<string, string>();
  const rows = await tx
    .selectFrom('qa_sampling_rules')
    .select(['id', 'scorecard_id'])
    .where('id', 'in', ruleIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.scorecard_id]));
}

/** A submitted review of the ticket fulfils its assignment, whoever reviewed it. */
export function fulfil(tx: Tx, ticketId: string, reviewId: string) {
  return tx
    .updateTable('qa_assignments')
    .set({ review_id: reviewId })
    .where('ticket_id', '=', ticketId)
    .where('review_id', 'is', null)
    .execute();
}

/** Users that may be named as reviewers, with what decides whether they fit. */
export function reviewers(tx: Tx, ids: string[]) {
  return tx
    .selectFrom('users')
    .select(['id', 'role', 'vendor_id', 'active'])
    .where('id', 'in', ids)
    .execute();
}

export function creatorOf(tx: Tx, userId: string) {
  return tx
    .selectFrom('users')
    .select(['id', 'organization_id', 'role', 'vendor_id', 'site_id', 'team_id'])
    .where('id', '=', userId)
    .executeTakeFirst();
}
