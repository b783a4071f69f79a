import type { Tx } from '../../platform/db/transaction.js';

export type IqsGroup = 'agent' | 'team' | 'site' | 'vendor';
export interface IqsFilters {
  vendor_id?: string;
  site_id?: string;
  team_id?: string;
  agent_id?: string;
}

/**
 * Submitted reviews in [from, to) with what they group by. Vendor and agent are the review's own
 * columns (fixed when it was drafted); site and team come from the agent's current user row. Runs
 * under the actor's row-level security: a vendor's users read their own vendor's reviews only,
 * whatever filters they send.
 */
export function submittedReviews(tx: Tx, period: { from: string; to: string }, filters: IqsFilters) {
  let q = tx
    .selectFrom('qa_reviews as r')
    .leftJoin('users as u', 'u.id', 'r.agent_id')
    .select([
      'r.agent_id',
      'r.vendor_id',
      'u.site_id',
      'u.team_id',
      'r.state',
      'r.submitted_at',
      'r.score_percent',
    ])
    .where('r.state', '=', 'submitted')
    .where('r.submitted_at', '>=', period.from)
    .where('r.submitted_at', '<', period.to);
  if (filters.vendor_id) q = q.where('r.vendor_id', '=', filters.vendor_id);
  if (filters.agent_id) q = q.where('r.agent_id', '=', filters.agent_id);
  if (filters.site_id) q = q.where('u.site_id', '=', filters.site_id);
  if (filters.team_id) q = q.where('u.team_id', '=', filters.team_id);
  return q.execute();
}

/** Display names of the group keys the actor can see (an unseen one falls back to its id). */
export async function iqsLabels(tx: Tx, group: IqsGroup, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  if (group === 'agent') {
    const users = await tx
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', ids)
      .execute();
    return new Map(users.map((u) => [u.id, u.display_name]));
  }
  const table = group === 'vendor' ? 'vendors' : group === 'site' ? 'sites' : 'teams';
  const rows = await tx.selectFrom(table).select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
