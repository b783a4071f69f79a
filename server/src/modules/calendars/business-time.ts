import { DateTime, IANAZone } from 'luxon';
import { WEEKDAYS } from '../../platform/db/schema.js';
import { type CalendarSpec, isHoliday, minutesOfDay } from './opening-hours.js';

/**
 * Business-time math: elapsed open time between two instants and "add N business milliseconds".
 * Each local day of the calendar becomes its open intervals as UTC instants (luxon resolves the wall
 * clock in the calendar's IANA zone, so a 09:00–17:00 day is 8 h on a DST day too, and a day whose
 * hours straddle the change is as long as the clocks really ran). Days are cached per calendar, so
 * recomputing a million tickets converts each calendar day once, not once per ticket.
 */

const DAY_MS = 86_400_000;
/** The longest stretch searched for open time before a calendar is declared never open. */
const MAX_SEARCH_DAYS = 3_700;

type Intervals = readonly (readonly [number, number])[];

interface Compiled {
  zone: IANAZone;
  days: Map<number, Intervals>;
}

const compiledSpecs = new WeakMap<CalendarSpec, Compiled>();

function compile(spec: CalendarSpec): Compiled {
  let compiled = compiledSpecs.get(spec);
  if (!compiled) {
    const zone = IANAZone.create(spec.timeZone);
    if (!zone.isValid) throw new RangeError(`unknown time zone ${spec.timeZone}`);
    compiled = { zone, days: new Map() };
    compiledSpecs.set(spec, compiled);
  }
  return compiled;
}

/** The local day number (days since 1970-01-01 in the calendar's zone) that an instant falls on. */
function localDay(c: Compiled, ms: number): number {
  return Math.floor((ms + c.zone.offset(ms) * 60_000) / DAY_MS);
}

/** A local day's open intervals as [startMs, endMs) UTC instants, in order. */
function openIntervals(spec: CalendarSpec, c: Compiled, day: number): Intervals {
  const cached = c.days.get(day);
  if (cached) return cached;
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const dayOfMonth = date.getUTCDate();
  const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7]!;
  const iso = date.toISOString().slice(0, 10);
  let intervals: Intervals = [];
  const hours = spec.weeklyHours[weekday] ?? [];
  if (hours.length && !isHoliday(spec, iso)) {
    const at = (minutes: number) =>
      DateTime.fromObject(
        { year, month, day: dayOfMonth, hour: Math.floor(minutes / 60), minute: minutes % 60 },
        { zone: spec.timeZone },
      ).toMillis();
    const midnightNext = DateTime.fromObject({ year, month, day: dayOfMonth }, { zone: spec.timeZone })
      .plus({ days: 1 })
      .toMillis();
    intervals = [...hours]
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((h) => {
        const end = minutesOfDay(h.end);
        return [at(minutesOfDay(h.start)), end === 1440 ? midnightNext : at(end)] as const;
      })
      .filter(([s, e]) => e > s);
  }
  c.days.set(day, intervals);
  return intervals;
}

const ms = (t: Date | number) => (typeof t === 'number' ? t : t.getTime());

/** Open (business) milliseconds in [from, to); 0 when to ≤ from. */
export function businessMillisBetween(spec: CalendarSpec, from: Date | number, to: Date | number): number {
  const start = ms(from);
  const end = ms(to);
  if (!(end > start)) return 0;
  const c = compile(spec);
  let total = 0;
  // A local day's hours can begin before its UTC date (east of Greenwich): start one day early.
  const lastDay = localDay(c, end);
  for (let day = localDay(c, start) - 1; day <= lastDay + 1; day++) {
    for (const [s, e] of openIntervals(spec, c, day)) {
      const lo = Math.max(s, start);
      const hi = Math.min(e, end);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

/**
 * The instant at which `amount` business milliseconds have elapsed since `from`. Adding 0 gives
 * `from` itself (even when closed), so "due now" stays "now". Never (null) when the calendar has
 * no open time in the next ten years (no weekly hours, or every day a holiday): its clocks never run.
 */
export function addBusinessMillis(spec: CalendarSpec, from: Date | number, amount: number): Date | null {
  const at = addBusinessMillisAt(spec, ms(from), amount);
  return Number.isFinite(at) ? new Date(at) : null;
}

/** As addBusinessMillis in epoch ms; +Infinity for never. */
export function addBusinessMillisAt(spec: CalendarSpec, start: number, amount: number): number {
  if (amount <= 0) return start;
  const c = compile(spec);
  let left = amount;
  const firstDay = localDay(c, start) - 1;
  for (let day = firstDay; day <= firstDay + MAX_SEARCH_DAYS; day++) {
    for (const [s, e] of openIntervals(spec, c, day)) {
      const lo = Math.max(s, start);
      if (e <= lo) continue;
      if (e - lo >= left) return lo + left;
      left -= e - lo;
    }
  }
  // No open time to count in: business time never elapses, so nothing ever comes due.
  return Number.POSITIVE_INFINITY;
}

/** Whether a calendar has any weekly hours at all (else business targets can never come due). */
export function hasOpenHours(spec: CalendarSpec): boolean {
  return WEEKDAYS.some((d) => (spec.weeklyHours[d] ?? []).length > 0);
}
