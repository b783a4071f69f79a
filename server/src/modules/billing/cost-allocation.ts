import type { Invoice, InvoiceLine, MeasuredVolume, PricingModel } from './invoice.js';

/**
 * An invoice's total split by channel or by site, for cost per contact below the vendor
 * (docs/billing.md, "Cost per contact"). Pure. Every split is in whole minor units and the parts of
 * a currency sum exactly to the invoice's total in it (largest remainder), so a by-channel or
 * by-site report always adds up to the invoices it names.
 */

export const COST_PER_CONTACT_BY_CHANNEL = 'cost_per_contact.invoice_total_over_handled.by_channel';
export const COST_PER_CONTACT_BY_SITE = 'cost_per_contact.invoice_total_over_handled.by_site';

/**
 * `amount` in whole minor units shared in proportion to `weights` (non-negative, summing above 0):
 * each part is floor(amount × weight / Σ weights) and the units left over (fewer than the parts) go
 * one each to the largest remainders, ties to the earlier part. The parts sum to `amount` exactly
 * and each is within one unit of its exact share.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const scaled = weights.map((w) => BigInt(Math.round(w * 1000)));
  const total = scaled.reduce((a, b) => a + b, 0n);
  if (total <= 0n) throw new RangeError('weights must sum above 0');
  const a = BigInt(amount);
  const floorDiv = (n: bigint, d: bigint) => {
    const q = n / d;
    return n % d !== 0n && n < 0n ? q - 1n : q;
  };
  const parts = scaled.map((w) => floorDiv(a * w, total));
  const remainders = scaled.map((w, i) => ({ i, r: a * w - parts[i]! * total }));
  let left = a - parts.reduce((x, y) => x + y, 0n);
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0n) break;
    parts[i]! += 1n;
    left -= 1n;
  }
  return parts.map(Number);
}

const FIELD: Record<PricingModel, keyof MeasuredVolume | null> = {
  productive_hour: 'productive_hours',
  handled_contact: 'handled_contacts',
  handle_minute: 'handle_minutes',
  resolved_contact: 'resolved_contacts',
  monthly_fee: null,
};

export interface AllocatedCost {
  /** The group: a channel, a site id, or null (the vendor's contacts with no channel or site). */
  key: string | null;
  currency: string;
  numerator_minor: number;
  denominator: number;
  value_minor: number | null;
}

const perContact = (numerator: number, handled: number) => (handled > 0 ? numerator / handled : null);

/** Adds `parts` (by key) into `into`. */
function add(into: Map<string | null, number>, keys: readonly (string | null)[], parts: readonly number[]) {
  keys.forEach((k, i) => {
    into.set(k, (into.get(k) ?? 0) + parts[i]!);
  });
}

/**
 * By channel, per currency:
 * - a usage line of one channel belongs to that channel;
 * - a usage line for every channel (or every channel of a language) is shared by the units it billed
 *   from each channel (handled contacts, resolved contacts or handle minutes of the volume rows
 *   billed on it, the invoice's most-specific-line rule), or by handled contacts when it billed none;
 * - everything not tied to a channel (monthly fees, minimum-commitment top-ups, service-level credits
 *   and bonuses) is pooled and shared by handled contacts.
 * A share with no handled contact anywhere stays with the group `null` (no channel), so the parts
 * still sum to the total.
 */
