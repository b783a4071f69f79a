import { sql } from 'kysely';
import type { Tx } from '../../platform/db/transaction.js';
import { COUNTERS, type Dimension, HISTOGRAMS } from './contribution.js';
import type { Totals } from './report.js';

/** SQL for the KPI report: sums of the hourly rollup by one dimension, and the brand's order counts. */

const histogramSums = (name: string) =>
  Array.from({ length: 12 }, (_, i) => `coalesce(sum(${name}[${i + 1}]), 0)`).join(', ');

export async function sumsBy(tx: Tx, column: Dimension, from: string, to: string, vendorId: string | null) {
  const counters = COUNTERS.map((c) => `coalesce(sum(${c}), 0)::float8 as ${c}`).join(', ');
  const histograms = HISTOGRAMS.map((h) => `array[${histogramSums(h)}]::float8[] as ${h}`).join(', ');
  const { rows } = await sql<Record<string, unknown>>`
    select ${sql.ref(column)}::text as key, ${sql.raw(counters)}, ${sql.raw(histograms)}
    from kpi_hourly
    where hour >= ${from} and hour < ${to} ${vendorId ? sql`and vendor_id = ${vendorId}` : sql``}
    group by 1 order by 1 nulls first`.execute(tx);
  return rows.map((r) => ({ key: r.key as string | null, totals: r as unknown as Totals }));
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
