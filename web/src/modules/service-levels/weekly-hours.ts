import { WEEKDAYS } from '../../api/server-schemas';

/**
 * A calendar's weekly hours as one line of text per weekday, "09:00-12:00, 13:00-17:00" (empty:
 * closed), and back to the API's `{ mon: [{ start, end }] }`.
 */

export type Weekday = (typeof WEEKDAYS)[number];
export type Interval = { start: string; end: string };
export type WeeklyHours = Partial<Record<Weekday, Interval[]>>;
export type WeeklyText = Record<Weekday, string>;

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$|^24:00$/;
const pad = (time: string) => (time.length === 4 ? `0${time}` : time);
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));

export function hoursToText(hours: WeeklyHours): WeeklyText {
  return Object.fromEntries(
    WEEKDAYS.map((day) => [day, (hours[day] ?? []).map((i) => `${i.start}-${i.end}`).join(', ')]),
  ) as WeeklyText;
}

/** One day's line as intervals, or the problem in words. */
export function parseDay(text: string): { intervals: Interval[] } | { error: string } {
  const intervals: Interval[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [rawStart, rawEnd, ...extra] = part.split(/\s*[-–]\s*/);
    if (!rawStart || !rawEnd || extra.length)
      return { error: `“${part}” is not a range such as 09:00-17:00` };
    if (!TIME.test(rawStart) || rawStart === '24:00')
      return { error: `${rawStart} is not a time between 00:00 and 23:59` };
    if (!TIME.test(rawEnd)) return { error: `${rawEnd} is not a time between 00:01 and 24:00` };
    const start = pad(rawStart);
    const end = pad(rawEnd);
    if (minutesOf(end) <= minutesOf(start)) return { error: `${part}: the end must be after the start` };
    const previous = intervals.at(-1);
    if (previous && minutesOf(start) < minutesOf(previous.end))
      return { error: `${part} overlaps or comes before ${previous.start}-${previous.end}` };
    intervals.push({ start, end });
  }
  return { intervals };
}

/** The API body, or the problems by weekday; a closed day is left out. */
export function textToHours(text: WeeklyText): {
  hours: WeeklyHours;
  errors: Partial<Record<Weekday, string>>;
} {
  const hours: WeeklyHours = {};
  const errors: Partial<Record<Weekday, string>> = {};
  for (const day of WEEKDAYS) {
    const parsed = parseDay(text[day] ?? '');
    if ('error' in parsed) errors[day] = parsed.error;
    else if (parsed.intervals.length) hours[day] = parsed.intervals;
  }
  return { hours, errors };
}

/** "Mon–Fri 09:00-17:00; Sat 10:00-14:00", "Closed all week". */
export function summarizeHours(hours: WeeklyHours): string {
  const lines: { days: Weekday[]; text: string }[] = [];
  for (const day of WEEKDAYS) {
    const text = (hours[day] ?? []).map((i) => `${i.start}-${i.end}`).join(', ');
    const last = lines.at(-1);
    if (
      text &&
      last &&
      last.text === text &&
      WEEKDAYS.indexOf(last.days.at(-1)!) === WEEKDAYS.indexOf(day) - 1
    )
      last.days.push(day);
    else if (text) lines.push({ days: [day], text });
  }
  if (!lines.length) return 'Closed all week';
  const name = (d: Weekday) => d[0]!.toUpperCase() + d.slice(1);
  return lines
    .map(({ days, text }) =>
      days.length > 1 ? `${name(days[0]!)}–${name(days.at(-1)!)} ${text}` : `${name(days[0]!)} ${text}`,
    )
    .join('; ');
}
