import { sql } from 'kysely';
import type { Tx } from '../../platform/db/transaction.js';
import { COUNTERS, type Counter, type Dimension, HISTOGRAMS } from './contribution.js';
import { BACKLOG_AGE_BUCKETS } from './kpis/quality.js';
import type { Totals } from './report.js';
import { FILTERS, type Filters } from './schemas.js';

/** SQL for the KPI report: sums of the hourly rollup by one dimension, and the brand's order counts. */

const histogramSums = (name: string) =>
  Array.from({ length: 12 }, (_, i) => `coalesce(sum(${name}[${i + 1}]), 0)`).join(', ');

/** Who may see what and which drill-down the caller chose: vendor users only ever their own vendor. */
export interface Scope {
  vendorId: string | null;
  filters: Filters;
}

const scopeSql = (scope: Scope, alias = '') => {
  const parts = [
    ...(scope.vendorId ? [sql`and ${sql.ref(`${alias}vendor_id`)} = ${scope.vendorId}`] : []),
    ...FILTERS.filter((f) => scope.filters[f]).map(
      (f) => sql`and ${sql.ref(`${alias}${f}`)} = ${scope.filters[f]}`,
    ),
  ];
  return parts.length ? sql.join(parts, sql` `) : sql``;
};

/** The key a report groups by: a handling dimension, or the local day/week an hour falls in. */
export type GroupKey = { column: Dimension } | { interval: 'day' | 'week'; tz: string };

const keySql = (key: GroupKey) =>
  'column' in key
    ? sql`${sql.ref(key.column)}::text`
    : sql`to_char(date_trunc(${key.interval}, hour at time zone ${key.tz}), 'YYYY-MM-DD')`;

/**
 * The rollup table a report reads: by vendor or by day/week with no finer filter than the vendor, the
 * vendor-grain table (a few thousand rows a month), else the full-grain one.
 */
export const rollupTableFor = (key: GroupKey, scope: Scope) =>
  ('interval' in key || key.column === 'vendor_id') &&
  FILTERS.every((f) => f === 'vendor_id' || !scope.filters[f])
    ? 'kpi_vendor_hourly'
    : 'kpi_hourly';

export async function sumsBy(tx: Tx, key: GroupKey, from: string, to: string, scope: Scope) {
  const counters = COUNTERS.map((c) => `coalesce(sum(${c}), 0)::float8 as ${c}`).join(', ');
  const histograms = HISTOGRAMS.map((h) => `array[${histogramSums(h)}]::float8[] as ${h}`).join(', ');
  const { rows } = await sql<Record<string, unknown>>`
    select ${keySql(key)} as key, ${sql.raw(counters)}, ${sql.raw(histograms)}
    from ${sql.table(rollupTableFor(key, scope))}
    where hour >= ${from} and hour < ${to} ${scopeSql(scope)}
    group by 1 order by 1 nulls first`.execute(tx);
  return rows.map((r) => ({ key: r.key as string | null, totals: r as unknown as Totals }));
}

/**
 * Each unit (ticket or survey) whose stored contribution falls in the period and scope, with the
 * counters it adds there, only units adding to one of `counters`. Reads the owner-only kpi_units,
 * so the caller scopes by vendor (Scope.vendorId) before it asks.
 */
export async function unitsBehind(
  tx: Tx,
  organizationId: string,
  query: {
    from: string;
    to: string;
    scope: Scope;
    counters: readonly Counter[];
    limit: number;
    offset: number;
  },
) {
  const dim = (f: string) => sql`(e->'dims'->>${f})`;
  const scope = [
    ...(query.scope.vendorId ? [sql`and ${dim('vendor_id')} = ${query.scope.vendorId}`] : []),
    ...FILTERS.filter((f) => query.scope.filters[f]).map(
      (f) => sql`and ${dim(f)} = ${query.scope.filters[f]}`,
    ),
  ];
  const sums = COUNTERS.map((c) => sql`coalesce(sum((e->'counters'->>${c})::float8), 0) as ${sql.ref(c)}`);
  const counted = sql.join(
    query.counters.map((c) => sql`coalesce(sum((e->'counters'->>${c})::float8), 0)`),
    sql` + `,
  );
  const { rows } = await sql<Record<string, unknown> & { unit: string; total: string }>`
    select u.unit, count(*) over () as total, ${sql.join(sums, sql`, `)}
    from kpi_units u, jsonb_array_elements(u.rows) e
    where u.organization_id = ${organizationId}
      and (e->>'hour')::timestamptz >= ${query.from} and (e->>'hour')::timestamptz < ${query.to}
      ${scope.length ? sql.join(scope, sql` `) : sql``}
    group by u.unit
    having ${counted} <> 0
    order by u.unit
    limit ${query.limit} offset ${query.offset}`.execute(tx);
  return rows.map((r) => ({
    unit: r.unit,
    total: Number(r.total),
    counters: Object.fromEntries(COUNTERS.map((c) => [c, Number(r[c])])) as Record<Counter, number>,
  }));
}

