/**
 * Every KPI is a ratio or a mean over counts that add up across hours, vendors and agents, so the
 * same function serves one agent-hour and a whole month. A figure carries its parts and the
 * definition variant it uses, because a brand pays vendors by these numbers and must be able to
 * reproduce them (see /docs and kpi-reference.md).
 */
export interface Figure {
  /** null when the denominator is 0: no data is not 0 %. */
  value: number | null;
  numerator: number;
  denominator: number;
  variant: string;
}

export function ratio(numerator: number, denominator: number, variant: string): Figure {
  return { value: denominator > 0 ? numerator / denominator : null, numerator, denominator, variant };
}

/** Rounds for display only; stored figures keep full precision. */
export function round(value: number | null, digits = 1): number | null {
  if (value === null) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
