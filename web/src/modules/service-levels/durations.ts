/**
 * Targets are stored in whole minutes (SLA policies) or seconds (contract service levels); people
 * think in minutes, hours and days. These turn one into the other for the forms and the lists.
 */

export type MinuteUnit = 'minutes' | 'hours' | 'days';
export type SecondUnit = 'seconds' | 'minutes' | 'hours';

const MINUTES_PER: Record<MinuteUnit, number> = { minutes: 1, hours: 60, days: 1440 };
const SECONDS_PER: Record<SecondUnit, number> = { seconds: 1, minutes: 60, hours: 3600 };

/** The largest unit that shows `minutes` as a whole number: 240 → 4 hours, 90 → 90 minutes. */
export function splitMinutes(minutes: number): { amount: number; unit: MinuteUnit } {
  if (minutes > 0 && minutes % 1440 === 0) return { amount: minutes / 1440, unit: 'days' };
  if (minutes > 0 && minutes % 60 === 0) return { amount: minutes / 60, unit: 'hours' };
  return { amount: minutes, unit: 'minutes' };
}

/** An amount in a unit as minutes; fractions that land on a whole minute are exact (1.5 h → 90). */
export const toMinutes = (amount: number, unit: MinuteUnit) => round6(amount * MINUTES_PER[unit]);

export function splitSeconds(seconds: number): { amount: number; unit: SecondUnit } {
  if (seconds > 0 && seconds % 3600 === 0) return { amount: seconds / 3600, unit: 'hours' };
  if (seconds > 0 && seconds % 60 === 0) return { amount: seconds / 60, unit: 'minutes' };
  return { amount: seconds, unit: 'seconds' };
}

export const toSeconds = (amount: number, unit: SecondUnit) => round6(amount * SECONDS_PER[unit]);

// 0.1 h * 60 is 6.000000000000001 in floating point; the API wants the integer people meant.
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** "45 min", "4 h", "1 h 30 min", "2 d", "1 d 4 h". */
export function formatMinutes(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', rest ? `${rest} min` : ''].filter(
    Boolean,
  );
  return parts.length ? parts.join(' ') : '0 min';
}

/** "30 s", "4 h", "2 min 30 s". */
export function formatSeconds(seconds: number): string {
  if (seconds % 60 === 0) return formatMinutes(seconds / 60);
  const whole = Math.floor(seconds / 60);
  return whole ? `${formatMinutes(whole)} ${seconds % 60} s` : `${seconds} s`;
}

/**
 * The fields of `after` that differ from `before`: a PATCH names only what the user changed, so an
 * edit never resets a column someone else changed meanwhile.
 */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[])
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed[key] = after[key];
  return changed;
}
