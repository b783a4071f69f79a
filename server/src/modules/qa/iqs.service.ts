import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { Tx } from '../../platform/db/transaction.js';
import { Invalid } from '../../platform/errors.js';
import { iqsBy } from './iqs.js';
import * as repo from './iqs.repository.js';
import type { iqsQuery } from './schemas.js';

const MAX_RANGE_DAYS = 400;

/** from/to read in the query's zone unless they carry an offset; kept to the millisecond. */
export function iqsRange(query: { from: string; to: string; tz: string }) {
  const parse = (s: string, path: string) => {
    const d = DateTime.fromISO(s, { zone: query.tz });
    if (!d.isValid)
      throw new Invalid('Not a valid date', [{ path, message: d.invalidExplanation ?? 'invalid' }]);
    return d.toUTC();
  };
  const from = parse(query.from, 'query.from');
  const to = parse(query.to, 'query.to');
  if (to <= from)
    throw new Invalid('The period is empty', [{ path: 'query.to', message: 'must be after from' }]);
  if (to.diff(from, 'days').days > MAX_RANGE_DAYS) {
    throw new Invalid('The period is too long', [
      { path: 'query.to', message: `at most ${MAX_RANGE_DAYS} days after from` },
    ]);
  }
  return { from: from.toISO()!, to: to.toISO()! };
}

const KEY = { agent: 'agent_id', team: 'team_id', site: 'site_id', vendor: 'vendor_id' } as const;
export type IqsGroup = keyof typeof KEY;
export const IQS_GROUPS = Object.keys(KEY) as IqsGroup[];

/**
 * IQS per group over a period of UTC instants, from the reviews the transaction's actor may see
 * (row-level security). Also what the KPI report shows beside its other figures.
 */
export async function iqsOf(
  tx: Tx,
  period: { from: string; to: string },
  groupBy: IqsGroup,
  filters: repo.IqsFilters,
) {
  const rows = await repo.submittedReviews(tx, period, filters);
  const column = KEY[groupBy];
  return iqsBy(
    rows.map((r) => ({
      key: r[column],
      state: r.state,
      submitted_at: r.submitted_at,
      score_percent: r.score_percent === null ? null : Number(r.score_percent),
    })),
    period,
  );
}

/**
 * IQS per agent, team, site or vendor for a period, with a total. The transaction carries the
 * actor, so row-level security limits a vendor's users to their own vendor's reviews.
 */
export async function iqsReport(tx: Tx, query: z.output<typeof iqsQuery>) {
  const period = iqsRange(query);
  const result = await iqsOf(tx, period, query.group_by, query);
  const names = await repo.iqsLabels(
    tx,
    query.group_by,
    result.groups.map((g) => g.key).filter((k): k is string => k !== null),
  );
  return {
    ...period,
    tz: query.tz,
    group_by: query.group_by,
    rows: result.groups.map((g) => ({
      key: g.key,
      label: g.key === null ? null : (names.get(g.key) ?? g.key),
      iqs: g.figure,
    })),
    total: result.total,
    notes: [
      'IQS = mean of the current scores (percent, after accepted disputes) of reviews submitted in the period; drafts and calibration scores never count.',
      'A review counts in the period of its submission time; a later rescore changes its score, not its period.',
      'Bonus scores above 100% count as stored.',
      'Vendor and agent are the review’s own; site and team are the agent’s current ones.',
    ],
  };
}
