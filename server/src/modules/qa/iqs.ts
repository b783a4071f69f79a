import type { QaReviewState } from '../../platform/db/schema.js';

/**
 * IQS (internal quality score, docs/kpis reference "QA scorecards"): for a period, the mean of the
 * review scores. Pure: the route reads the rows, this decides which count and sums them.
 *
 * Which reviews count:
 * - submitted reviews only; a draft never counts, whatever score it would have;
 * - in the period of their submission time (`submitted_at`, from inclusive, to exclusive); a later
 *   dispute rescore changes the score but not the period the review counts in;
 * - with the score the review holds now, i.e. the latest revision after accepted disputes;
 * - the score as stored, in percent: a bonus section may lift it above 100 and the mean keeps that;
 * - calibration scores are stored apart (qa_calibration_scores) and never reach this function.
 */
export const IQS_VARIANT = 'iqs:mean-submitted-review-percent:by-submitted-at';

export interface IqsReview {
  /** The group the review counts in (agent, team, site or vendor id); null when it has none. */
  key: string | null;
  state: QaReviewState;
  /** ISO instant; null for drafts. */
  submitted_at: string | null;
  /** The review's current score in percent; null until submitted. */
  score_percent: number | null;
}

export interface IqsFigure {
  /** numerator / denominator; null when no review counts. */
  value: number | null;
  /** Sum of the counted reviews' scores (percent). */
  numerator: number;
  /** Number of counted reviews. */
  denominator: number;
  variant: typeof IQS_VARIANT;
}

export interface IqsResult {
  groups: { key: string | null; figure: IqsFigure }[];
  total: IqsFigure;
}

const figure = (scores: readonly number[]): IqsFigure => {
  // Summed in ascending order so the figure does not depend on the order rows arrive in.
  const numerator = [...scores].sort((a, b) => a - b).reduce((s, x) => s + x, 0);
  const denominator = scores.length;
  return {
    value: denominator > 0 ? numerator / denominator : null,
    numerator,
    denominator,
    variant: IQS_VARIANT,
  };
};

/** Does the review count in [from, to)? Instants compared as times, not as text. */
export function counts(review: IqsReview, period: { from: string; to: string }): boolean {
  if (review.state !== 'submitted' || review.submitted_at === null || review.score_percent === null)
    return false;
  const at = Date.parse(review.submitted_at);
  return at >= Date.parse(period.from) && at < Date.parse(period.to);
}

/** IQS per group (groups ordered by key, null last) and over all counted reviews. */
export function iqsBy(reviews: readonly IqsReview[], period: { from: string; to: string }): IqsResult {
  const byKey = new Map<string | null, number[]>();
  const all: number[] = [];
  for (const r of reviews) {
    if (!counts(r, period)) continue;
    const score = r.score_percent as number;
    all.push(score);
    const list = byKey.get(r.key);
    if (list) list.push(score);
    else byKey.set(r.key, [score]);
  }
  const keys = [...byKey.keys()].sort((a, b) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1,
  );
  return { groups: keys.map((key) => ({ key, figure: figure(byKey.get(key)!) })), total: figure(all) };
}
