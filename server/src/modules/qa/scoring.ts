/**
 * QA scorecard scoring, as docs/kpi-reference.md ("QA scorecards") defines it. Pure: no I/O, no
 * clock, the same answers on the same scorecard version always give the same figures. Every figure
 * carries its numerator and denominator so a vendor can check the percent by hand.
 */

export type Scale =
  | { kind: 'binary' }
  | { kind: 'points'; points: 3 | 4 | 5 }
  | { kind: 'custom'; values: readonly number[] };

/** none: an ordinary criterion; review: failing it sets the review to 0; section: sets its section to 0. */
export type Critical = 'none' | 'review' | 'section';

export interface Criterion {
  id: string;
  name: string;
  scale: Scale;
  /** The criterion's weight inside its section; in points mode also its points. */
  weight: number;
  na_allowed: boolean;
  critical: Critical;
  /**
   * An automatic criterion is pre-scored from the automated checks' findings on the reviewed
   * agent's replies (automatic.ts): no open finding of these checks → the scale's highest value,
   * one or more → its lowest. Scoring itself treats it like any other criterion.
   */
  automatic?: { checks: readonly string[] } | undefined;
}

export interface Section {
  id: string;
  name: string;
  /** Used when the scorecard weights by section. */
  weight: number;
  /** A bonus section adds to the numerator only; above 100% only when the scorecard allows it. */
  bonus: boolean;
  criteria: Criterion[];
}

export interface ScorecardDefinition {
  weighting: 'sections' | 'points';
  allow_above_100: boolean;
  sections: Section[];
}

/** A selected scale value, or 'n/a' (not applicable to this conversation). */
export type AnswerValue = number | 'n/a';
export type Answers = Readonly<Record<string, AnswerValue>>;

export interface Figure {
  numerator: number;
  denominator: number;
  /** 100 × numerator / denominator; null when the denominator is 0 (everything N/A). */
  percent: number | null;
}

export interface CriterionScore extends Figure {
  id: string;
  na: boolean;
  /** A critical criterion answered with its scale's lowest value. */
  failed_critical: boolean;
}

export interface SectionScore extends Figure {
  id: string;
  bonus: boolean;
  auto_failed: boolean;
  criteria: CriterionScore[];
}

export interface ReviewScore extends Figure {
  weighting: 'sections' | 'points';
  auto_failed: boolean;
  sections: SectionScore[];
}

const figure = (numerator: number, denominator: number): Figure => ({
  numerator,
  denominator,
  percent: denominator > 0 ? (100 * numerator) / denominator : null,
});

/** The values a scale offers, lowest first. */
export function scaleValues(scale: Scale): number[] {
  if (scale.kind === 'binary') return [0, 1];
  if (scale.kind === 'points') return Array.from({ length: scale.points }, (_, i) => i + 1);
  return [...new Set(scale.values)].sort((a, b) => a - b);
}

export function scaleRange(scale: Scale): { min: number; max: number } {
  const values = scaleValues(scale);
  return { min: values[0]!, max: values[values.length - 1]! };
}

/** (selected − min) / (max − min). */
export function criterionFraction(scale: Scale, selected: number): number {
  const { min, max } = scaleRange(scale);
  return (selected - min) / (max - min);
}

export interface AnswerProblem {
  criterionId: string;
  message: string;
}

/** What keeps `answers` from being scored: unknown criteria, missing answers, values off the scale. */
export function answerProblems(
  definition: ScorecardDefinition,
  answers: Answers,
  options: { requireAll: boolean },
): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const criteria = new Map(definition.sections.flatMap((s) => s.criteria.map((c) => [c.id, c] as const)));
  for (const [id, value] of Object.entries(answers)) {
    const criterion = criteria.get(id);
    if (!criterion)
      problems.push({ criterionId: id, message: 'no such criterion in this scorecard version' });
    else if (value === 'n/a') {
      if (!criterion.na_allowed) problems.push({ criterionId: id, message: 'N/A is not allowed here' });
    } else if (!scaleValues(criterion.scale).includes(value)) {
      problems.push({ criterionId: id, message: `choose one of ${scaleValues(criterion.scale).join(', ')}` });
    }
  }
  if (options.requireAll) {
    for (const id of criteria.keys()) {
      if (!(id in answers)) problems.push({ criterionId: id, message: 'not answered' });
    }
  }
  return problems;
}

