import type { Tx } from '../../platform/db/transaction.js';
import type { CalendarSpec } from './opening-hours.js';

/** The clock-math view of calendars by id, holidays included, in one round trip. */
export async function loadCalendarSpecs(
  tx: Tx,
  calendarIds: readonly string[],
): Promise<Map<string, CalendarSpec>> {
  const specs = new Map<string, CalendarSpec>();
  if (calendarIds.length === 0) return specs;
  const rows = await tx
    .selectFrom('business_calendars as c')
    .leftJoin('calendar_holidays as h', 'h.calendar_id', 'c.id')
    .select(['c.id', 'c.time_zone', 'c.weekly_hours', 'h.date', 'h.yearly'])
    .where('c.id', 'in', calendarIds)
    .execute();
  for (const row of rows) {
    let spec = specs.get(row.id);
    if (!spec) {
      spec = { timeZone: row.time_zone, weeklyHours: row.weekly_hours, holidays: [] };
      specs.set(row.id, spec);
    }
    if (row.date) spec.holidays.push({ date: row.date, yearly: row.yearly ?? false });
  }
  return specs;
}
