import { DateTime } from 'luxon';
import { WEEKDAYS, type WeeklyHours } from '../../platform/db/schema.js';

/** A calendar as the pure clock math sees it: no ids, no I/O. */
export interface CalendarSpec {
  timeZone: string;
  weeklyHours: WeeklyHours;
  /** ISO dates (YYYY-MM-DD); a yearly holiday matches the same month and day every year. */
  holidays: { date: string; yearly: boolean }[];
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

export function minutesOfDay(hhmm: string): number {
  if (!HH_MM.test(hhmm)) throw new RangeError(`not a wall-clock time HH:MM: ${hhmm}`);
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** Problems with a weekly-hours value, as [path, message] pairs (empty when valid). */
export function weeklyHoursProblems(hours: WeeklyHours): [string, string][] {
  const problems: [string, string][] = [];
  for (const day of WEEKDAYS) {
    const intervals = hours[day] ?? [];
    let previousEnd = -1;
    const sorted = [...intervals].sort((a, b) => a.start.localeCompare(b.start));
    sorted.forEach((interval, i) => {
      const path = `${day}.${i}`;
      if (!HH_MM.test(interval.start) || interval.start === '24:00') {
        problems.push([`${path}.start`, 'must be HH:MM between 00:00 and 23:59']);
        return;
      }
      if (!HH_MM.test(interval.end)) {
        problems.push([`${path}.end`, 'must be HH:MM between 00:01 and 24:00']);
        return;
      }
      const start = minutesOfDay(interval.start);
      const end = minutesOfDay(interval.end);
      if (end <= start) problems.push([`${path}.end`, 'must be after start']);
      if (start < previousEnd) problems.push([`${path}.start`, 'overlaps the previous interval']);
      previousEnd = Math.max(previousEnd, end);
    });
  }
  return problems;
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

/** Whether the calendar's local date (YYYY-MM-DD) is a holiday. */
export function isHoliday(calendar: CalendarSpec, localDate: string): boolean {
  const monthDay = localDate.slice(5);
  return calendar.holidays.some((h) => (h.yearly ? h.date.slice(5) === monthDay : h.date === localDate));
}

/**
 * Whether the calendar is open at an instant: the instant's wall-clock time in the calendar's
 * zone falls inside one of that weekday's intervals, and the local date is not a holiday.
 * Luxon does the zone conversion, so DST and zones without DST need no special cases here.
 */
export function isOpenAt(calendar: CalendarSpec, at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: calendar.timeZone });
  if (!local.isValid) throw new RangeError(`unknown time zone ${calendar.timeZone}`);
  const day = WEEKDAYS[local.weekday - 1];
  if (!day) return false;
  const intervals = calendar.weeklyHours[day] ?? [];
  if (intervals.length === 0) return false;
  if (isHoliday(calendar, local.toISODate() ?? '')) return false;
  const minute = local.hour * 60 + local.minute + local.second / 60;
  return intervals.some((i) => minute >= minutesOfDay(i.start) && minute < minutesOfDay(i.end));
}
