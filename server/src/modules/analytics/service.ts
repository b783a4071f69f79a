import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Forbidden, Invalid } from '../../platform/errors.js';
import { IQS_GROUPS, IQS_VARIANT, type IqsGroup, iqsOf } from '../qa/index.js';
import { SLA_ATTAINMENT_VARIANT, slaAttainmentBy } from '../sla/index.js';
import { COUNTERS, HISTOGRAMS } from './contribution.js';
import { DENOMINATOR, parseUnit, unitFigure, variantOf } from './drilldown.js';
import { emptyHistogram } from './kpis/histogram.js';
import { ratio } from './kpis/ratio.js';
import { kpisOf, type Totals } from './report.js';
import * as repo from './repository.js';
import { rollupIsCurrent } from './rollup.js';
import {
  type backlogQuery,
  FILTERS,
  type Filters,
  groupColumn,
  type kpiQuery,
  type orderCounts,
  type ticketsBehindQuery,
  type trendQuery,
} from './schemas.js';

const MAX_RANGE_DAYS = 400;

/** from/to read in the query's zone (unless they carry an offset), floored to the rollup's hours. */
export function reportRange(query: { from: string; to: string; tz: string }) {
  const parse = (s: string, path: string) => {
    const d = DateTime.fromISO(s, { zone: query.tz });
    if (!d.isValid)
      throw new Invalid('Not a valid date', [{ path, message: d.invalidExplanation ?? 'invalid' }]);
    return d.toUTC().startOf('hour');
  };
  const from = parse(query.from, 'query.from');
  const to = parse(query.to, 'query.to');
  if (to <= from)
    throw new Invalid('The period is empty', [{ path: 'query.to', message: 'must be after from' }]);
  if (to.diff(from, 'days').days > MAX_RANGE_DAYS) {
    throw new Invalid('The period is too long', [
      { path: 'query.to', message: `at most ${MAX_RANGE_DAYS} days after from` },
    ]);
  }
  return { from: from.toISO()!, to: to.toISO()! };
}

const slaFigure = (a: { met: number; decided: number } | undefined) =>
  ratio(a?.met ?? 0, a?.decided ?? 0, SLA_ATTAINMENT_VARIANT);

/**
 * SLA attainment from the rollup's counters, the same definition as slaAttainmentBy (timers decided
 * in the period, by the ticket's current handling) which the report reads instead while a brand's
 * rollup predates these counters.
 */
const attainmentOf = (groups: readonly { key: string | null; totals: Totals }[]) =>
  new Map(
    groups.map((g) => [g.key, { met: Number(g.totals.sla_met), decided: Number(g.totals.sla_decided) }]),
  );

/** The caller's view: a vendor user sees its own vendor only, whatever filters it sends. */
function scopeOf(actor: Actor, query: Filters): repo.Scope {
  const filters = Object.fromEntries(FILTERS.filter((f) => query[f]).map((f) => [f, query[f]])) as Filters;
  return { vendorId: actor.vendorId, filters };
}

function zeroTotals(): Totals {
  return {
    ...(Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<(typeof COUNTERS)[number], number>),
    first_response_histogram: emptyHistogram(),
    resolution_histogram: emptyHistogram(),
  };
}

function add(into: Totals, t: Totals) {
  for (const c of COUNTERS) into[c] += Number(t[c]);
  for (const h of HISTOGRAMS) into[h] = into[h].map((n, i) => n + Number(t[h][i] ?? 0));
}

