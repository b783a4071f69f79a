/**
 * A contract's term, notice deadline and reminders (issue #21 item 1, docs/billing.md), pure: days
 * are UTC `YYYY-MM-DD` strings. The term ends on `term_ends_on` (its last day). Notice must be given
 * by `notice_days` before it: the notice deadline. A contract that auto-renews rolls its term forward
 * by `renewal_term_months` once the end has passed, as often as needed to reach today.
 */

export interface ContractDates {
  term_ends_on: string | null;
  notice_days: number | null;
  auto_renews: boolean;
  renewal_term_months: number | null;
}

export const REMINDER_KINDS = ['notice_30', 'notice_7', 'term_end'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export interface Reminder {
  kind: ReminderKind;
  due_on: string;
}

/** Days a missed daily run may still send a reminder late (the unique record keeps it once). */
export const CATCH_UP_DAYS = 2;

const parse = (day: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return { y, m, d };
};
const format = (date: Date) => date.toISOString().slice(0, 10);

/** The UTC day of an instant. */
export const dayOf = (now: Date) => format(now);

/** Whether `day` is a real calendar day like 2028-02-29 (not 2027-02-29 nor 2026-04-31). */
export function isRealDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const { y, m, d } = parse(day);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function addDays(day: string, days: number): string {
  const { y, m, d } = parse(day);
  return format(new Date(Date.UTC(y, m - 1, d + days)));
}

/** Calendar months later; a day past the target month's end is clamped to it (Jan 31 + 1 → Feb 28/29). */
export function addMonths(day: string, months: number): string {
  const { y, m, d } = parse(day);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return format(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))));
}

/**
 * The end of the term running on `today`: term_ends_on, or for an auto-renewing contract whose end
 * has passed, the first renewal end on or after today (each counted from term_ends_on, so a term
 * ending on the 31st keeps ending on month ends). Null without a term end.
 */
export function currentTermEnd(c: ContractDates, today: string): string | null {
  if (c.term_ends_on === null) return null;
  if (c.term_ends_on >= today || !c.auto_renews || !c.renewal_term_months) return c.term_ends_on;
  let k = 1;
  let end = addMonths(c.term_ends_on, c.renewal_term_months);
  while (end < today) {
    k += 1;
    end = addMonths(c.term_ends_on, k * c.renewal_term_months);
  }
  return end;
}

/** The last day to give notice for the current term: its end less notice_days; null without both. */
export function noticeDeadline(c: ContractDates, today: string): string | null {
  const end = currentTermEnd(c, today);
  if (end === null || c.notice_days === null) return null;
  return addDays(end, -c.notice_days);
}

/** The current term's reminders, earliest first: 30 and 7 days before the notice deadline, and the term end. */
export function reminders(c: ContractDates, today: string): Reminder[] {
  const end = currentTermEnd(c, today);
  if (end === null) return [];
  const deadline = noticeDeadline(c, today);
  const list: Reminder[] = [];
  if (deadline !== null) {
    list.push({ kind: 'notice_30', due_on: addDays(deadline, -30) });
    list.push({ kind: 'notice_7', due_on: addDays(deadline, -7) });
  }
  list.push({ kind: 'term_end', due_on: end });
  return list.sort((a, b) => (a.due_on < b.due_on ? -1 : a.due_on > b.due_on ? 1 : 0));
}

/** The next reminder on or after today; null when none is left (a term that ended without renewing). */
export function nextReminder(c: ContractDates, today: string): Reminder | null {
  return reminders(c, today).find((r) => r.due_on >= today) ?? null;
}

/** The reminders the daily run sends on `today`: due today, or up to CATCH_UP_DAYS late. */
export function dueReminders(c: ContractDates, today: string): Reminder[] {
  const from = addDays(today, -CATCH_UP_DAYS);
  return reminders(c, today).filter((r) => r.due_on <= today && r.due_on >= from);
}
