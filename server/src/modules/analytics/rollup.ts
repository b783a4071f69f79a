import { sql } from 'kysely';
import type { Config } from '../../platform/config.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { OutboxConsumer, OutboxEvent } from '../../platform/outbox/dispatcher.js';
import {
  accumulate,
  COUNTERS,
  type ContributionSettings,
  DIMENSIONS,
  type Dimension,
  type Dims,
  HISTOGRAMS,
  isZero,
  type RollupRow,
  surveyContribution,
  ticketContribution,
} from './contribution.js';
import { loadSurveyFacts, loadTicketFacts } from './facts.js';
import { FCR_WINDOW_DAYS } from './kpis/quality.js';

/**
 * The hourly rollup, kept by an outbox consumer. For every ticket or survey an event touches, it
 * recomputes that unit's contribution from the raw tables and applies (new − previous) to
 * kpi_hourly, remembering the new contribution in kpi_units. Running it twice changes nothing, a
 * late event (a reopen, a late survey answer) corrects the hours the unit counted in, and
 * recompute() — the same contributions summed from scratch — gives the same table.
 */

export const settingsOf = (config: Pick<Config, 'TANDEM_SHORT_ABANDON_SECONDS'>): ContributionSettings => ({
  shortAbandonMs: config.TANDEM_SHORT_ABANDON_SECONDS * 1000,
});

type Unit = { organizationId: string; unit: string };

/**
 * Which units an event touches. A new ticket can undo an earlier ticket's first-contact resolution,
 * and a ticket's console activity changes the handle time of every ticket its agent had open at the
 * same moments (concurrent tickets share the time), so those are refreshed too.
 */
export async function unitsOf(tx: Tx, events: readonly OutboxEvent[]): Promise<Unit[]> {
  const units = new Map<string, Unit>();
  const add = (organizationId: string, unit: string) =>
    units.set(`${organizationId}:${unit}`, { organizationId, unit });
  const created: string[] = [];
  const merged: string[] = [];
  for (const e of events) {
    if (e.type.startsWith('ticket.') && e.type !== 'ticket.agent_viewing') {
      add(e.organization_id, `ticket:${e.subject_id}`);
      if (e.type === 'ticket.created') created.push(e.subject_id);
    } else if (typeof e.payload.ticketId === 'string') {
      add(e.organization_id, `ticket:${e.payload.ticketId}`);
    } else if (e.type.startsWith('survey.')) {
      add(e.organization_id, `survey:${e.subject_id}`);
    } else if (e.type === 'customer.merged') {
      merged.push(e.subject_id);
    }
  }
  // A merge gives the target customer the source's tickets: first-contact resolution (repeat
  // contacts of the same customer) changes for all of them.
  if (merged.length) {
    const rows = await tx
      .selectFrom('tickets')
      .select(['organization_id', 'id'])
      .where('customer_id', 'in', merged)
      .execute();
    for (const r of rows) add(r.organization_id, `ticket:${r.id}`);
  }
  if (created.length) {
    const { rows } = await sql<{ organization_id: string; id: string }>`
      select distinct earlier.organization_id, earlier.id
      from tickets t join tickets earlier on earlier.customer_id = t.customer_id and earlier.id <> t.id
      where t.id in (${sql.join(created)})
        and earlier.created_at >= t.created_at - make_interval(days => ${FCR_WINDOW_DAYS + 1})
        and earlier.created_at <= t.created_at`.execute(tx);
    for (const r of rows) add(r.organization_id, `ticket:${r.id}`);
  }
  const ticketIds = [...units.values()]
    .filter((u) => u.unit.startsWith('ticket:'))
    .map((u) => u.unit.slice(7));
  if (ticketIds.length) {
    const { rows } = await sql<{ organization_id: string; ticket_id: string }>`
      select distinct other.organization_id, other.ticket_id
      from activity_spans mine
      join activity_spans other on other.agent_id = mine.agent_id and other.ticket_id <> mine.ticket_id
        and other.started_at < mine.last_at and other.last_at > mine.started_at
      where mine.ticket_id in (${sql.join(ticketIds)})`.execute(tx);
    for (const r of rows) add(r.organization_id, `ticket:${r.ticket_id}`);
  }
  return [...units.values()].sort((a, b) =>
    `${a.organizationId}${a.unit}`.localeCompare(`${b.organizationId}${b.unit}`),
  );
}

