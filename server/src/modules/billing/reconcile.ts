import type { InvoiceLine, LineKind, PricingModel } from './invoice.js';

/**
 * Reconciliation of a vendor's own invoice (its claimed lines) against Tandem's computed invoice.
 * Pure: no I/O. Lines are matched by a key, never by position, so the order of either side does
 * not matter:
 *
 * - usage, fee and minimum top-up: kind, currency, model, channel, language, tier;
 * - credit and bonus: kind, currency and the service level (the vendor may name it by Tandem's
 *   target id or by its name, case-insensitive).
 *
 * Several lines with one key (a contract change mid-month bills each version separately) are
 * summed: quantity and amount add up, the rates are compared as the set of rates used. All
 * arithmetic is exact in integers: quantities in thousandths, rates in ten-thousandths of a minor
 * unit, amounts in minor units. Differences are always vendor − Tandem. docs/billing.md.
 */

export interface ClaimLine {
  kind: LineKind;
  currency: string;
  model: PricingModel | null;
  channel: string | null;
  language: string | null;
  tier: number | null;
  quantity: number;
  rate_minor: number;
  amount_minor: number;
  /** Credits and bonuses: the service level's target id or name. */
  service_level: string | null;
  description?: string | null | undefined;
}

export type MatchStatus = 'matched' | 'differs' | 'only_tandem' | 'only_vendor';
export type Difference = 'quantity' | 'rate' | 'amount';

export interface Side {
  quantity: number;
  /** The rates used (one, unless lines of several contract versions share the key). */
  rates_minor: number[];
  amount_minor: number;
  lines: number;
}

export interface ReconciledLine {
  key: string;
  kind: LineKind;
  currency: string;
  model: PricingModel | null;
  channel: string | null;
  language: string | null;
  tier: number | null;
  /** Credits and bonuses: the service level (Tandem's target id when it matched one). */
  service_level: string | null;
  status: MatchStatus;
  tandem: Side | null;
  vendor: Side | null;
  differences: Difference[];
  /** vendor − Tandem; a missing side counts as 0. */
  quantity_difference: number;
  /** vendor − Tandem when each side bills one rate; null otherwise. */
  rate_difference_minor: number | null;
  amount_difference_minor: number;
}

export interface CurrencyDifference {
  tandem_minor: number;
  vendor_minor: number;
  difference_minor: number;
}

export interface Reconciliation {
  /** True when every line matched and every total is equal. */
  agreed: boolean;
  lines: ReconciledLine[];
  totals: Record<string, CurrencyDifference>;
}

const milli = (x: number) => Math.round(x * 1000);
const rateUnits = (x: number) => Math.round(x * 10_000);

interface Bucket {
  head: Omit<ReconciledLine, 'status' | 'tandem' | 'vendor' | 'differences' | keyof Diffs>;
  quantityMilli: number;
  rates: Set<number>;
  amount: number;
  lines: number;
}
type Diffs = Pick<
  ReconciledLine,
  'quantity_difference' | 'rate_difference_minor' | 'amount_difference_minor'
>;

const isServiceLevel = (kind: LineKind) => kind === 'credit' || kind === 'bonus';

export function lineKey(l: {
  kind: LineKind;
  currency: string;
  model: string | null;
  channel: string | null;
  language: string | null;
  tier: number | null;
  service_level: string | null;
}) {
  if (isServiceLevel(l.kind)) return `${l.kind}|${l.currency}|${l.service_level ?? ''}`;
  return [l.kind, l.currency, l.model ?? '', l.channel ?? '*', l.language ?? '*', l.tier ?? ''].join('|');
}

function add(buckets: Map<string, Bucket>, line: ClaimLine) {
  const key = lineKey(line);
  let b = buckets.get(key);
  if (!b) {
    const sl = isServiceLevel(line.kind);
    b = {
      head: {
        key,
        kind: line.kind,
        currency: line.currency,
        model: sl ? null : line.model,
        channel: sl ? null : line.channel,
        language: sl ? null : line.language,
        tier: sl ? null : line.tier,
        service_level: sl ? line.service_level : null,
      },
      quantityMilli: 0,
      rates: new Set(),
      amount: 0,
      lines: 0,
    };
    buckets.set(key, b);
  }
  b.quantityMilli += milli(line.quantity);
  b.rates.add(rateUnits(line.rate_minor));
  b.amount += line.amount_minor;
  b.lines += 1;
}

