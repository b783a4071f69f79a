/**
 * Billing's words and figures, pure: money from integer minor units (exponent 2, as the API and the
 * PDF use), rates with their extra decimals, invoice lines and reconciliation differences in words.
 */

const GROUPED = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** Minor units to "1,234.56 EUR", exactly (no floating point on the amount): -10100 → "-101.00 EUR". */
export function formatMoney(minor: number, currency: string): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minor));
  const major = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${GROUPED.format(major)}.${cents} ${currency}`;
}

/** A difference always shows its sign: "+10.00 EUR", "-2.50 EUR", "0.00 EUR". */
export function formatSignedMoney(minor: number, currency: string): string {
  return minor > 0 ? `+${formatMoney(minor, currency)}` : formatMoney(minor, currency);
}

/**
 * A rate in minor units (up to 4 decimals) in major units, at least 2 decimals and as many more as it
 * has: 250 → "2.50 EUR", 12.5 → "0.125 EUR".
 */
export function formatRate(rateMinor: number, currency: string): string {
  const major = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 6 });
  return `${major.format(rateMinor / 100)} ${currency}`;
}

/** Quantities are kept to 0.001 of a unit. */
export function formatQuantity(quantity: number): string {
  return new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 }).format(quantity);
}

export const MODEL_LABELS: Record<string, string> = {
  productive_hour: 'productive hour',
  handled_contact: 'handled contact',
  handle_minute: 'handle minute',
  resolved_contact: 'resolved contact',
  monthly_fee: 'monthly fee',
};

export const KIND_LABELS: Record<string, string> = {
  usage: 'Usage',
  fee: 'Fee',
  minimum_top_up: 'Minimum top-up',
  credit: 'SLA credit',
  bonus: 'SLA bonus',
};

/** "handled contact, chat, all languages" — the scope a pricing or invoice line applies to. */
export function scopeLabel(line: { model: string | null; channel: string | null; language: string | null }) {
  return [
    line.model ? (MODEL_LABELS[line.model] ?? line.model) : null,
    line.channel ?? 'all channels',
    line.language ?? 'all languages',
  ]
    .filter(Boolean)
    .join(', ');
}

/** One line of the reconciliation in words: what it is, then what the vendor's side says against Tandem's. */
export function reconciliationLineLabel(line: {
  kind: string;
  model: string | null;
  channel: string | null;
  language: string | null;
  tier: number | null;
  service_level: string | null;
}): string {
  const kind = KIND_LABELS[line.kind] ?? line.kind;
  if (line.kind === 'credit' || line.kind === 'bonus')
    return `${kind}: ${line.service_level ?? 'service level'}`;
  const tier = line.tier ? `, tier ${line.tier}` : '';
  return `${kind}: ${scopeLabel(line)}${tier}`;
}

const DIFFERENCE_WORDS: Record<string, string> = { quantity: 'volume', rate: 'rate', amount: 'amount' };

/** The match status in words, naming what differs: "Differs in volume and amount". */
export function statusLabel(line: { status: string; differences: readonly string[] }): string {
  switch (line.status) {
    case 'matched':
      return 'Matches';
    case 'only_tandem':
      return "Only on Tandem's invoice";
    case 'only_vendor':
      return "Only on the vendor's invoice";
    default: {
      const words = line.differences.map((d) => DIFFERENCE_WORDS[d] ?? d);
      if (words.length === 0) return 'Differs';
      const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
      return `Differs in ${list}`;
    }
  }
}

export const STATE_LABELS: Record<string, string> = {
  awaiting_claim: 'Awaiting the vendor’s invoice',
  open: 'Open: awaiting the brand’s decision',
  disputed: 'Disputed',
  accepted: 'Accepted',
};

/** A graduated tier list in words: "2.50 EUR up to 1,000, then 2.00 EUR". */
export function tiersLabel(
  model: string,
  tiers: readonly { up_to: number | null; rate_minor: number }[],
  currency: string,
): string {
  if (model === 'monthly_fee') return `${formatMoney(tiers[0]?.rate_minor ?? 0, currency)} a month`;
  const unit = MODEL_LABELS[model] ?? model;
  return tiers
    .map((tier, i) => {
      const rate = `${formatRate(tier.rate_minor, currency)} per ${unit}`;
      if (tier.up_to === null) return i === 0 ? rate : `then ${rate}`;
      return `${i === 0 ? '' : 'then '}${rate} up to ${formatQuantity(tier.up_to)} a month`;
    })
    .join(', ');
}

/** A credit rule in words: "2 % of fees per point below target on X, at most 10 %; bonus …". */
export function creditRuleLabel(
  rule: {
    percent_per_point: number;
    cap_percent: number;
    bonus_percent_per_point: number | null;
    bonus_cap_percent: number | null;
  },
  targetName: string,
): string {
  const credit = `${targetName}: ${rule.percent_per_point} % of the month’s fees credited per point below target, at most ${rule.cap_percent} %`;
  if (rule.bonus_percent_per_point === null) return credit;
  const cap = rule.bonus_cap_percent === null ? '' : `, at most ${rule.bonus_cap_percent} %`;
  return `${credit}; bonus ${rule.bonus_percent_per_point} % per point above${cap}`;
}

/** "2026-11" → "November 2026" (UTC months, as the API's). */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** The `count` months up to and including now's UTC month, newest first ("2026-12", "2026-11", …). */
export function recentMonths(now: Date, count: number): string[] {
  const months: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return months;
}

/**
 * An amount typed in major units ("1,200.00", "-101", "0.125") to minor units, exactly: at most
 * `extraDecimals` decimals beyond the minor unit (0 for amounts, 4 for rates). Null when it is not a
 * number or too precise.
 */
export function parseMajorToMinor(text: string, extraDecimals = 0): number | null {
  const clean = text.replace(/[,\s]/g, '');
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(clean);
  if (!match) return null;
  const [, sign, whole, frac = ''] = match;
  if (frac.length > 2 + extraDecimals) return null;
  const cents = frac.slice(0, 2).padEnd(2, '0');
  const rest = frac.slice(2);
  const minor = Number(`${whole}${cents}${rest ? `.${rest}` : ''}`);
  return sign && minor !== 0 ? -minor : minor;
}

/** Minor units back to what a person types: 120000 → "1200.00", 12.5 → "0.125". */
export function minorToMajorInput(minor: number): string {
  return new Intl.NumberFormat('en-GB', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 6,
    useGrouping: false,
  }).format(minor / 100);
}

/** Whole days from `today` to `day` (both YYYY-MM-DD, UTC); negative when past. */
export function daysUntil(day: string, today: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** A notice deadline still ahead and within 30 days: shown in red. */
export function noticeIsNear(deadline: string | null, today: string): boolean {
  if (deadline === null) return false;
  const days = daysUntil(deadline, today);
  return days >= 0 && days <= 30;
}

/** The notice deadline in words: "by 2027-04-01 (in 12 days)", "today", or passed. */
export function noticeLabel(deadline: string | null, today: string): string {
  if (deadline === null) return 'No notice period';
  const days = daysUntil(deadline, today);
  if (days === 0) return `Notice by ${deadline} (today)`;
  if (days < 0) return `Notice deadline ${deadline} (passed)`;
  return `Notice by ${deadline} (in ${days} day${days === 1 ? '' : 's'})`;
}

/** Auto-renewal in words: "Renews automatically for 12 months" or "Does not renew automatically". */
export function renewalLabel(contract: { auto_renews: boolean; renewal_term_months: number | null }): string {
  if (!contract.auto_renews || contract.renewal_term_months === null) return 'Does not renew automatically';
  const m = contract.renewal_term_months;
  return `Renews automatically for ${m} month${m === 1 ? '' : 's'}`;
}
