/**
 * Calibration session figures, as the KPI reference ("QA scorecards") defines alignment: per
 * criterion 1 − |reviewer − benchmark| / criterion range, weighted by criterion weight
 * (scoring.ts calibrationAlignment). Pure: the same scores always give the same figures, whatever
 * order they arrive in. Every figure carries numerator and denominator so it can be checked by hand.
 */
import { type Answers, calibrationAlignment, type Figure, type ScorecardDefinition } from './scoring.js';

export interface CalibrationScore {
  ticketId: string;
  reviewerId: string;
  answers: Answers;
}

export interface ReviewerAlignment extends Figure {
  reviewer_id: string;
  benchmark: boolean;
  /** Conversations scored by both this reviewer and the benchmark. */
  conversations: number;
  criteria: Array<Figure & { id: string }>;
}

export interface SessionAlignment {
  /** Every participant who scored a conversation the benchmark also scored, by reviewer id. */
  reviewers: ReviewerAlignment[];
  /** Per criterion across every reviewer but the benchmark and every conversation. */
  criteria: Array<Figure & { id: string }>;
}

const figure = (numerator: number, denominator: number): Figure => ({
  numerator,
  denominator,
  percent: denominator > 0 ? (100 * numerator) / denominator : null,
});

/**
 * A reviewer's session alignment = Σ over conversations of the weighted alignment numerators /
 * Σ of their denominators (so a conversation counts by the weight of its applicable criteria).
 * Conversations the benchmark did not score are left out for everyone.
 */
export function sessionAlignment(
  definition: ScorecardDefinition,
  benchmarkId: string,
  scores: readonly CalibrationScore[],
): SessionAlignment {
  const benchmark = new Map<string, Answers>();
  for (const s of scores) if (s.reviewerId === benchmarkId) benchmark.set(s.ticketId, s.answers);
  const criterionIds = definition.sections.flatMap((s) => s.criteria.map((c) => c.id));
  const zero = () => new Map(criterionIds.map((id) => [id, { n: 0, d: 0 }]));
  const perReviewer = new Map<
    string,
    { n: number; d: number; conversations: number; criteria: ReturnType<typeof zero> }
  >();
  const overall = zero();
  const ordered = [...scores].sort(
    (a, b) => a.reviewerId.localeCompare(b.reviewerId) || a.ticketId.localeCompare(b.ticketId),
  );
  for (const s of ordered) {
    const reference = benchmark.get(s.ticketId);
    if (!reference) continue;
    const a = calibrationAlignment(definition, reference, s.answers);
    const r = perReviewer.get(s.reviewerId) ?? { n: 0, d: 0, conversations: 0, criteria: zero() };
    r.n += a.numerator;
    r.d += a.denominator;
    r.conversations += 1;
    for (const c of a.criteria) {
      const sum = r.criteria.get(c.id)!;
      sum.n += c.numerator;
      sum.d += c.denominator;
      if (s.reviewerId !== benchmarkId) {
        const all = overall.get(c.id)!;
        all.n += c.numerator;
        all.d += c.denominator;
      }
    }
    perReviewer.set(s.reviewerId, r);
  }
  return {
    reviewers: [...perReviewer].map(([id, r]) => ({
      reviewer_id: id,
      benchmark: id === benchmarkId,
      conversations: r.conversations,
      ...figure(r.n, r.d),
      criteria: [...r.criteria].map(([cid, c]) => ({ id: cid, ...figure(c.n, c.d) })),
    })),
    criteria: [...overall].map(([id, c]) => ({ id, ...figure(c.n, c.d) })),
  };
}

/**
 * "Grade the grader": a reviewer's mean alignment across closed sessions, each session counting
 * once (sessions where they were the benchmark, or had no figure, are left out).
 */
export function graderMeans(
  sessions: ReadonlyArray<Pick<SessionAlignment, 'reviewers'>>,
): Array<{ reviewer_id: string; sessions: number; mean_alignment: number }> {
  const sums = new Map<string, { total: number; n: number }>();
  for (const s of sessions)
    for (const r of s.reviewers) {
      if (r.benchmark || r.percent === null) continue;
      const sum = sums.get(r.reviewer_id) ?? { total: 0, n: 0 };
      sum.total += r.percent;
      sum.n += 1;
      sums.set(r.reviewer_id, sum);
    }
  return [...sums]
    .map(([id, s]) => ({ reviewer_id: id, sessions: s.n, mean_alignment: s.total / s.n }))
    .sort((a, b) => a.reviewer_id.localeCompare(b.reviewer_id));
}