const side = (b: Bucket): Side => ({
  quantity: b.quantityMilli / 1000,
  rates_minor: [...b.rates].sort((x, y) => x - y).map((r) => r / 10_000),
  amount_minor: b.amount,
  lines: b.lines,
});

/** Tandem's invoice lines as claim lines: the service level of a credit or bonus by its target id. */
export function claimLinesOf(lines: readonly InvoiceLine[]): ClaimLine[] {
  return lines.map((l) => ({
    kind: l.kind,
    currency: l.currency,
    model: l.model,
    channel: l.channel,
    language: l.language,
    tier: l.tier,
    quantity: l.quantity,
    rate_minor: l.rate_minor,
    amount_minor: l.amount_minor,
    service_level: l.service_level?.service_level_target_id ?? null,
    description: l.description,
  }));
}

/** The vendor's service-level name or id as Tandem's target id, when one of Tandem's lines has it. */
function resolveServiceLevel(tandem: readonly InvoiceLine[], named: string | null) {
  if (named === null) return null;
  const wanted = named.trim().toLowerCase();
  for (const l of tandem) {
    const sl = l.service_level;
    if (
      sl &&
      (sl.service_level_target_id.toLowerCase() === wanted || sl.name.trim().toLowerCase() === wanted)
    )
      return sl.service_level_target_id;
  }
  return named.trim();
}

export function reconcile(
  tandemLines: readonly InvoiceLine[],
  claimed: readonly ClaimLine[],
): Reconciliation {
  const ours = new Map<string, Bucket>();
  const theirs = new Map<string, Bucket>();
  for (const l of claimLinesOf(tandemLines)) add(ours, l);
  for (const l of claimed)
    add(
      theirs,
      isServiceLevel(l.kind) ? { ...l, service_level: resolveServiceLevel(tandemLines, l.service_level) } : l,
    );

  const keys = [...new Set([...ours.keys(), ...theirs.keys()])].sort();
  const lines: ReconciledLine[] = keys.map((key) => {
    const t = ours.get(key);
    const v = theirs.get(key);
    const head = (t ?? v)!.head;
    const quantity = (v?.quantityMilli ?? 0) - (t?.quantityMilli ?? 0);
    const amount = (v?.amount ?? 0) - (t?.amount ?? 0);
    const single = (b: Bucket | undefined) => (b && b.rates.size === 1 ? [...b.rates][0]! : null);
    const [rt, rv] = [single(t), single(v)];
    const rate = rt !== null && rv !== null ? rv - rt : null;
    const sameRates = t && v && t.rates.size === v.rates.size && [...t.rates].every((r) => v.rates.has(r));
    const differences: Difference[] = [];
    if (t && v) {
      if (quantity !== 0) differences.push('quantity');
      if (!sameRates) differences.push('rate');
      if (amount !== 0) differences.push('amount');
    }
    const status: MatchStatus = !t
      ? 'only_vendor'
      : !v
        ? 'only_tandem'
        : differences.length
          ? 'differs'
          : 'matched';
    return {
      ...head,
      status,
      tandem: t ? side(t) : null,
      vendor: v ? side(v) : null,
      differences,
      quantity_difference: quantity / 1000,
      rate_difference_minor: rate === null ? null : rate / 10_000,
      amount_difference_minor: amount,
    };
  });

  const totals: Record<string, CurrencyDifference> = {};
  const total = (currency: string) => {
    totals[currency] ??= { tandem_minor: 0, vendor_minor: 0, difference_minor: 0 };
    return totals[currency];
  };
  for (const b of ours.values()) total(b.head.currency).tandem_minor += b.amount;
  for (const b of theirs.values()) total(b.head.currency).vendor_minor += b.amount;
  for (const t of Object.values(totals)) t.difference_minor = t.vendor_minor - t.tandem_minor;
  const sorted = Object.fromEntries(Object.entries(totals).sort(([a], [b]) => a.localeCompare(b)));

  return {
    agreed:
      lines.every((l) => l.status === 'matched') &&
      Object.values(totals).every((t) => t.difference_minor === 0),
    lines,
    totals: sorted,
  };
}