/** Current contributions of units, from the raw tables. */
export async function contributionsOf(tx: Tx, units: readonly string[], settings: ContributionSettings) {
  const ticketIds = units.filter((u) => u.startsWith('ticket:')).map((u) => u.slice(7));
  const surveyIds = units.filter((u) => u.startsWith('survey:')).map((u) => u.slice(7));
  const result = new Map<string, RollupRow[]>(units.map((u) => [u, []]));
  for (const t of await loadTicketFacts(tx, ticketIds))
    result.set(`ticket:${t.id}`, ticketContribution(t, settings));
  for (const s of await loadSurveyFacts(tx, surveyIds)) result.set(`survey:${s.id}`, surveyContribution(s));
  return result;
}

/** Replaces the units' contributions in the rollup. Locks the units' rows, so concurrent workers serialise per unit. */
export async function refreshUnits(tx: Tx, units: readonly Unit[], settings: ContributionSettings) {
  const byOrg = new Map<string, string[]>();
  for (const u of units) byOrg.set(u.organizationId, [...(byOrg.get(u.organizationId) ?? []), u.unit]);
  for (const [organizationId, names] of byOrg) {
    await tx
      .insertInto('kpi_units')
      .values(names.map((unit) => ({ organization_id: organizationId, unit, rows: '[]' })))
      .onConflict((c) => c.columns(['organization_id', 'unit']).doNothing())
      .execute();
    const previous = await tx
      .selectFrom('kpi_units')
      .select(['unit', 'rows'])
      .where('organization_id', '=', organizationId)
      .where('unit', 'in', names)
      .orderBy('unit')
      .forUpdate()
      .execute();
    const current = await contributionsOf(tx, names, settings);
    const delta = new Map<string, RollupRow>();
    for (const p of previous) accumulate(delta, p.rows as RollupRow[], -1);
    for (const rows of current.values()) accumulate(delta, rows, 1);
    await applyDelta(
      tx,
      organizationId,
      [...delta.values()].filter((r) => !isZero(r)),
    );
    for (const [unit, rows] of current) {
      await tx
        .updateTable('kpi_units')
        .set({ rows: JSON.stringify(rows), updated_at: sql<string>`now()` })
        .where('organization_id', '=', organizationId)
        .where('unit', '=', unit)
        .execute();
    }
  }
}

const addArrays = (table: string, column: string) =>
  sql.raw(
    `(select array_agg(coalesce(a, 0) + coalesce(b, 0) order by i) from unnest(${table}.${column}, excluded.${column}) with ordinality as x(a, b, i))`,
  );

/** The overview's grain: the same row with every handling dimension but the vendor left out. */
const vendorGrain = (rows: readonly RollupRow[]): RollupRow[] => {
  const byVendor = new Map<string, RollupRow>();
  accumulate(
    byVendor,
    rows.map((r) => ({
      ...r,
      dims: Object.fromEntries(
        DIMENSIONS.map((d) => [d, d === 'vendor_id' ? r.dims.vendor_id : null]),
      ) as Dims,
    })),
  );
  // A move between sites of one vendor nets to zero here; nothing to write.
  return [...byVendor.values()].filter((r) => !isZero(r));
};

/**
 * Adds signed rows to kpi_hourly, and the same rows summed by vendor to kpi_vendor_hourly, so the
 * two grains always agree (rows are unique per key after accumulate).
 */
async function applyDelta(tx: Tx, organizationId: string, rows: readonly RollupRow[]) {
  await upsertRows(tx, 'kpi_hourly', DIMENSIONS, organizationId, rows);
  await upsertRows(tx, 'kpi_vendor_hourly', ['vendor_id'], organizationId, vendorGrain(rows));
}

