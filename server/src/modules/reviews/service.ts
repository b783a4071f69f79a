import { DateTime } from 'luxon';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { backlog, kpiReport, kpiTrend } from '../analytics/index.js';
import { attainment, misses } from '../sla/index.js';
import { getVendor } from '../vendors/index.js';
import type { FigureKind, PackFigure, ReviewPack } from './pack.js';
import * as repo from './repository.js';

const TOP_REASONS = 10;
const MISSES_LISTED = 50;

/** The vendor, if the caller may see it: another vendor's id reads as not found, never forbidden. */
async function vendorFor(tx: Tx, actor: Actor, vendorId: string) {
  if (actor.vendorId && actor.vendorId !== vendorId) throw new NotFound('Vendor', vendorId);
  return getVendor(tx, vendorId);
}

/** The month's local days as the analytics API reads from/to: the first day and the next month's. */
export function monthPeriod(month: string, tz: string) {
  const start = DateTime.fromISO(`${month}-01`, { zone: tz });
  return { from: start.toISODate()!, to: start.plus({ months: 1 }).toISODate()! };
}

const SCORECARD: { key: string; label: string; kind: FigureKind }[] = [
  { key: 'first_response_time', label: 'First response (mean)', kind: 'seconds' },
  { key: 'resolution_time_last_solve', label: 'Resolution (mean)', kind: 'seconds' },
  { key: 'aht', label: 'AHT', kind: 'seconds' },
  { key: 'fcr', label: 'FCR', kind: 'share' },
  { key: 'reopen_rate', label: 'Reopen rate', kind: 'share' },
  { key: 'csat', label: 'CSAT', kind: 'share' },
  { key: 'nps', label: 'NPS', kind: 'nps' },
  { key: 'ces', label: 'CES', kind: 'ces' },
];

const figure = (f: PackFigure): PackFigure => ({
  value: f.value,
  numerator: f.numerator,
  denominator: f.denominator,
  variant: f.variant,
});

/**
 * Gathers a vendor's pack for a month from the analytics and service-level services, as the
 * caller (so a vendor user's view is its own vendor's, as in the API).
 */
export async function gatherPack(
  tx: Tx,
  actor: Actor,
  input: { vendorId: string; month: string; tz: string },
  now: Date = new Date(),
): Promise<ReviewPack> {
  const vendor = await vendorFor(tx, actor, input.vendorId);
  const period = { ...monthPeriod(input.month, input.tz), tz: input.tz, vendor_id: input.vendorId };
  const report = await kpiReport(tx, actor, { ...period, group_by: 'vendor' });
  const trend = await kpiTrend(tx, actor, { ...period, interval: 'week' });
  const open = await backlog(tx, actor, { group_by: 'vendor', vendor_id: input.vendorId }, now);
  const levels = await attainment(tx, { month: input.month, vendor_id: input.vendorId });
  const missed = [];
  for (const level of levels.items) {
    if (level.missed === 0) continue;
    const found = await misses(tx, level.target.id, input.month, undefined);
    missed.push(...found.items.map((m) => ({ ...m, target: level.target.name })));
  }
  const reasons = await repo.topTags(tx, input.vendorId, report.from, report.to, TOP_REASONS);
  const comment = await repo.findComment(tx, input.vendorId, input.month);
  const total = report.total as unknown as Record<string, PackFigure>;
  const backlogRow = open.rows.find((r) => r.key === input.vendorId);
  return {
    vendor: { id: vendor.id, name: vendor.name },
    month: input.month,
    tz: input.tz,
    from: report.from,
    to: report.to,
    generatedAt: now.toISOString(),
    contacts: report.total.contacts,
    scorecard: [
      {
        key: 'contacts',
        label: 'Contacts',
        kind: 'count',
        figure: {
          value: report.total.contacts,
          numerator: report.total.contacts,
          denominator: report.total.contacts,
          variant: 'contacts',
        },
      },
      ...SCORECARD.map((s) => ({ ...s, figure: figure(total[s.key]!) })),
      {
        key: 'sla_attainment',
        label: 'SLA met',
        kind: 'share' as const,
        figure: figure(report.total_sla_attainment),
      },
    ],
    weeks: trend.buckets.map((b) => ({
      start: b.start,
      contacts: b.kpis.contacts,
      firstResponse: figure(b.kpis.first_response_time),
      resolution: figure(b.kpis.resolution_time_last_solve),
      csat: figure(b.kpis.csat),
      sla: figure(b.sla_attainment),
    })),
    backlog: { at: open.at, open: backlogRow?.open ?? 0, oldestSeconds: backlogRow?.oldest_seconds ?? null },
    serviceLevels: levels.items.map((l) => ({
      id: l.target.id,
      name: l.target.name,
      targetPercent: l.target_percent,
      actualPercent: l.actual_percent,
      met: l.met,
      contactsCounted: l.contacts_counted,
      missed: l.missed,
    })),
    misses: missed.slice(0, MISSES_LISTED).map((m) => ({
      target: m.target,
      number: m.number,
      channel: m.channel,
      createdAt: m.created_at,
      outcome: m.outcome,
      waitMs: m.wait_ms,
    })),
    topReasons: reasons,
    comments: comment?.body ?? '',
  };
}

const commentOut = (vendorId: string, month: string, row: Awaited<ReturnType<typeof repo.findComment>>) => ({
  vendor_id: vendorId,
  month,
  text: row?.body ?? '',
  updated_at: row ? new Date(row.updated_at).toISOString() : null,
  updated_by: row?.updated_by ?? null,
});

export async function getComment(tx: Tx, actor: Actor, vendorId: string, month: string) {
  await vendorFor(tx, actor, vendorId);
  return commentOut(vendorId, month, await repo.findComment(tx, vendorId, month));
}

export async function putComment(tx: Tx, actor: Actor, vendorId: string, month: string, text: string) {
  await vendorFor(tx, actor, vendorId);
  if (actor.vendorId)
    throw new Forbidden('Only the brand comments on a review', [
      { path: 'actor', message: 'brand users only' },
    ]);
  const row = await repo.upsertComment(tx, {
    organization_id: actor.organizationId,
    vendor_id: vendorId,
    month,
    body: text,
    updated_by: actor.userId,
  });
  return commentOut(vendorId, month, row);
}

/** The download's file name: ASCII only, from the vendor's name. */
export function packFilename(vendorName: string, month: string) {
  const slug =
    vendorName
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'vendor';
  return `business-review-${slug}-${month}.pdf`;
}
