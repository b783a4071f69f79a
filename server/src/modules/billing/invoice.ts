/**
 * A vendor's monthly invoice, computed from its contract versions, the month's measured volumes and
 * its contract service levels' attainment. Pure: no I/O, no clock; the same input always gives the
 * same invoice (docs/billing.md).
 *
 * Money is integer minor units (cents). Every division is exact integer arithmetic (BigInt) and is
 * rounded once, to the minor unit, half-to-even (banker's rounding: 2.5 → 2, 3.5 → 4), so rounding
 * errors do not drift one way over many lines. Quantities are kept to 0.001 of a unit, rates to
 * 0.0001 of a minor unit, percentages to 0.0001 %, attainment to 0.01 point.
 *
 * Proration: a month with several contract versions is split by calendar days (UTC). A version
 * effective for d of the month's D days gets d/D of the month's measured usage, of its tier
 * boundaries, of its monthly fees and of its minimum commitment, so a month under one version is
 * the same invoice as before and a change on day 16 weighs each version by its days.
 */

export const PRICING_MODELS = [
  'productive_hour',
  'handled_contact',
  'handle_minute',
  'resolved_contact',
  'monthly_fee',
] as const;
export type PricingModel = (typeof PRICING_MODELS)[number];

/** Graduated tier: units up to `up_to` (per month; null = no end) at `rate_minor` each. */
export interface Tier {
  up_to: number | null;
  rate_minor: number;
}

export interface PricingLine {
  model: PricingModel;
  /** null: every channel (a line naming the channel wins over it). */
  channel: string | null;
  /** null: every language (a line naming the language wins over it). */
  language: string | null;
  /** Graduated tiers, ascending, the last one open (up_to null). monthly_fee: one tier, the fee. */
  tiers: Tier[];
}

/** Credit (and optional bonus) of one contract service-level target, as a share of the month's fees. */
export interface CreditRule {
  service_level_target_id: string;
  /** Percent of the month's fees credited per percentage point below target. */
  percent_per_point: number;
  cap_percent: number;
  /** Percent of the month's fees added per point above target (optional). */
  bonus_percent_per_point?: number | null | undefined;
  bonus_cap_percent?: number | null | undefined;
}

export interface ContractTerms {
  currency: string;
  lines: PricingLine[];
  /** Minimum monthly fees (before credits); a shortfall is invoiced as a top-up line. */
  minimum_commitment_minor: number | null;
  credit_rules: CreditRule[];
}

export interface ContractVersion {
  id: string;
  /** First day, inclusive (YYYY-MM-DD). */
  effective_from: string;
  /** First day no longer effective (YYYY-MM-DD, exclusive); null: open-ended. */
  effective_to: string | null;
  terms: ContractTerms;
}

export interface MeasuredVolume {
  channel: string;
  language: string | null;
  handled_contacts: number;
  resolved_contacts: number;
  handle_minutes: number;
  productive_hours: number;
}

export interface Attainment {
  service_level_target_id: string;
  name: string;
  target_percent: number;
  /** null: nothing decided in the month, so no credit. */
  actual_percent: number | null;
}

export interface InvoiceInput {
  /** YYYY-MM, UTC. */
  month: string;
  versions: ContractVersion[];
  volumes: MeasuredVolume[];
  /** False until productive hours are measured: productive-hour lines bill 0 and say so. */
  productive_hours_measured: boolean;
  attainments: Attainment[];
}

export type LineKind = 'usage' | 'fee' | 'minimum_top_up' | 'credit' | 'bonus';

export interface InvoiceLine {
  kind: LineKind;
  contract_version_id: string;
  currency: string;
  model: PricingModel | null;
  channel: string | null;
  language: string | null;
  /** 1-based tier of a usage line. */
  tier: number | null;
  quantity: number;
  unit: string;
  rate_minor: number;
  amount_minor: number;
  description: string;
  service_level: {
    service_level_target_id: string;
    name: string;
    target_percent: number;
    actual_percent: number;
    points: number;
    percent_applied: number;
    capped: boolean;
  } | null;
}

export interface CurrencyTotals {
  fees_minor: number;
  credits_minor: number;
  bonuses_minor: number;
  total_minor: number;
}

export interface Invoice {
  month: string;
  lines: InvoiceLine[];
  totals: Record<string, CurrencyTotals>;
  notes: string[];
}