async function upsertRows(
  tx: Tx,
  table: 'kpi_hourly' | 'kpi_vendor_hourly',
  dimensions: readonly Dimension[],
  organizationId: string,
  rows: readonly RollupRow[],
) {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await tx
      .insertInto(table)
      .values(
        chunk.map((r) => ({
          organization_id: organizationId,
          hour: r.hour,
          ...Object.fromEntries(dimensions.map((d) => [d, r.dims[d]])),
          ...Object.fromEntries(COUNTERS.map((c) => [c, r.counters[c] ?? 0])),
          ...Object.fromEntries(
            HISTOGRAMS.map((h) => [h, `{${(r.histograms[h] ?? Array(12).fill(0)).join(',')}}`]),
          ),
        })),
      )
      .onConflict((c) =>
        c.columns(['organization_id', 'hour', ...dimensions]).doUpdateSet({
          ...Object.fromEntries(
            COUNTERS.map((k) => [k, sql`${sql.ref(`${table}.${k}`)} + excluded.${sql.ref(k)}`]),
          ),
          ...Object.fromEntries(HISTOGRAMS.map((h) => [h, addArrays(table, h)])),
        }),
      )
      .execute();
  }
}

/** The rollup consumer: part of the dispatcher's transaction, so each event is counted exactly once. */
export const rollupConsumer: OutboxConsumer = {
  name: 'kpi-rollup',
  async consume(tx, events, config) {
    const units = await unitsOf(tx, events);
    if (units.length) await refreshUnits(tx, units, settingsOf(config));
  },
};

const UNIT_PAGE = 500;

/** Every unit of the organization, from the raw tables. */
async function allUnits(tx: Tx, organizationId: string): Promise<string[]> {
  const tickets = await tx
    .selectFrom('tickets')
    .select('id')
    .where('organization_id', '=', organizationId)
    .execute();
  const surveys = await tx
    .selectFrom('surveys')
    .select('id')
    .where('organization_id', '=', organizationId)
    .execute();
  return [...tickets.map((t) => `ticket:${t.id}`), ...surveys.map((s) => `survey:${s.id}`)];
}

/** The rollup computed from scratch from the raw tables (no writes): the reference for the consumer. */
export async function recompute(tx: Tx, organizationId: string, settings: ContributionSettings) {
  const sum = new Map<string, RollupRow>();
  const units = await allUnits(tx, organizationId);
  for (let i = 0; i < units.length; i += UNIT_PAGE) {
    const contributions = await contributionsOf(tx, units.slice(i, i + UNIT_PAGE), settings);
    for (const rows of contributions.values()) accumulate(sum, rows);
  }
  return [...sum.values()].filter((r) => !isZero(r));
}

/** Rebuilds the organization's rollup from the raw tables (after a definition change or a restore). */
export async function rebuild(tx: Tx, organizationId: string, settings: ContributionSettings) {
  await tx.deleteFrom('kpi_hourly').where('organization_id', '=', organizationId).execute();
  await tx.deleteFrom('kpi_vendor_hourly').where('organization_id', '=', organizationId).execute();
  await tx.deleteFrom('kpi_units').where('organization_id', '=', organizationId).execute();
  await tx.deleteFrom('kpi_rollup_outdated').where('organization_id', '=', organizationId).execute();
  const units = await allUnits(tx, organizationId);
  for (let i = 0; i < units.length; i += UNIT_PAGE) {
    await refreshUnits(
      tx,
      units.slice(i, i + UNIT_PAGE).map((unit) => ({ organizationId, unit })),
      settings,
    );
  }
  return units.length;
}

/**
 * Whether the brand's rollup holds every figure of the current definition. A migration that adds a
 * figure marks the brands that existed then; the rebuild job clears them (rebuildOutdatedRollups).
 */
export async function rollupIsCurrent(tx: Tx, organizationId: string) {
  const outdated = await tx
    .selectFrom('kpi_rollup_outdated')
    .select('organization_id')
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return outdated === undefined;
}

export async function outdatedRollups(tx: Tx) {
  const rows = await tx
    .selectFrom('kpi_rollup_outdated')
    .select('organization_id')
    .orderBy('since')
    .execute();
  return rows.map((r) => r.organization_id);
}
