import { sql } from 'kysely';
import type { Tx } from '../../platform/db/transaction.js';

/**
 * SLA attainment for the KPI report: of the SLA timers decided in a period, the share met. A timer is
 * decided when it is achieved (at stopped_at) or breached (at breached_at); active and paused timers
 * are not decided yet and count nowhere. Grouped by a column of the timer's ticket (its current
 * handling, as the rest of the report). Every metric of every policy counts once per ticket.
 */
export const SLA_ATTAINMENT_VARIANT = 'sla timers achieved / (achieved + breached), by decision time';

export type TicketColumn =
  | 'vendor_id'
  | 'site_id'
  | 'team_id'
  | 'agent_id'
  | 'queue'
  | 'channel'
  | 'language'
  | 'priority';

/** Narrow to one vendor, site, team or agent of the ticket (the report's drill-down). */
export type TicketFilters = Partial<Record<'vendor_id' | 'site_id' | 'team_id' | 'agent_id', string>>;

export async function slaAttainmentBy(
  tx: Tx,
  query: {
    from: string;
    to: string;
    /** group by a ticket column, or by the local day/week the timer was decided in */
    column: TicketColumn | { interval: 'day' | 'week'; tz: string };
    vendorId: string | null;
    filters?: TicketFilters;
  },
): Promise<Map<string | null, { met: number; decided: number }>> {
  const decidedAt = sql`case when st.state = 'achieved' then st.stopped_at else st.breached_at end`;
  const key =
    typeof query.column === 'string'
      ? sql`t.${sql.ref(query.column)}::text`
      : sql`to_char(date_trunc(${query.column.interval}, ${decidedAt} at time zone ${query.column.tz}), 'YYYY-MM-DD')`;
  const filters = Object.entries(query.filters ?? {})
    .filter(([, v]) => v)
    .map(([column, v]) => sql`and t.${sql.ref(column)} = ${v}`);
  const { rows } = await sql<{ key: string | null; met: number; decided: number }>`
    select ${key} as key,
      count(*) filter (where st.state = 'achieved')::int as met,
      count(*)::int as decided
    from sla_timers st
    join tickets t on t.id = st.ticket_id
    where ((st.state = 'achieved' and st.stopped_at >= ${query.from} and st.stopped_at < ${query.to})
        or (st.state = 'breached' and st.breached_at >= ${query.from} and st.breached_at < ${query.to}))
      ${query.vendorId ? sql`and t.vendor_id = ${query.vendorId}` : sql``}
      ${filters.length ? sql.join(filters, sql` `) : sql``}
    group by 1`.execute(tx);
  return new Map(rows.map((r) => [r.key, { met: Number(r.met), decided: Number(r.decided) }]));
}

/**
 * The decided timers of some tickets — met (achieved, at stopped_at) or missed (breached, at
 * breached_at) — for the KPI rollup, which counts each in the hour it was decided. The same rule as
 * slaAttainmentBy, per ticket.
 */
export async function slaVerdictsOf(
  tx: Tx,
  ticketIds: readonly string[],
): Promise<Map<string, { met: boolean; decidedAt: Date }[]>> {
  const result = new Map<string, { met: boolean; decidedAt: Date }[]>();
  if (!ticketIds.length) return result;
  const rows = await tx
    .selectFrom('sla_timers')
    .select(['ticket_id', 'state', 'stopped_at', 'breached_at'])
    .where('ticket_id', 'in', ticketIds)
    .where('state', 'in', ['achieved', 'breached'])
    .orderBy('ticket_id')
    .orderBy('metric')
    .execute();
  for (const r of rows) {
    const at = r.state === 'achieved' ? r.stopped_at : r.breached_at;
    if (at === null) continue; // a decided timer always has its time; nothing to count without it
    const list = result.get(r.ticket_id) ?? [];
    list.push({ met: r.state === 'achieved', decidedAt: new Date(at) });
    result.set(r.ticket_id, list);
  }
  return result;
}