/** Ticket details for a drill-down list; RLS keeps a vendor user to its own tickets. */
export async function ticketSummaries(tx: Tx, ids: string[]) {
  if (!ids.length) return [];
  return tx
    .selectFrom('tickets as t')
    .leftJoin('users as a', 'a.id', 't.agent_id')
    .select([
      't.id',
      't.number',
      't.subject',
      't.status',
      't.vendor_id',
      't.agent_id',
      'a.display_name as agent_name',
    ])
    .where('t.id', 'in', ids)
    .execute();
}

/** The tickets that surveys were sent about. */
export async function surveyTickets(tx: Tx, surveyIds: string[]): Promise<Map<string, string | null>> {
  if (!surveyIds.length) return new Map();
  const rows = await tx
    .selectFrom('surveys')
    .select(['id', 'ticket_id'])
    .where('id', 'in', surveyIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.ticket_id]));
}

/** Open tickets (not solved or closed) now, by a handling column, counted into the backlog's age buckets. */
export async function backlogBy(
  tx: Tx,
  column: 'vendor_id' | 'site_id' | 'team_id' | 'agent_id' | 'queue',
  at: string,
  scope: Scope,
) {
  // Each bucket is a range of created_at computed once here, so a row costs two timestamp
  // comparisons per bucket rather than an age computed per row (bench:scorecard: 150,000 open tickets).
  const atMs = Date.parse(at);
  const before = (hours: number) => new Date(atMs - hours * 3_600_000).toISOString();
  let lower = 0;
  const buckets = BACKLOG_AGE_BUCKETS.map((b, i) => {
    // age >= lower  ⇔  created_at <= at − lower;  age < max  ⇔  created_at > at − max
    const from = sql`created_at <= ${before(lower)}`;
    lower = b.maxHours;
    const upper = Number.isFinite(b.maxHours) ? sql`and created_at > ${before(b.maxHours)}` : sql``;
    return sql`count(*) filter (where ${from} ${upper})::int as ${sql.ref(`age_${i}`)}`;
  });
  const { rows } = await sql<
    Record<string, number> & { key: string | null; open: number; oldest_seconds: number | null }
  >`
    select ${sql.ref(column)}::text as key, count(*)::int as open, ${sql.join(buckets, sql`, `)},
      extract(epoch from (${at}::timestamptz - min(created_at)))::float8 as oldest_seconds
    from tickets
    where status not in ('solved', 'closed') and created_at <= ${at} ${scopeSql(scope)}
    group by 1 order by 1 nulls first`.execute(tx);
  return rows.map((r) => ({
    key: r.key,
    open: Number(r.open),
    ages: BACKLOG_AGE_BUCKETS.map((b, i) => ({ label: b.label, count: Number(r[`age_${i}`]) })),
    oldest_seconds: r.oldest_seconds === null ? null : Number(r.oldest_seconds),
  }));
}

export async function ordersBetween(tx: Tx, from: string, to: string): Promise<number | null> {
  const row = await tx
    .selectFrom('order_counts')
    .select((eb) => [eb.fn.sum<string | null>('orders').as('orders'), eb.fn.countAll<string>().as('n')])
    .where('hour', '>=', from)
    .where('hour', '<', to)
    .executeTakeFirst();
  return row && Number(row.n) > 0 ? Number(row.orders) : null;
}