function scoreCriterion(criterion: Criterion, value: AnswerValue): CriterionScore {
  if (value === 'n/a') return { id: criterion.id, na: true, failed_critical: false, ...figure(0, 0) };
  const failed = criterion.critical !== 'none' && value === scaleRange(criterion.scale).min;
  return {
    id: criterion.id,
    na: false,
    failed_critical: failed,
    ...figure(criterion.weight * criterionFraction(criterion.scale, value), criterion.weight),
  };
}

/**
 * Scores complete, valid answers (check answerProblems first; this throws on a missing answer).
 * Section = Σ weight × criterion score / Σ weight of answered criteria. Review = by section weights
 * (Σ section weight × section score / Σ section weight) or by points (Σ section points / Σ section
 * maximum points). N/A criteria, and sections whose criteria are all N/A, leave both sums.
 */
export function scoreReview(definition: ScorecardDefinition, answers: Answers): ReviewScore {
  let reviewFailed = false;
  const sections: SectionScore[] = definition.sections.map((section) => {
    const criteria = section.criteria.map((c) => {
      const value = answers[c.id];
      if (value === undefined) throw new Error(`criterion ${c.id} is not answered`);
      return scoreCriterion(c, value);
    });
    const failedHere = (kind: Critical) =>
      section.criteria.some((c, i) => c.critical === kind && criteria[i]!.failed_critical);
    if (failedHere('review')) reviewFailed = true;
    const autoFailed = failedHere('section') || failedHere('review');
    let numerator = 0;
    let denominator = 0;
    for (const c of criteria) {
      numerator += c.numerator;
      denominator += c.denominator;
    }
    if (autoFailed) numerator = 0;
    return {
      id: section.id,
      bonus: section.bonus,
      auto_failed: autoFailed,
      criteria,
      ...figure(numerator, denominator),
    };
  });

  let numerator = 0;
  let denominator = 0;
  for (const [i, s] of sections.entries()) {
    if (s.denominator === 0) continue;
    const weight = definition.sections[i]!.weight;
    const earned = definition.weighting === 'sections' ? (weight * s.numerator) / s.denominator : s.numerator;
    const possible = definition.weighting === 'sections' ? weight : s.denominator;
    numerator += earned;
    if (!s.bonus) denominator += possible;
  }
  if (!definition.allow_above_100) numerator = Math.min(numerator, denominator);
  if (reviewFailed) numerator = 0;
  return {
    weighting: definition.weighting,
    auto_failed: reviewFailed,
    sections,
    ...figure(numerator, denominator),
  };
}

export interface CriterionAlignment extends Figure {
  id: string;
}

/**
 * Calibration: how closely a reviewer's answers match the benchmark reviewer's on the same
 * conversation. Per criterion 1 − |reviewer − benchmark| / (max − min), weighted by criterion weight.
 * N/A follows the reference's rule that it "never counts as 0 or 100": both N/A leaves the criterion
 * out of the numerator and the maximum. Exactly one N/A is a disagreement on whether the criterion
 * applies at all, so it aligns 0. Everything N/A on both sides: denominator 0, percent null.
 */
export function calibrationAlignment(
  definition: ScorecardDefinition,
  benchmark: Answers,
  reviewer: Answers,
): Figure & { criteria: CriterionAlignment[] } {
  const criteria: CriterionAlignment[] = [];
  let numerator = 0;
  let denominator = 0;
  for (const c of definition.sections.flatMap((s) => s.criteria)) {
    const b = benchmark[c.id];
    const r = reviewer[c.id];
    if (b === undefined || r === undefined) throw new Error(`criterion ${c.id} is not answered by both`);
    if (b === 'n/a' && r === 'n/a') {
      criteria.push({ id: c.id, ...figure(0, 0) });
      continue;
    }
    let alignment: number;
    if (b === 'n/a' || r === 'n/a') alignment = 0;
    else alignment = 1 - Math.abs(criterionFraction(c.scale, r) - criterionFraction(c.scale, b));
    criteria.push({ id: c.id, ...figure(c.weight * alignment, c.weight) });
    numerator += c.weight * alignment;
    denominator += c.weight;
  }
  return { criteria, ...figure(numerator, denominator) };
}
