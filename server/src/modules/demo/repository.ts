import { sql } from 'kysely';
import type { DB, NewRow } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { TicketEventRow } from './tickets.js';

/** Bulk inserts for the demo seed, as the owner. Multi-row inserts keep the round trips few. */

/** Arbitrary constant for pg_advisory_xact_lock: two processes starting at once seed only once. */
const SEED_LOCK = 7_319_005;
/** Bind parameters per statement, well under PostgreSQL's limit of 65,535. */
const PARAMETERS_PER_STATEMENT = 30_000;

export async function lockSeeding(tx: Tx) {
  await sql`select pg_advisory_xact_lock(${SEED_LOCK})`.execute(tx);
}

export async function insertAll<T extends keyof DB>(tx: Tx, table: T, rows: readonly NewRow<T>[]) {
  if (!rows.length) return;
  const perStatement = Math.max(1, Math.floor(PARAMETERS_PER_STATEMENT / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += perStatement) {
    // Kysely cannot check a values() call over a table chosen at run time; NewRow<T> already did.
    await tx
      .insertInto(table)
      .values(rows.slice(i, i + perStatement) as never)
      .execute();
  }
}

/** History rows: a null before/after stays SQL null rather than the JSON value null. */
export function insertTicketEvents(tx: Tx, events: readonly TicketEventRow[]) {
  const json = (v: unknown) => (v === null || v === undefined ? sql<string>`null` : JSON.stringify(v));
  return insertAll(
    tx,
    'ticket_events',
    events.map((e) => ({ ...e, before: json(e.before), after: json(e.after) })) as NewRow<'ticket_events'>[],
  );
}

/** Points the brand and each site at its calendar (calendar_id columns of migration 0012). */
export async function attachCalendars(
  tx: Tx,
  organizationId: string,
  brandCalendarId: string,
  sites: { siteId: string; calendarId: string }[],
) {
  await sql`update organizations set calendar_id = ${brandCalendarId} where id = ${organizationId}`.execute(
    tx,
  );
  if (sites.length)
    await sql`update sites s set calendar_id = x.calendar_id
      from jsonb_to_recordset(${JSON.stringify(sites.map((s) => ({ site_id: s.siteId, calendar_id: s.calendarId })))}::jsonb)
        as x(site_id uuid, calendar_id uuid)
      where s.id = x.site_id`.execute(tx);
}

/** The demo brand's first admin, if the organization is the demo brand (its slug says so). */
export function demoAdminOf(tx: Tx, organizationId: string, slug: string) {
  return tx
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.id', 'users.organization_id'])
    .where('organizations.id', '=', organizationId)
    .where('organizations.slug', '=', slug)
    .where('users.role', '=', 'brand_admin')
    .orderBy('users.created_at')
    .orderBy('users.id')
    .limit(1)
    .executeTakeFirst();
}

/** Agents' public replies since a moment (the demo runs the QA checks over them). */
export async function agentRepliesSince(tx: Tx, organizationId: string, since: Date) {
  const rows = await tx
    .selectFrom('messages')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('author_kind', '=', 'agent')
    .where('visibility', '=', 'public')
    .where('created_at', '>=', since.toISOString())
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.id);
}
