/**
 * A token bucket per key (a visitor id): `perMinute` tokens refill evenly over a minute, with bursts of
 * up to `burst`. In process memory: each server process limits the sockets it holds, which bounds a
 * visitor to (processes × limit) — enough to stop a flood without a database round trip per frame.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for key; false when the key has none left. */
  take(key: string): boolean {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) * this.perMinute) / 60_000);
    b.at = t;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.sweep(t);
    return ok;
  }

  /** Forgets full buckets, so the map holds only visitors who were recently busy. */
  private sweep(t: number) {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((t - b.at) * this.perMinute) / 60_000 >= this.burst) this.buckets.delete(key);
    }
  }
}
