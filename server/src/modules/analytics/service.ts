import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Forbidden, Invalid } from '../../platform/errors.js';
import { SLA_ATTAINMENT_VARIANT, slaAttainmentBy } from '../sla/index.js';
import { COUNTERS, HISTOGRAMS } from './contribution.js';
import { emptyHistogram } from './kpis/histogram.js';
import { ratio } from './kpis/ratio.js';
import { kpisOf, type Totals } from './report.js';
import * as repo from './repository.js';
import { groupColumn, type kpiQuery, type orderCounts } from './schemas.js';

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
  const groups = await repo.sumsBy(tx, column, from, to, actor.vendorId);
  const orders = await repo.ordersBetween(tx, from, to);
  const cesLowerIsBetter = await repo.cesLowerIsBetter(tx);
  const names = await repo.labels(
    tx,
    column,
    groups.map((g) => g.key).filter((k): k is string => k !== null),
  );
  const attainment = await slaAttainmentBy(tx, { from, to, column, vendorId: actor.vendorId });
  const slaFigure = (a: { met: number; decided: number } | undefined) =>
    ratio(a?.met ?? 0, a?.decided ?? 0, SLA_ATTAINMENT_VARIANT);
  const total = zeroTotals();
  const rows = groups.map((g) => {
    const totals = zeroTotals();
    add(totals, g.totals);
    add(total, g.totals);
    return {
      key: g.key,
      label: g.key === null ? null : (names.get(g.key) ?? g.key),
      kpis: kpisOf(totals, { orders, cesLowerIsBetter }),
      sla_attainment: slaFigure(attainment.get(g.key)),
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
      'Occupancy and backlog are defined (kpis/) but not in this report yet: occupancy needs presence history.',
    ],
    rows,
    total: kpisOf(total, { orders, cesLowerIsBetter }),
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
