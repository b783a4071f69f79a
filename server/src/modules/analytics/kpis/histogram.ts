/**
 * Durations (seconds) as counts in fixed buckets, so percentiles add up across rollup rows. A
 * percentile read from buckets is the upper bound of the bucket holding it: exact to the bucket,
 * and labelled as such.
 */
export const DURATION_BUCKETS_SECONDS = [
  60,
  300,
  900,
  1800,
  3600,
  7200,
  14_400,
  28_800,
  86_400,
  172_800,
  604_800,
  Number.POSITIVE_INFINITY,
] as const;

export function emptyHistogram(): number[] {
  return DURATION_BUCKETS_SECONDS.map(() => 0);
}

export function bucketOf(seconds: number): number {
  return DURATION_BUCKETS_SECONDS.findIndex((upper) => seconds <= upper);
}

export function addHistograms(a: readonly number[], b: readonly number[], sign = 1): number[] {
  return DURATION_BUCKETS_SECONDS.map((_, i) => (a[i] ?? 0) + sign * (b[i] ?? 0));
}

/** The smallest bucket upper bound at or below which at least p (0..1) of the values lie. */
export function percentileUpperBound(histogram: readonly number[], p: number): number | null {
  const total = histogram.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.ceil(p * total);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0;
    if (seen >= Math.max(rank, 1)) return DURATION_BUCKETS_SECONDS[i]!;
  }
  return null;
}