export async function labels(tx: Tx, column: Dimension, keys: string[]): Promise<Map<string, string>> {
  const ids = keys.filter((k) => /^[0-9a-f-]{36}$/.test(k));
  if (!ids.length) return new Map();
  const named = async (table: 'vendors' | 'sites' | 'teams') =>
    tx.selectFrom(table).select(['id', 'name']).where('id', 'in', ids).execute();
  let rows: { id: string; name: string }[] = [];
  if (column === 'vendor_id') rows = await named('vendors');
  else if (column === 'site_id') rows = await named('sites');
  else if (column === 'team_id') rows = await named('teams');
  else if (column === 'agent_id') {
    rows = (await tx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()).map(
      (u) => ({ id: u.id, name: u.display_name }),
    );
  }
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function upsertOrderCounts(
  tx: Tx,
  organizationId: string,
  counts: { hour: string; orders: number }[],
) {
  await tx
    .insertInto('order_counts')
    .values(
      counts.map((c) => ({
        organization_id: organizationId,
        hour: new Date(c.hour).toISOString(),
        orders: c.orders,
      })),
    )
    .onConflict((c) =>
      c.columns(['organization_id', 'hour']).doUpdateSet((eb) => ({
        orders: eb.ref('excluded.orders'),
        updated_at: sql<string>`now()`,
      })),
    )
    .execute();
  return counts.length;
}

export async function cesLowerIsBetter(tx: Tx): Promise<boolean> {
  const row = await tx.selectFrom('survey_settings').select('ces_lower_is_better').executeTakeFirst();
  return row?.ces_lower_is_better ?? true;
}

/** A vendor's billable volumes in [from, to), by channel and language (billing's invoices). */
export async function volumesBy(tx: Tx, vendorId: string, from: string, to: string) {
  const { rows } = await sql<{
    channel: string | null;
    language: string | null;
    handled: number;
    resolved: number;
    handle_ms: number;
  }>`
    select channel, language, coalesce(sum(handled), 0)::float8 as handled,
           coalesce(sum(resolved_last), 0)::float8 as resolved, coalesce(sum(handle_ms), 0)::float8 as handle_ms
    from kpi_hourly
    where hour >= ${from} and hour < ${to} and vendor_id = ${vendorId}
    group by 1, 2 order by 1 nulls first, 2 nulls first`.execute(tx);
  return rows;
}

/** A vendor's handled contacts in [from, to) by site (billing's cost per contact by site). */
export async function handledBySite(tx: Tx, vendorId: string, from: string, to: string) {
  const { rows } = await sql<{ site_id: string | null; handled: number }>`
    select site_id, coalesce(sum(handled), 0)::float8 as handled
    from kpi_hourly
    where hour >= ${from} and hour < ${to} and vendor_id = ${vendorId}
    group by 1 order by 1 nulls last`.execute(tx);
  return rows;
}

/**
 * The tickets last solved in [from, to) with an agent (under their handling at that solve), with
 * what the rollup knows of each over its whole life: reopens, escalation, handle time, SLA timers
 * decided and met, and CSAT answers (its surveys' units). The same contributions the KPI report sums,
 * so "low CSAT" or "reopened" here means what it means there. QA sampling reads it; kpi_units has no
 * policy for tandem_app, so the caller passes an owner transaction and the scope explicitly.
 */
export async function solvedTicketSignals(
  system: Tx,
  organizationId: string,
  query: { from: string; to: string; vendorId: string | null },
) {
  const counter = (c: Counter) => sql`coalesce(sum((e->'counters'->>${c})::float8), 0)`;
  const { rows } = await sql<{
    ticket_id: string;
    agent_id: string;
    vendor_id: string | null;
    reopened: number;
    escalated: number;
    handle_ms: number;
    handle_contacts: number;
    sla_decided: number;
    sla_met: number;
    csat_responses: number;
    csat_good: number;
  }>`
    with solved as (
      select distinct on (u.unit) substr(u.unit, 8)::uuid as ticket_id,
        e->'dims'->>'agent_id' as agent_id, e->'dims'->>'vendor_id' as vendor_id
      from kpi_units u, jsonb_array_elements(u.rows) e
      where u.organization_id = ${organizationId} and u.unit like 'ticket:%'
        and (e->>'hour')::timestamptz >= ${query.from} and (e->>'hour')::timestamptz < ${query.to}
        and (e->'counters'->>'resolved_last')::float8 > 0
        and e->'dims'->>'agent_id' is not null
        ${query.vendorId ? sql`and e->'dims'->>'vendor_id' = ${query.vendorId}` : sql``}
      order by u.unit, (e->>'hour')::timestamptz desc
    ),
    ticket_sums as (
      select s.ticket_id, ${counter('reopened')} as reopened, ${counter('escalated')} as escalated,
        ${counter('handle_ms')} as handle_ms, ${counter('handle_contacts')} as handle_contacts,
        ${counter('sla_decided')} as sla_decided, ${counter('sla_met')} as sla_met
      from solved s
      join kpi_units u on u.organization_id = ${organizationId} and u.unit = 'ticket:' || s.ticket_id
      cross join jsonb_array_elements(u.rows) e
      group by s.ticket_id
    ),
    survey_sums as (
      select s.ticket_id, ${counter('csat_responses')} as csat_responses, ${counter('csat_good')} as csat_good
      from solved s
      join surveys sv on sv.ticket_id = s.ticket_id
      join kpi_units u on u.organization_id = ${organizationId} and u.unit = 'survey:' || sv.id
      cross join jsonb_array_elements(u.rows) e
      group by s.ticket_id
    )
    select s.ticket_id::text, s.agent_id, s.vendor_id,
      t.reopened, t.escalated, t.handle_ms, t.handle_contacts, t.sla_decided, t.sla_met,
      coalesce(v.csat_responses, 0) as csat_responses, coalesce(v.csat_good, 0) as csat_good
    from solved s
    join ticket_sums t on t.ticket_id = s.ticket_id
    left join survey_sums v on v.ticket_id = s.ticket_id
    order by s.ticket_id`.execute(system);
  return rows.map((r) => ({
    ticket_id: r.ticket_id,
    agent_id: r.agent_id,
    vendor_id: r.vendor_id,
    reopened: Number(r.reopened) > 0,
    escalated: Number(r.escalated) > 0,
    handle_seconds:
      Number(r.handle_contacts) > 0 ? Number(r.handle_ms) / Number(r.handle_contacts) / 1000 : null,
    sla_missed: Number(r.sla_decided) > Number(r.sla_met),
    csat_low: Number(r.csat_responses) > Number(r.csat_good),
  }));
}
