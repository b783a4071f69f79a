import type { z } from 'zod';
import type { WeeklyHours } from '../../platform/db/schema.js';
import { type Actor, asOwner, type Tx } from '../../platform/db/transaction.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { emit } from '../../platform/events.js';
import { changes, record } from '../audit/index.js';
import { holidaysFromIcal, IcalError } from './ical.js';
import { isValidTimeZone, weeklyHoursProblems } from './opening-hours.js';
import * as repo from './repository.js';
import type { assignment, calendarCreate, calendarUpdate, holidayCreate } from './schemas.js';

/**
 * Business calendars: the brand's (vendor_id null) and each vendor's own. Everyone in the brand reads
 * brand calendars; a vendor's people also read their vendor's (row-level security). Brand admins
 * change any; vendor admins only their vendor's. Every change emits calendar.updated, which re-times
 * open tickets' SLA clocks.
 */

function checkHours(timeZone: string | undefined, hours: WeeklyHours | undefined) {
  const errors = [];
  if (timeZone !== undefined && !isValidTimeZone(timeZone))
    errors.push({ path: 'body.time_zone', message: 'not an IANA time zone (e.g. Europe/Copenhagen)' });
  if (hours) {
    for (const [path, message] of weeklyHoursProblems(hours))
      errors.push({ path: `body.weekly_hours.${path}`, message });
  }
  if (errors.length) throw new Invalid('The calendar is not valid', errors);
}

export async function getCalendar(tx: Tx, id: string) {
  const calendar = await repo.findCalendar(tx, id);
  if (!calendar) throw new NotFound('Calendar', id);
  return calendar;
}

export async function getCalendarDetail(tx: Tx, id: string) {
  const calendar = await getCalendar(tx, id);
  return { ...calendar, holidays: await repo.listHolidays(tx, id) };
}

export function listCalendars(tx: Tx) {
  return repo.listCalendars(tx);
}

async function writable(tx: Tx, actor: Actor, id: string) {
  const calendar = await getCalendar(tx, id);
  if (actor.vendorId && calendar.vendor_id !== actor.vendorId)
    throw new Forbidden('Only the brand changes the brand’s calendars', [
      { path: 'params.id', message: 'a brand calendar' },
    ]);
  return calendar;
}

async function changed(
  tx: Tx,
  actor: Actor,
  calendarId: string,
  vendorId: string | null,
  type: string,
  audit: { action?: string; objectType?: string; details: Record<string, unknown> },
) {
  await emit(tx, { organizationId: actor.organizationId, vendorId, type, subjectId: calendarId });
  await record(tx, actor, {
    action: audit.action ?? type,
    objectType: audit.objectType ?? 'calendar',
    objectId: calendarId,
    vendorId,
    details: audit.details,
  });
}

export async function createCalendar(tx: Tx, actor: Actor, input: z.output<typeof calendarCreate>) {
  checkHours(input.time_zone, input.weekly_hours);
  if (actor.vendorId && input.vendor_id && input.vendor_id !== actor.vendorId)
    throw new Invalid('A vendor admin creates calendars for their own vendor', [
      { path: 'body.vendor_id', message: 'another vendor' },
    ]);
  const vendorId = actor.vendorId ?? input.vendor_id ?? null;
  if (
    vendorId &&
    !(await tx.selectFrom('vendors').select('id').where('id', '=', vendorId).executeTakeFirst())
  )
    throw new Invalid('Unknown vendor', [{ path: 'body.vendor_id', message: 'unknown vendor' }]);
  const calendar = await repo
    .insertCalendar(tx, {
      organization_id: actor.organizationId,
      vendor_id: vendorId,
      name: input.name,
      time_zone: input.time_zone,
      weekly_hours: JSON.stringify(input.weekly_hours),
    })
    .catch(uniqueName);
  await changed(tx, actor, calendar.id, vendorId, 'calendar.created', {
    details: { name: input.name, time_zone: input.time_zone, weekly_hours: input.weekly_hours },
  });
  return calendar;
}

function uniqueName(err: unknown): never {
  if ((err as { code?: string }).code === '23505')
    throw new Conflict('A calendar with this name exists', [{ path: 'body.name', message: 'already taken' }]);
  throw err;
}

export async function updateCalendar(
  tx: Tx,
  actor: Actor,
  id: string,
  input: z.output<typeof calendarUpdate>,
) {
  const before = await writable(tx, actor, id);
  checkHours(input.time_zone, input.weekly_hours);
  const { weekly_hours, ...rest } = input;
  const calendar = await repo
    .updateCalendar(tx, id, {
      ...rest,
      ...(weekly_hours ? { weekly_hours: JSON.stringify(weekly_hours) } : {}),
      updated_at: new Date().toISOString(),
    })
    .catch(uniqueName);
  if (!calendar) throw new NotFound('Calendar', id);
  await changed(tx, actor, id, before.vendor_id, 'calendar.updated', {
    details: { name: calendar.name, changes: changes(before, calendar, Object.keys(input)) },
  });
  return calendar;
}

