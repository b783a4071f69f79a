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

/**
 * Where the p-th percentile (0..1) lies, to the bucket: at most the bucket's upper bound, or, in
 * the open top bucket, over the last finite bound (there is no upper bound to give). null: no values.
 */
export function percentileBucket(
  histogram: readonly number[],
  p: number,
): { atMost: number; over: null } | { atMost: null; over: number } | null {
  const total = histogram.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(Math.ceil(p * total), 1);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0;
    if (seen < rank) continue;
    const upper = DURATION_BUCKETS_SECONDS[i]!;
    return Number.isFinite(upper)
      ? { atMost: upper, over: null }
      : { atMost: null, over: DURATION_BUCKETS_SECONDS[i - 1]! };
  }
  return null;
}