// --- Exact arithmetic -------------------------------------------------------------------------------

/** num / den rounded half-to-even (banker's rounding). den > 0. */
export function roundHalfEven(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError('denominator must be positive');
  const q = num / den; // truncates toward zero
  const r = num - q * den;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  const away = num < 0n ? q - 1n : q + 1n;
  if (twice > den) return away;
  if (twice < den) return q;
  return q % 2n === 0n ? q : away;
}

/** x with `digits` decimals as an integer (x · 10^digits); inputs are validated to that precision. */
const scaled = (x: number, digits: number) => BigInt(Math.round(x * 10 ** digits));
const MILLI = 1000n;
const RATE = 10_000n;

const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

export function monthDays(month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = Date.UTC(y, m - 1, 1) / 86_400_000;
  const next = Date.UTC(y, m, 1) / 86_400_000;
  return { first, next, days: next - first };
}

/** Each version's days effective in the month; versions must not overlap. */
export function segmentsOf(month: string, versions: ContractVersion[]) {
  const { first, next, days } = monthDays(month);
  const segments = versions
    .map((version) => {
      const from = Math.max(first, dayNumber(version.effective_from));
      const to = Math.min(next, version.effective_to ? dayNumber(version.effective_to) : next);
      return { version, from, days: Math.max(0, to - from) };
    })
    .filter((s) => s.days > 0)
    .sort((a, b) => a.from - b.from);
  for (let i = 1; i < segments.length; i++) {
    const prev = segments[i - 1]!;
    if (prev.from + prev.days > segments[i]!.from) throw new RangeError('contract versions overlap');
  }
  return { segments, monthDays: days };
}

// --- Lines ------------------------------------------------------------------------------------------

const UNITS: Record<PricingModel, { unit: string; field: keyof MeasuredVolume | null }> = {
  productive_hour: { unit: 'hour', field: 'productive_hours' },
  handled_contact: { unit: 'contact', field: 'handled_contacts' },
  handle_minute: { unit: 'minute', field: 'handle_minutes' },
  resolved_contact: { unit: 'contact', field: 'resolved_contacts' },
  monthly_fee: { unit: 'month', field: null },
};

/** The most specific line of the model for a volume row: channel and language, channel, language, any. */
function lineFor(lines: PricingLine[], model: PricingModel, v: MeasuredVolume) {
  let best: PricingLine | undefined;
  let bestScore = -1;
  for (const line of lines) {
    if (line.model !== model) continue;
    if (line.channel !== null && line.channel !== v.channel) continue;
    if (line.language !== null && line.language !== v.language) continue;
    const score = (line.channel !== null ? 2 : 0) + (line.language !== null ? 1 : 0);
    if (score > bestScore) [best, bestScore] = [line, score];
  }
  return best;
}

const fmtQty = (milli: bigint) => Number(milli) / 1000;
const scope = (line: PricingLine) =>
  [line.channel ?? 'all channels', line.language ?? 'all languages'].join(', ');

function usageLines(
  versionId: string,
  terms: ContractTerms,
  line: PricingLine,
  quantityMilli: bigint,
  share: { days: number; monthDays: number },
  note: string,
): InvoiceLine[] {
  const { unit } = UNITS[line.model];
  const out: InvoiceLine[] = [];
  let lower = 0n;
  line.tiers.forEach((tier, i) => {
    // Tier bounds are monthly; a version effective part of the month gets the same share of them.
    const upper =
      tier.up_to === null
        ? null
        : roundHalfEven(scaled(tier.up_to, 3) * BigInt(share.days), BigInt(share.monthDays));
    const inTier = (upper === null || quantityMilli < upper ? quantityMilli : upper) - lower;
    const isFirst = i === 0;
    if (inTier > 0n || (isFirst && quantityMilli === 0n)) {
      const q = inTier > 0n ? inTier : 0n;
      const rate = scaled(tier.rate_minor, 4);
      out.push({
        kind: 'usage',
        contract_version_id: versionId,
        currency: terms.currency,
        model: line.model,
        channel: line.channel,
        language: line.language,
        tier: i + 1,
        quantity: fmtQty(q),
        unit,
        rate_minor: tier.rate_minor,
        amount_minor: Number(roundHalfEven(q * rate, MILLI * RATE)),
        description:
          `${line.model.replace('_', ' ')} (${scope(line)})` +
          (line.tiers.length === 1
            ? ''
            : `, tier ${i + 1}` +
              (upper === null ? ` above ${fmtQty(lower)}` : ` ${fmtQty(lower)}–${fmtQty(upper)}`)) +
          note,
        service_level: null,
      });
    }
    if (upper !== null && upper > lower) lower = upper;
  });
  return out;
}

