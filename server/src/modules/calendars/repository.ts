import type { NewRow, RowUpdate } from '../../platform/db/schema.js';
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

const calendarColumns = [
  'id',
  'name',
  'vendor_id',
  'time_zone',
  'weekly_hours',
  'created_at',
  'updated_at',
] as const;

export function listCalendars(tx: Tx) {
  return tx.selectFrom('business_calendars').select(calendarColumns).orderBy('name').orderBy('id').execute();
}

export function findCalendar(tx: Tx, id: string) {
  return tx.selectFrom('business_calendars').select(calendarColumns).where('id', '=', id).executeTakeFirst();
}

export function insertCalendar(tx: Tx, values: NewRow<'business_calendars'>) {
  return tx
    .insertInto('business_calendars')
    .values(values)
    .returning(calendarColumns)
    .executeTakeFirstOrThrow();
}

export function updateCalendar(tx: Tx, id: string, values: RowUpdate<'business_calendars'>) {
  return tx
    .updateTable('business_calendars')
    .set(values)
    .where('id', '=', id)
    .returning(calendarColumns)
    .executeTakeFirst();
}

/** Where a calendar is in use (brand, vendors, sites), looked up as the owner: another vendor's site counts too. */
export async function calendarInUse(tx: Tx, id: string): Promise<boolean> {
  const row = await tx
    .selectNoFrom((eb) => [
      eb
        .or([
          eb.exists(eb.selectFrom('organizations').select('id').where('calendar_id', '=', id)),
          eb.exists(eb.selectFrom('vendors').select('id').where('calendar_id', '=', id)),
          eb.exists(eb.selectFrom('sites').select('id').where('calendar_id', '=', id)),
        ])
        .as('used'),
    ])
    .executeTakeFirstOrThrow();
  return Boolean(row.used);
}

export async function deleteCalendar(tx: Tx, id: string) {
  await tx.deleteFrom('business_calendars').where('id', '=', id).execute();
}

export function listHolidays(tx: Tx, calendarId: string) {
  return tx
    .selectFrom('calendar_holidays')
    .select(['id', 'name', 'date', 'yearly'])
    .where('calendar_id', '=', calendarId)
    .orderBy('date')
    .execute();
}

/** Inserts holidays, keeping any already on the same date; returns how many were new. */
export async function insertHolidays(
  tx: Tx,
  calendarId: string,
  rows: { name: string; date: string; yearly: boolean }[],
) {
  if (!rows.length) return [];
  return tx
    .insertInto('calendar_holidays')
    .values(rows.map((r) => ({ calendar_id: calendarId, ...r })))
    .onConflict((oc) => oc.columns(['calendar_id', 'date']).doNothing())
    .returning(['id', 'name', 'date', 'yearly'])
    .execute();
}

export async function deleteHoliday(tx: Tx, calendarId: string, holidayId: string) {
  const r = await tx
    .deleteFrom('calendar_holidays')
    .where('id', '=', holidayId)
    .where('calendar_id', '=', calendarId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Points the brand, a vendor or a site at a calendar (calendar_id columns from migration 0012). */
export async function assignCalendar(
  tx: Tx,
  scope: 'brand' | 'vendor' | 'site',
  id: string,
  calendarId: string | null,
): Promise<boolean> {
  const table = scope === 'brand' ? 'organizations' : scope === 'vendor' ? 'vendors' : 'sites';
  const r = await tx
    .updateTable(table)
    .set({ calendar_id: calendarId })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