/** The KPI table for a period, one row per value of the grouping dimension; vendor users get their vendor only. */
export async function kpiReport(tx: Tx, actor: Actor, query: z.output<typeof kpiQuery>) {
  const { from, to } = reportRange(query);
  const column = groupColumn(query.group_by);
  const scope = scopeOf(actor, query);
  const groups = await repo.sumsBy(tx, { column }, from, to, scope);
  const orders = await repo.ordersBetween(tx, from, to);
  const cesLowerIsBetter = await repo.cesLowerIsBetter(tx);
  const attainment = (await rollupIsCurrent(tx, actor.organizationId))
    ? attainmentOf(groups)
    : await slaAttainmentBy(tx, { from, to, column, vendorId: actor.vendorId, filters: scope.filters });
  // Quality beside speed: IQS over the same period, for the groupings a review has (its agent,
  // vendor, and the agent's site and team); null for queue, channel, language and priority. A group
  // with reviews but no contacts in the period still gets its row.
  const iqs = (IQS_GROUPS as string[]).includes(query.group_by)
    ? await iqsOf(tx, { from, to }, query.group_by as IqsGroup, scope.filters)
    : null;
  const noReviews = { value: null, numerator: 0, denominator: 0, variant: IQS_VARIANT };
  const reviewedOnly = (iqs?.groups ?? [])
    .filter((i) => !groups.some((g) => g.key === i.key))
    .map((i) => ({ key: i.key, totals: zeroTotals() }));
  const all = [...groups, ...reviewedOnly];
  const names = await repo.labels(
    tx,
    column,
    all.map((g) => g.key).filter((k): k is string => k !== null),
  );
  const total = zeroTotals();
  const rows = all.map((g) => {
    const totals = zeroTotals();
    add(totals, g.totals);
    add(total, g.totals);
    return {
      key: g.key,
      label: g.key === null ? null : (names.get(g.key) ?? g.key),
      kpis: kpisOf(totals, { orders, cesLowerIsBetter }),
      sla_attainment: slaFigure(attainment.get(g.key)),
      iqs: iqs ? (iqs.groups.find((i) => i.key === g.key)?.figure ?? noReviews) : null,
    };
  });
  return {
    from,
    to,
    group_by: query.group_by,
    tz: query.tz,
    orders,
    notes: [
      'Durations are in seconds, calendar time. Percentiles are bucket upper bounds (p50_at_most, p90_at_most); in the open top bucket they read over N seconds (p50_over, p90_over).',
      'Ticket figures count in the hour of their event (created, first reply, first/last solve); survey scores in the hour of the first answer, sent/answered in the hour sent.',
      'A ticket counts under its current handling (vendor, site, team, agent, queue); a survey under the handling when it was sent.',
      'FCR is provisional until 7 days after the solve; a later reopen or repeat contact corrects the hour it counted in.',
      'Contacts per 1,000 orders uses the orders of the whole brand for the period.',
      'SLA attainment counts the SLA timers decided in the period (achieved when met, breached when missed), every metric once per ticket.',
      'IQS is the mean current score of the QA reviews submitted in the period (docs/qa.md); a group with contacts but no reviews has none.',
      'Occupancy and backlog are defined (kpis/) but not in this report yet: occupancy needs presence history.',
    ],
    rows,
    total: kpisOf(total, { orders, cesLowerIsBetter }),
    total_iqs: iqs?.total ?? null,
    total_sla_attainment: slaFigure(
      [...attainment.values()].reduce(
        (sum, a) => ({ met: sum.met + a.met, decided: sum.decided + a.decided }),
        {
          met: 0,
          decided: 0,
        },
      ),
    ),
  };
}

/**
 * The KPIs of each local day or week of a period (the vendor page's trends). Buckets are cut by
 * from/to, so the first and last week may be partial; a bucket with no activity is still listed.
 */
export async function kpiTrend(tx: Tx, actor: Actor, query: z.output<typeof trendQuery>) {
  const { from, to } = reportRange(query);
  const scope = scopeOf(actor, query);
  const bucket = { interval: query.interval, tz: query.tz };
  const groups = await repo.sumsBy(tx, bucket, from, to, scope);
  const sums = new Map(groups.map((g) => [g.key, g.totals]));
  const attainment = (await rollupIsCurrent(tx, actor.organizationId))
    ? attainmentOf(groups)
    : await slaAttainmentBy(tx, {
        from,
        to,
        column: bucket,
        vendorId: actor.vendorId,
        filters: scope.filters,
      });
  const cesLowerIsBetter = await repo.cesLowerIsBetter(tx);
  const buckets = bucketsOf(from, to, query.interval, query.tz).map((b) => {
    const totals = zeroTotals();
    const found = sums.get(b.start);
    if (found) add(totals, found);
    return {
      ...b,
      kpis: kpisOf(totals, { orders: null, cesLowerIsBetter }),
      sla_attainment: slaFigure(attainment.get(b.start)),
    };
  });
  return { from, to, tz: query.tz, interval: query.interval, buckets };
}

/** Local days or weeks (from Monday) covering [from, to), each cut to the period. */
export function bucketsOf(from: string, to: string, interval: 'day' | 'week', tz: string) {
  const end = DateTime.fromISO(to, { zone: 'utc' });
  const out: { start: string; from: string; to: string }[] = [];
  let local = DateTime.fromISO(from, { zone: 'utc' }).setZone(tz).startOf(interval);
  while (local.toUTC() < end) {
    const next = local.plus(interval === 'day' ? { days: 1 } : { weeks: 1 });
    const start = DateTime.max(local.toUTC(), DateTime.fromISO(from, { zone: 'utc' }));
    out.push({
      start: local.toISODate()!,
      from: start.toUTC().toISO()!,
      to: DateTime.min(next.toUTC(), end).toISO()!,
    });
    local = next;
  }
  return out;
}

/** The units a figure counts (one page), read as the owner but scoped to the caller's vendor. */
export async function unitsBehind(system: Tx, actor: Actor, query: z.output<typeof ticketsBehindQuery>) {
  const { from, to } = reportRange(query);
  const ask = (limit: number, offset: number) =>
    repo.unitsBehind(system, actor.organizationId, {
      from,
      to,
      scope: scopeOf(actor, query),
      counters: DENOMINATOR[query.metric],
      limit,
      offset,
    });
  const units = await ask(query.limit, query.offset);
  // A page past the end has no row to carry the count; the first row has it.
  const total = units[0]?.total ?? (query.offset > 0 ? ((await ask(1, 0))[0]?.total ?? 0) : 0);
  return { units, total };
}