function segmentLines(
  input: InvoiceInput,
  version: ContractVersion,
  days: number,
  monthDays: number,
): InvoiceLine[] {
  const { terms } = version;
  const partial = days < monthDays ? `; ${days} of ${monthDays} days` : '';
  const lines: InvoiceLine[] = [];
  for (const line of terms.lines) {
    if (line.model === 'monthly_fee') {
      const fee = line.tiers[0]?.rate_minor ?? 0;
      lines.push({
        kind: 'fee',
        contract_version_id: version.id,
        currency: terms.currency,
        model: line.model,
        channel: line.channel,
        language: line.language,
        tier: null,
        quantity: Math.round((days / monthDays) * 10_000) / 10_000,
        unit: 'month',
        rate_minor: fee,
        amount_minor: Number(roundHalfEven(scaled(fee, 4) * BigInt(days), BigInt(monthDays) * RATE)),
        description: `monthly fee (${scope(line)})${partial}`,
        service_level: null,
      });
      continue;
    }
    const field = UNITS[line.model].field!;
    let measuredMilli = 0n;
    for (const v of input.volumes)
      if (lineFor(terms.lines, line.model, v) === line) measuredMilli += scaled(v[field] as number, 3);
    const unmeasured = line.model === 'productive_hour' && !input.productive_hours_measured;
    if (unmeasured) measuredMilli = 0n;
    const quantity = roundHalfEven(measuredMilli * BigInt(days), BigInt(monthDays));
    const note = (unmeasured ? '; productive hours not measured yet, billed as 0' : '') + partial;
    lines.push(...usageLines(version.id, terms, line, quantity, { days, monthDays }, note));
  }
  const commitment = terms.minimum_commitment_minor;
  if (commitment !== null && commitment > 0) {
    const minimum = Number(roundHalfEven(BigInt(commitment) * BigInt(days), BigInt(monthDays)));
    const fees = lines.reduce((sum, l) => sum + l.amount_minor, 0);
    if (fees < minimum) {
      lines.push({
        kind: 'minimum_top_up',
        contract_version_id: version.id,
        currency: terms.currency,
        model: null,
        channel: null,
        language: null,
        tier: null,
        quantity: 1,
        unit: 'top-up',
        rate_minor: minimum - fees,
        amount_minor: minimum - fees,
        description: `minimum commitment ${minimum} (fees ${fees})${partial}`,
        service_level: null,
      });
    }
  }
  return lines;
}

/** Credit or bonus lines of the service levels, a share of each currency's fees (incl. top-ups). */
function serviceLevelLines(
  input: InvoiceInput,
  rules: CreditRule[],
  versionId: string,
  fees: Map<string, number>,
): { lines: InvoiceLine[]; notes: string[] } {
  const lines: InvoiceLine[] = [];
  const notes: string[] = [];
  for (const rule of rules) {
    const a = input.attainments.find((x) => x.service_level_target_id === rule.service_level_target_id);
    if (!a || a.actual_percent === null) {
      notes.push(
        `Service level ${a?.name ?? rule.service_level_target_id}: nothing measured in the month, no credit.`,
      );
      continue;
    }
    const pointsE2 = scaled(a.target_percent, 2) - scaled(a.actual_percent, 2);
    const below = pointsE2 > 0n;
    const perPoint = below ? rule.percent_per_point : (rule.bonus_percent_per_point ?? 0);
    const cap = below ? rule.cap_percent : (rule.bonus_cap_percent ?? 0);
    if (pointsE2 === 0n || perPoint <= 0 || cap <= 0) continue;
    const points = pointsE2 < 0n ? -pointsE2 : pointsE2;
    // Percent of fees, scaled by 10^6: points (·10^2) × percent per point (·10^4).
    const uncapped = points * scaled(perPoint, 4);
    const capE6 = scaled(cap, 6);
    const applied = uncapped > capE6 ? capE6 : uncapped;
    for (const [currency, base] of fees) {
      const amount = Number(roundHalfEven(BigInt(base) * applied, 100_000_000n));
      lines.push({
        kind: below ? 'credit' : 'bonus',
        contract_version_id: versionId,
        currency,
        model: null,
        channel: null,
        language: null,
        tier: null,
        quantity: 1,
        unit: below ? 'credit' : 'bonus',
        rate_minor: below ? -amount : amount,
        amount_minor: below ? -amount : amount,
        description:
          `${a.name}: ${a.actual_percent}% against a target of ${a.target_percent}%, ` +
          `${Number(points) / 100} points ${below ? 'below' : 'above'} → ${Number(applied) / 1e6}% of fees ${base}` +
          (applied < uncapped ? ` (capped at ${cap}%)` : ''),
        service_level: {
          service_level_target_id: rule.service_level_target_id,
          name: a.name,
          target_percent: a.target_percent,
          actual_percent: a.actual_percent,
          points: (below ? 1 : -1) * (Number(points) / 100),
          percent_applied: Number(applied) / 1e6,
          capped: applied < uncapped,
        },
      });
    }
  }
  return { lines, notes };
}

