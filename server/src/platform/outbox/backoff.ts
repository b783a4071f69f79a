/** When a failed delivery is tried again: the base wait doubles each attempt, capped, with jitter. */

export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/**
 * Milliseconds to wait after `attempts` failed attempts (1 = the first failure). `jitter` in [0, 1)
 * spreads retries of many deliveries that failed together over the upper half of the window.
 */
export function retryDelayMs(
  attempts: number,
  baseMs: number,
  jitter = Math.random(),
  capMs = MAX_RETRY_DELAY_MS,
) {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const window = Math.min(baseMs * 2 ** exponent, capMs);
  return Math.round(window / 2 + (window / 2) * jitter);
}