export async function deleteCalendar(tx: Tx, actor: Actor, id: string) {
  const calendar = await writable(tx, actor, id);
  if (await asOwner(tx, () => repo.calendarInUse(tx, id)))
    throw new Conflict('The calendar is in use by the brand, a vendor or a site; detach it first', [
      { path: 'params.id', message: 'in use' },
    ]);
  await repo.deleteCalendar(tx, id);
  await changed(tx, actor, id, calendar.vendor_id, 'calendar.deleted', { details: { name: calendar.name } });
}

export async function listHolidays(tx: Tx, id: string) {
  await getCalendar(tx, id);
  return repo.listHolidays(tx, id);
}

export async function addHoliday(tx: Tx, actor: Actor, id: string, input: z.output<typeof holidayCreate>) {
  const calendar = await writable(tx, actor, id);
  const [row] = await repo.insertHolidays(tx, id, [input]);
  if (!row)
    throw new Conflict('There is a holiday on that date already', [{ path: 'body.date', message: 'taken' }]);
  await changed(tx, actor, id, calendar.vendor_id, 'calendar.updated', {
    action: 'calendar.holiday_added',
    details: { name: calendar.name, holiday: input },
  });
  return row;
}

export async function removeHoliday(tx: Tx, actor: Actor, id: string, holidayId: string) {
  const calendar = await writable(tx, actor, id);
  if (!(await repo.deleteHoliday(tx, id, holidayId))) throw new NotFound('Holiday', holidayId);
  await changed(tx, actor, id, calendar.vendor_id, 'calendar.updated', {
    action: 'calendar.holiday_removed',
    details: { name: calendar.name, holiday_id: holidayId },
  });
}

export async function importIcal(tx: Tx, actor: Actor, id: string, ics: string) {
  const calendar = await writable(tx, actor, id);
  let parsed: ReturnType<typeof holidaysFromIcal>;
  try {
    parsed = holidaysFromIcal(ics);
  } catch (err) {
    if (err instanceof IcalError)
      throw new Invalid('The file is not iCalendar', [{ path: 'body.ics', message: err.message }]);
    throw err;
  }
  // One row per date: the first event named for a date wins, like a second import of the same feed.
  const byDate = new Map(parsed.holidays.map((h) => [h.date, h]));
  for (const h of parsed.holidays) if (!byDate.has(h.date)) byDate.set(h.date, h);
  const inserted = await repo.insertHolidays(tx, id, [...byDate.values()]);
  if (inserted.length)
    await changed(tx, actor, id, calendar.vendor_id, 'calendar.updated', {
      action: 'calendar.holidays_imported',
      details: { name: calendar.name, dates: inserted.map((h) => h.date) },
    });
  return {
    imported: inserted.length,
    already_present: byDate.size - inserted.length,
    skipped: parsed.skipped,
  };
}

export async function assignCalendar(tx: Tx, actor: Actor, input: z.output<typeof assignment>) {
  const calendar = input.calendar_id ? await getCalendar(tx, input.calendar_id) : null;
  const bad = (message: string) => new Invalid(message, [{ path: 'body.calendar_id', message }]);
  if (input.scope === 'brand') {
    if (actor.vendorId || actor.role !== 'brand_admin')
      throw new Forbidden('Only brand admins set the brand’s calendar');
    if (calendar?.vendor_id) throw bad('the brand works by a brand calendar, not a vendor’s');
    await asOwner(tx, () => repo.assignCalendar(tx, 'brand', actor.organizationId, input.calendar_id));
    await changed(tx, actor, input.calendar_id ?? actor.organizationId, null, 'calendar.updated', {
      action: 'calendar.assigned',
      details: { ...input, id: actor.organizationId },
    });
    return { ...input, id: actor.organizationId };
  }
  if (!input.id) throw new Invalid('Name the vendor or site', [{ path: 'body.id', message: 'required' }]);
  const owner =
    input.scope === 'vendor'
      ? await tx
          .selectFrom('vendors')
          .select(['id as vendor_id'])
          .where('id', '=', input.id)
          .executeTakeFirst()
      : await tx.selectFrom('sites').select(['vendor_id']).where('id', '=', input.id).executeTakeFirst();
  if (!owner) throw new NotFound(input.scope === 'vendor' ? 'Vendor' : 'Site', input.id);
  if (actor.vendorId && owner.vendor_id !== actor.vendorId) throw new NotFound('Vendor', input.id);
  if (calendar?.vendor_id && calendar.vendor_id !== owner.vendor_id)
    throw bad('a calendar of another vendor');
  await repo.assignCalendar(tx, input.scope, input.id, input.calendar_id);
  await changed(tx, actor, input.calendar_id ?? input.id, owner.vendor_id, 'calendar.updated', {
    action: 'calendar.assigned',
    details: input,
  });
  return { ...input, id: input.id };
}