/**
 * The tickets a figure counts, for the period and drill-down filters: each with its own part of the
 * numerator and denominator, pages in a stable order, and the report's figure they add up to.
 */
export async function ticketsBehind(
  tx: Tx,
  actor: Actor,
  query: z.output<typeof ticketsBehindQuery>,
  page: Awaited<ReturnType<typeof unitsBehind>>,
) {
  const cesLowerIsBetter = await repo.cesLowerIsBetter(tx);
  const parsed = page.units.map((u) => ({ ...u, ref: parseUnit(u.unit) }));
  const surveyTickets = await repo.surveyTickets(
    tx,
    parsed.flatMap((u) => (u.ref?.kind === 'survey' ? [u.ref.id] : [])),
  );
  const ticketIdOf = (ref: ReturnType<typeof parseUnit>) =>
    ref === null ? null : ref.kind === 'ticket' ? ref.id : (surveyTickets.get(ref.id) ?? null);
  const ids = [...new Set(parsed.map((u) => ticketIdOf(u.ref)).filter((id): id is string => id !== null))];
  const details = new Map((await repo.ticketSummaries(tx, ids)).map((t) => [t.id, t]));
  const report = await kpiReport(tx, actor, { ...query, group_by: 'vendor' });
  const figure =
    query.metric === 'contacts'
      ? { numerator: report.total.contacts, denominator: report.total.contacts }
      : report.total[query.metric];
  return {
    metric: query.metric,
    variant: variantOf(query.metric, cesLowerIsBetter),
    total: page.total,
    numerator: figure.numerator,
    denominator: figure.denominator,
    tickets: parsed.map((u) => {
      const id = ticketIdOf(u.ref);
      const t = id ? details.get(id) : undefined;
      const part = unitFigure(query.metric, u.counters, cesLowerIsBetter);
      return {
        unit: u.unit,
        ticket_id: id ?? u.unit,
        number: t?.number ?? null,
        subject: t?.subject ?? null,
        status: t?.status ?? null,
        vendor_id: t?.vendor_id ?? null,
        agent_id: t?.agent_id ?? null,
        agent_name: t?.agent_name ?? null,
        numerator: part.numerator,
        denominator: part.denominator,
      };
    }),
  };
}

/** Open tickets now by age, per vendor, site, team, agent or queue (kpi-reference: Backlog). */
export async function backlog(
  tx: Tx,
  actor: Actor,
  query: z.output<typeof backlogQuery>,
  now: Date = new Date(),
) {
  const column = query.group_by === 'queue' ? 'queue' : (`${query.group_by}_id` as const);
  const rows = await repo.backlogBy(tx, column, now.toISOString(), scopeOf(actor, query));
  const names = await repo.labels(
    tx,
    column,
    rows.map((r) => r.key).filter((k): k is string => k !== null),
  );
  return {
    at: now.toISOString(),
    variant: BACKLOG_VARIANT,
    rows: rows.map((r) => ({ ...r, label: r.key === null ? null : (names.get(r.key) ?? r.key) })),
  };
}

export const BACKLOG_VARIANT = 'backlog.open_now.by_age_since_created';

export async function storeOrderCounts(tx: Tx, actor: Actor, input: z.output<typeof orderCounts>) {
  if (actor.vendorId)
    throw new Forbidden('Only brand users report orders', [{ path: 'body', message: 'brand users only' }]);
  const byHour = new Map<string, number>();
  for (const c of input.counts) byHour.set(new Date(c.hour).toISOString(), c.orders);
  return repo.upsertOrderCounts(
    tx,
    actor.organizationId,
    [...byHour].map(([hour, orders]) => ({ hour, orders })),
  );
}

/**
 * What a vendor handled in [from, to) for its invoice, by channel and language, from the hourly
 * rollup: handled contacts, contacts resolved (counted at their last solve) and handle minutes.
 */
export async function billableVolumes(tx: Tx, vendorId: string, from: string, to: string) {
  return (await repo.volumesBy(tx, vendorId, from, to)).map((r) => ({
    channel: r.channel ?? 'unknown',
    language: r.language,
    handled_contacts: Number(r.handled),
    resolved_contacts: Number(r.resolved),
    handle_minutes: Math.round(Number(r.handle_ms) / 60) / 1000,
  }));
}

/**
 * What a vendor handled in [from, to) by site, from the same hourly rollup as `billableVolumes`
 * (the site of the agent who handled each contact; null: no site).
 */
export async function billableHandledBySite(tx: Tx, vendorId: string, from: string, to: string) {
  return (await repo.handledBySite(tx, vendorId, from, to)).map((r) => ({
    site_id: r.site_id,
    handled_contacts: Number(r.handled),
  }));
}
