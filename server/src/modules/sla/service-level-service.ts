import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { changes, record, snapshot } from '../audit/index.js';
import { loadCalendarSpecs } from '../calendars/index.js';
import { type ContactFacts, outcomeOf } from './contact-outcome.js';
import * as repo from './service-level-repository.js';
import type { attainmentQuery, targetCreate, targetUpdate } from './service-level-schemas.js';
import {
  type ContactOutcome,
  countContacts,
  SERVICE_LEVEL_VARIANTS,
  type ServiceLevelVariant,
  serviceLevel,
  VARIANT_FORMULAS,
} from './service-level-variants.js';

/**
 * Contract service levels: targets per vendor (optionally a site, queue or channel) and their monthly
 * attainment, computed from raw rows every time (no stored aggregate to drift), so invoices and SLA
 * credits can be re-derived. A vendor's people see their own vendor's targets and figures.
 */

type TargetRow = NonNullable<Awaited<ReturnType<typeof repo.findTarget>>>;

const out = (t: TargetRow) => ({ ...t, target_percent: Number(t.target_percent) });

export async function listTargets(tx: Tx, vendorId?: string) {
  return (await repo.listTargets(tx, vendorId)).map(out);
}

async function getTarget(tx: Tx, id: string) {
  const target = await repo.findTarget(tx, id);
  if (!target) throw new NotFound('Service-level target', id);
  return target;
}

async function checkScope(tx: Tx, vendorId: string, siteId: string | null | undefined) {
  if (!(await tx.selectFrom('vendors').select('id').where('id', '=', vendorId).executeTakeFirst()))
    throw new Invalid('Unknown vendor', [{ path: 'body.vendor_id', message: 'unknown vendor' }]);
  if (siteId) {
    const site = await tx.selectFrom('sites').select('vendor_id').where('id', '=', siteId).executeTakeFirst();
    if (!site || site.vendor_id !== vendorId)
      throw new Invalid('The site is not one of the vendor’s sites', [
        { path: 'body.site_id', message: 'not the vendor’s site' },
      ]);
  }
}

export async function createTarget(tx: Tx, actor: Actor, input: z.output<typeof targetCreate>) {
  await checkScope(tx, input.vendor_id, input.site_id);
  const target = await repo
    .insertTarget(tx, { ...input, organization_id: actor.organizationId })
    .catch((err: { code?: string }) => {
      if (err.code === '23505')
        throw new Invalid('The vendor has a target with this name', [
          { path: 'body.name', message: 'taken' },
        ]);
      throw err;
    });
  await record(tx, actor, {
    action: 'service_level_target.created',
    objectType: 'service_level_target',
    objectId: target.id,
    vendorId: target.vendor_id,
    details: snapshot(target, Object.keys(input)),
  });
  return out(target);
}

export async function updateTarget(tx: Tx, actor: Actor, id: string, input: z.output<typeof targetUpdate>) {
  const before = await getTarget(tx, id);
  await checkScope(tx, before.vendor_id, input.site_id);
  const target = await repo.updateTarget(tx, id, { ...input, updated_at: new Date().toISOString() });
  if (!target) throw new NotFound('Service-level target', id);
  await record(tx, actor, {
    action: 'service_level_target.updated',
    objectType: 'service_level_target',
    objectId: id,
    vendorId: target.vendor_id,
    details: { name: target.name, changes: changes(before, target, Object.keys(input)) },
  });
  return out(target);
}

export async function deleteTarget(tx: Tx, actor: Actor, id: string) {
  const before = await getTarget(tx, id);
  if (!(await repo.deleteTarget(tx, id))) throw new NotFound('Service-level target', id);
  await record(tx, actor, {
    action: 'service_level_target.deleted',
    objectType: 'service_level_target',
    objectId: id,
    vendorId: before.vendor_id,
    details: { name: before.name },
  });
}

function monthBounds(month: string) {
  const from = DateTime.fromISO(`${month}-01T00:00:00Z`, { zone: 'utc' });
  return { from: from.toISO()!, to: from.plus({ months: 1 }).toISO()! };
}

const ms = (v: string | null) => (v === null ? null : Date.parse(v));
const DONE = ['solved', 'closed'];

/** The vendor holding the ticket at an instant, from its vendor_id history (else the current one). */
function vendorAt(row: repo.ContactRow, at: number): string | null {
  const changes = row.history.filter((h) => h.field === 'vendor_id');
  if (!changes.length) return row.vendor_id;
  let vendor = changes[0]!.before as string | null;
  for (const c of changes) if (Date.parse(c.created_at) <= at) vendor = c.after as string | null;
  return vendor;
}