export function costPerContactByChannel(
  invoice: Pick<Invoice, 'totals' | 'lines'>,
  volumes: readonly MeasuredVolume[],
): (AllocatedCost & { variant: typeof COST_PER_CONTACT_BY_CHANNEL })[] {
  const handled = new Map<string, number>();
  for (const v of volumes) handled.set(v.channel, (handled.get(v.channel) ?? 0) + v.handled_contacts);
  const channels = [...handled.keys()].sort();
  const byHandled = channels.map((c) => handled.get(c)!);
  const anyHandled = byHandled.some((h) => h > 0);
  const out: (AllocatedCost & { variant: typeof COST_PER_CONTACT_BY_CHANNEL })[] = [];
  for (const currency of Object.keys(invoice.totals).sort()) {
    const lines = invoice.lines.filter((l) => l.currency === currency);
    const sums = new Map<string | null, number>();
    let pool = 0;
    const shareByHandled = (amount: number) => {
      if (anyHandled) add(sums, channels, allocate(amount, byHandled));
      else add(sums, [null], [amount]);
    };
    for (const line of lines) {
      if (line.kind === 'usage' && line.channel !== null) add(sums, [line.channel], [line.amount_minor]);
      else if (line.kind === 'usage' && line.model) {
        const units = unitsByChannel(lines, line, volumes, channels);
        if (units.some((u) => u > 0)) add(sums, channels, allocate(line.amount_minor, units));
        else shareByHandled(line.amount_minor);
      } else pool += line.amount_minor;
    }
    shareByHandled(pool);
    const keys = [...sums.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
    for (const key of keys) {
      const numerator = sums.get(key)!;
      const denominator = key === null ? 0 : (handled.get(key) ?? 0);
      out.push({
        key,
        currency,
        numerator_minor: numerator,
        denominator,
        value_minor: perContact(numerator, denominator),
        variant: COST_PER_CONTACT_BY_CHANNEL,
      });
    }
  }
  return out;
}

/**
 * The units a usage line for several channels billed from each channel: the volume rows whose most
 * specific line of the model (channel and language, channel, language, any; the invoice's lines of
 * the same contract version name them) is this line's channel and language.
 */
function unitsByChannel(
  lines: readonly InvoiceLine[],
  line: InvoiceLine,
  volumes: readonly MeasuredVolume[],
  channels: readonly string[],
) {
  const field = FIELD[line.model!];
  const siblings = lines.filter(
    (l) => l.kind === 'usage' && l.model === line.model && l.contract_version_id === line.contract_version_id,
  );
  const units = new Map<string, number>();
  if (field)
    for (const v of volumes) {
      let best: InvoiceLine | undefined;
      let bestScore = -1;
      for (const s of siblings) {
        if (s.channel !== null && s.channel !== v.channel) continue;
        if (s.language !== null && s.language !== v.language) continue;
        const score = (s.channel !== null ? 2 : 0) + (s.language !== null ? 1 : 0);
        if (score > bestScore) [best, bestScore] = [s, score];
      }
      if (best && best.channel === line.channel && best.language === line.language)
        units.set(v.channel, (units.get(v.channel) ?? 0) + (v[field] as number));
    }
  return channels.map((c) => units.get(c) ?? 0);
}

/**
 * By site, per currency: the invoice's whole total shared by each site's handled contacts of the
 * vendor in the month (`sites`, from the same KPI rollup the invoice measured). With no handled
 * contact at any site the total stays with the group `null`.
 */
export function costPerContactBySite(
  invoice: Pick<Invoice, 'totals'>,
  sites: readonly { site_id: string | null; handled_contacts: number }[],
): (AllocatedCost & { variant: typeof COST_PER_CONTACT_BY_SITE })[] {
  const handled = new Map<string | null, number>();
  for (const s of sites) handled.set(s.site_id, (handled.get(s.site_id) ?? 0) + s.handled_contacts);
  const keys = [...handled.keys()]
    .filter((k) => handled.get(k)! > 0)
    .sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  const weights = keys.map((k) => handled.get(k)!);
  return Object.entries(invoice.totals)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([currency, t]) => {
      const parts = keys.length ? allocate(t.total_minor, weights) : [t.total_minor];
      return (keys.length ? keys : [null]).map((key, i) => {
        const denominator = key === null && !keys.length ? 0 : (handled.get(key) ?? 0);
        return {
          key,
          currency,
          numerator_minor: parts[i]!,
          denominator,
          value_minor: perContact(parts[i]!, denominator),
          variant: COST_PER_CONTACT_BY_SITE,
        };
      });
    });
}