/**
 * The invoice for the month. Credit rules are those of the last version effective in the month and
 * apply to the whole month's fees in each currency.
 */
export function computeInvoice(input: InvoiceInput): Invoice {
  const { segments, monthDays } = segmentsOf(input.month, input.versions);
  const notes: string[] = [];
  if (!segments.length) notes.push('No contract version is effective in this month.');
  if (segments.length > 1)
    notes.push('The contract changed in the month: each version billed for its days (docs/billing.md).');
  const lines = segments.flatMap((s) => segmentLines(input, s.version, s.days, monthDays));
  if (
    !input.productive_hours_measured &&
    segments.some((s) => s.version.terms.lines.some((l) => l.model === 'productive_hour'))
  )
    notes.push('Productive hours are not measured yet: productive-hour lines are billed as 0.');
  const fees = new Map<string, number>();
  for (const l of lines) fees.set(l.currency, (fees.get(l.currency) ?? 0) + l.amount_minor);
  const last = segments[segments.length - 1];
  if (last) {
    const sl = serviceLevelLines(input, last.version.terms.credit_rules, last.version.id, fees);
    lines.push(...sl.lines);
    notes.push(...sl.notes);
  }
  const totals: Record<string, CurrencyTotals> = {};
  for (const l of lines) {
    totals[l.currency] ??= { fees_minor: 0, credits_minor: 0, bonuses_minor: 0, total_minor: 0 };
    const t = totals[l.currency]!;
    if (l.kind === 'credit') t.credits_minor += l.amount_minor;
    else if (l.kind === 'bonus') t.bonuses_minor += l.amount_minor;
    else t.fees_minor += l.amount_minor;
    t.total_minor += l.amount_minor;
  }
  return { month: input.month, lines, totals, notes };
}

// --- Cost per contact -------------------------------------------------------------------------------

export const COST_PER_CONTACT_VARIANT = 'cost_per_contact.invoice_total_over_handled';

export interface CostPerContact {
  currency: string;
  /** The invoice's total in the currency (fees − credits + bonuses), minor units. */
  numerator_minor: number;
  /** Handled contacts the invoice measured (every channel and language). */
  denominator: number;
  /** Minor units per handled contact, unrounded; null when nothing was handled. */
  value_minor: number | null;
  variant: typeof COST_PER_CONTACT_VARIANT;
}

/**
 * Cost per contact (kpi-reference, "Vendor contracts and cost"): the total cost of the period over
 * the handled contacts, here one invoice's total per currency over the handled contacts it was
 * computed from, so the figure always matches the invoice it names.
 */
export function costPerContact(
  invoice: Pick<Invoice, 'totals'>,
  volumes: readonly Pick<MeasuredVolume, 'handled_contacts'>[],
): CostPerContact[] {
  const handled = volumes.reduce((sum, v) => sum + v.handled_contacts, 0);
  return Object.entries(invoice.totals)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, t]) => ({
      currency,
      numerator_minor: t.total_minor,
      denominator: handled,
      value_minor: handled > 0 ? t.total_minor / handled : null,
      variant: COST_PER_CONTACT_VARIANT,
    }));
}
