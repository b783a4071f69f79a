import { poisson, type Rng } from './random.js';

/**
 * When contacts arrive: a non-homogeneous Poisson process whose hourly rate follows the brand's local
 * business day and working week. Kept apart from row building so a traffic simulator can draw live
 * arrivals from the same process.
 */
export interface ArrivalProfile {
  /** Mean contacts per day across a whole week. */
  perDay: number;
  /** The customers' (brand's) local time, which sets the daily and weekly rhythm. */
  timeZone: string;
  /** Relative rate per local hour 0–23. */
  hourly: readonly number[];
  /** Relative rate per local weekday, Sunday (0) to Saturday (6). */
  weekly: readonly number[];
}

export const DEMO_ARRIVALS: ArrivalProfile = {
  perDay: 33,
  timeZone: 'Europe/Copenhagen',
  // Quiet nights, a morning ramp, a peak late morning and early afternoon, a tail into the evening.
  hourly: [
    0.2, 0.12, 0.1, 0.1, 0.12, 0.2, 0.45, 0.9, 1.6, 2.1, 2.3, 2.2, 1.9, 2.0, 2.1, 1.9, 1.6, 1.3, 1.1, 1.0,
    0.9, 0.7, 0.5, 0.3,
  ],
  // Mondays carry the weekend's backlog; weekends are a fraction of a weekday.
  weekly: [0.45, 1.25, 1.15, 1.1, 1.05, 1.0, 0.55],
};

const HOUR = 3_600_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The local hour (0–23) and weekday (0 = Sunday) of an instant in a time zone. */
export function localTime(date: Date, timeZone: string): { hour: number; weekday: number } {
  const parts = formatter(timeZone).formatToParts(date);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value) % 24;
  const weekday = WEEKDAYS.indexOf(parts.find((p) => p.type === 'weekday')?.value ?? '');
  return { hour, weekday };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Expected arrivals per hour at this instant. */
export function hourlyRate(date: Date, profile: ArrivalProfile): number {
  const { hour, weekday } = localTime(date, profile.timeZone);
  const h = profile.hourly[hour]! / mean(profile.hourly);
  const w = profile.weekly[weekday]! / mean(profile.weekly);
  return (profile.perDay / 24) * h * w;
}

/** Arrival instants in [from, to), ascending. */
export function arrivalsBetween(
  from: Date,
  to: Date,
  rng: Rng,
  profile: ArrivalProfile = DEMO_ARRIVALS,
): Date[] {
  const arrivals: Date[] = [];
  const end = to.getTime();
  // Hour-aligned slots: the rate is constant within a local hour (every zone in use is whole-hour offset).
  for (let slot = Math.floor(from.getTime() / HOUR) * HOUR; slot < end; slot += HOUR) {
    const start = Math.max(slot, from.getTime());
    const stop = Math.min(slot + HOUR, end);
    const count = poisson(rng, (hourlyRate(new Date(slot), profile) * (stop - start)) / HOUR);
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push(start + Math.floor(rng() * (stop - start)));
    times.sort((a, b) => a - b);
    for (const t of times) arrivals.push(new Date(t));
  }
  return arrivals;
}