function factsOf(row: repo.ContactRow): ContactFacts {
  let lastSolvedAt: number | null = null;
  for (const h of row.history) {
    if (h.field !== 'status') continue;
    if (DONE.includes(h.after as string) && !DONE.includes(h.before as string))
      lastSolvedAt = Date.parse(h.created_at);
    if (!DONE.includes(h.after as string)) lastSolvedAt = null;
  }
  if (!DONE.includes(row.status)) lastSolvedAt = null;
  const offered = ms(row.call_offered_at);
  return {
    createdAt: Date.parse(row.created_at),
    channel: row.channel,
    firstReplyAt: ms(row.first_reply_at),
    lastSolvedAt,
    call:
      row.channel === 'phone' && offered !== null
        ? { offeredAt: offered, answeredAt: ms(row.call_answered_at), abandonedAt: ms(row.call_abandoned_at) }
        : null,
  };
}

interface Classified {
  row: repo.ContactRow;
  outcome: ContactOutcome | null;
}

async function classify(
  tx: Tx,
  target: TargetRow,
  month: string,
  siteId: string | undefined,
): Promise<Classified[]> {
  const { from, to } = monthBounds(month);
  const rows = await repo.contactsOf(tx, {
    vendorId: target.vendor_id,
    siteId: siteId ?? target.site_id,
    queue: target.queue,
    channel: target.channel,
    from,
    to,
  });
  const calendars = await loadCalendarSpecs(tx, [
    ...new Set(rows.map((r) => r.calendar_id).filter((c): c is string => !!c)),
  ]);
  const result: Classified[] = [];
  for (const row of rows) {
    const facts = factsOf(row);
    // Counted for the vendor that held the contact when it was decided (answered or abandoned).
    const decidedAt = facts.firstReplyAt ?? facts.call?.answeredAt ?? facts.lastSolvedAt ?? Date.now();
    if (
      vendorAt(row, target.measure === 'resolution' ? (facts.lastSolvedAt ?? Date.now()) : decidedAt) !==
      target.vendor_id
    )
      continue;
    const calendar = row.calendar_id ? (calendars.get(row.calendar_id) ?? null) : null;
    result.push({ row, outcome: outcomeOf(facts, target.measure, target.business, calendar) });
  }
  return result;
}

export async function attainment(tx: Tx, query: z.output<typeof attainmentQuery>) {
  const targets = (await repo.listTargets(tx, query.vendor_id)).filter((t) => t.active);
  const items = [];
  for (const target of targets) {
    if (query.site_id && target.site_id && target.site_id !== query.site_id) continue;
    const classified = await classify(tx, target, query.month, query.site_id);
    const thresholdMs = target.threshold_seconds * 1000;
    const decided = classified.flatMap((c) => (c.outcome ? [c.outcome] : []));
    const c = countContacts(decided, thresholdMs, target.short_abandon_seconds * 1000);
    const variant = target.variant as ServiceLevelVariant;
    const actual = serviceLevel(c, variant);
    const variants = Object.fromEntries(
      SERVICE_LEVEL_VARIANTS.map((v) => [String(v), pct(serviceLevel(c, v))]),
    );
    const actualPercent = pct(actual);
    items.push({
      target: out(target),
      month: query.month,
      site_id: query.site_id ?? target.site_id,
      variant,
      formula: VARIANT_FORMULAS[variant],
      target_percent: Number(target.target_percent),
      actual_percent: actualPercent,
      met: actualPercent === null ? null : actualPercent >= Number(target.target_percent),
      contacts_counted: contactsCounted(c, variant),
      counts: {
        answered: c.answered,
        answered_within: c.answeredWithin,
        abandoned: c.abandoned,
        abandoned_within: c.abandonedWithin,
        abandoned_after: c.abandoned - c.abandonedWithin,
        short_abandons: c.shortAbandons,
        pending: classified.length - decided.length,
      },
      variants,
      missed: decided.filter((o) => o.waitMs > thresholdMs).length,
    });
  }
  return { items };
}

/** The denominator of the chosen variant: the contacts the percentage is taken over. */
function contactsCounted(c: ReturnType<typeof countContacts>, v: ServiceLevelVariant): number {
  return {
    1: c.answered,
    2: c.answered + c.abandoned,
    3: c.answered + c.abandoned,
    4: c.answered + c.abandoned - c.abandonedWithin,
    5: c.answered + c.abandoned - c.shortAbandons,
  }[v];
}

const pct = (share: number | null) => (share === null ? null : Math.round(share * 10_000) / 100);

/** The contacts that missed the threshold (answered or abandoned after T), for the drill-down. */
export async function misses(tx: Tx, id: string, month: string, siteId: string | undefined) {
  const target = await getTarget(tx, id);
  const thresholdMs = target.threshold_seconds * 1000;
  const classified = await classify(tx, target, month, siteId);
  return {
    items: classified
      .filter((c) => c.outcome && c.outcome.waitMs > thresholdMs)
      .map((c) => ({
        ticket_id: c.row.id,
        number: c.row.number,
        channel: c.row.channel,
        created_at: new Date(c.row.created_at).toISOString(),
        outcome: c.outcome!.kind,
        wait_ms: c.outcome!.waitMs,
      })),
  };
}
