/**
 * The figures of the vendors overview, as a manager reads them: what each means (the definitions
 * are the server's, kpi-reference.md), how to show its value, whether up is good, and the change
 * against the previous period of the same length. Pure, so it is tested without a browser.
 */

export interface Figure {
  value: number | null;
  numerator: number;
  denominator: number;
  variant: string;
}

type Kind = 'seconds' | 'share' | 'percent' | 'nps' | 'ces' | 'count';

export interface FigureSpec {
  key: string;
  label: string;
  kind: Kind;
  /** true: higher is better; false: lower is better; null: neither (volume). */
  higherIsBetter: boolean | null;
  /** One sentence a manager understands; the numerator and denominator follow in the tooltip. */
  meaning: string;
  numerator: string;
  denominator: string;
}

export const OVERVIEW_FIGURES: FigureSpec[] = [
  {
    key: 'first_response_time',
    label: 'First response',
    kind: 'seconds',
    higherIsBetter: false,
    meaning: 'Mean time from a ticket’s creation to the first public agent reply (calendar time).',
    numerator: 'seconds to first reply, summed',
    denominator: 'first replies',
  },
  {
    key: 'resolution_time_last_solve',
    label: 'Resolution',
    kind: 'seconds',
    higherIsBetter: false,
    meaning: 'Mean time from creation to the final solve of solved tickets.',
    numerator: 'seconds to the last solve, summed',
    denominator: 'tickets solved',
  },
  {
    key: 'aht',
    label: 'AHT',
    kind: 'seconds',
    higherIsBetter: false,
    meaning:
      'Average handle time: talk, hold and wrap-up on calls; focused and composing time in the console.',
    numerator: 'handle seconds',
    denominator: 'handled contacts',
  },
  {
    key: 'asa',
    label: 'Speed of answer',
    kind: 'seconds',
    higherIsBetter: false,
    meaning: 'Mean wait of answered calls, from entering the queue to answer.',
    numerator: 'seconds waited by answered calls',
    denominator: 'answered calls',
  },
  {
    key: 'abandonment',
    label: 'Abandoned',
    kind: 'share',
    higherIsBetter: false,
    meaning: 'Calls abandoned before answer, of all offered calls.',
    numerator: 'abandoned calls',
    denominator: 'offered calls',
  },
  {
    key: 'fcr',
    label: 'FCR',
    kind: 'share',
    higherIsBetter: true,
    meaning: 'Solved tickets with no reopen and no repeat contact on the same topic within 7 days.',
    numerator: 'resolved at first contact',
    denominator: 'tickets solved',
  },
  {
    key: 'reopen_rate',
    label: 'Reopened',
    kind: 'share',
    higherIsBetter: false,
    meaning: 'Solved tickets that were reopened.',
    numerator: 'reopened',
    denominator: 'tickets solved',
  },
  {
    key: 'csat',
    label: 'CSAT',
    kind: 'share',
    higherIsBetter: true,
    meaning: 'Survey answers of 4 or 5 out of 5.',
    numerator: 'answers of 4 or 5',
    denominator: 'answers',
  },
  {
    key: 'nps',
    label: 'NPS',
    kind: 'nps',
    higherIsBetter: true,
    meaning: 'Promoters (9–10) minus detractors (0–6), as points from −100 to +100.',
    numerator: 'promoters − detractors',
    denominator: 'answers',
  },
  {
    key: 'ces',
    label: 'CES',
    kind: 'ces',
    higherIsBetter: false,
    meaning: 'Mean customer effort on a 1–7 scale (lower is less effort).',
    numerator: 'effort scores, summed',
    denominator: 'answers',
  },
  {
    key: 'transfer_rate',
    label: 'Transferred',
    kind: 'share',
    higherIsBetter: false,
    meaning: 'Handled tickets moved between vendors, sites or queues.',
    numerator: 'transferred',
    denominator: 'handled tickets',
  },
  {
    key: 'escalation_rate',
    label: 'Escalated',
    kind: 'share',
    higherIsBetter: false,
    meaning: 'Handled tickets moved from an outsourced vendor to the brand’s in-house team.',
    numerator: 'escalated',
    denominator: 'handled tickets',
  },
  {
    key: 'sla_attainment',
    label: 'SLA met',
    kind: 'share',
    higherIsBetter: true,
    meaning: 'SLA timers decided in the period that were met (achieved, not breached).',
    numerator: 'timers met',
    denominator: 'timers decided',
  },
  {
    key: 'iqs',
    label: 'IQS',
    kind: 'percent',
    higherIsBetter: true,
    meaning:
      'Internal quality score: the mean current score of the QA reviews submitted in the period (after accepted disputes).',
    numerator: 'review scores (percent), summed',
    denominator: 'reviews submitted',
  },
];

/**
 * The overview's column order: what vendors are paid and judged by (service level against
 * contract, quality, satisfaction) first, so it is on screen without scrolling the wide table.
 */
export const LEADING_FIGURES = ['sla_attainment', 'iqs', 'csat'] as const;
export const OVERVIEW_COLUMNS: FigureSpec[] = [
  ...LEADING_FIGURES.map((key) => OVERVIEW_FIGURES.find((f) => f.key === key)!),
  ...OVERVIEW_FIGURES.filter((f) => !(LEADING_FIGURES as readonly string[]).includes(f.key)),
];

/** Figures that are not ticket counts, so no list of tickets stands behind them. */
export const NOT_DRILLABLE = new Set(['sla_attainment', 'iqs']);

/** A figure of a KPI report row: one of its kpis, or the SLA attainment or IQS beside them. */
export function figureOf(
  row: { kpis: unknown; sla_attainment?: Figure | null; iqs?: Figure | null } | undefined,
  key: string,
): Figure | null {
  if (!row) return null;
  if (key === 'sla_attainment') return row.sla_attainment ?? null;
  if (key === 'iqs') return row.iqs ?? null;
  return ((row.kpis as Record<string, Figure | null>)[key] ?? null) as Figure | null;
}

export function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** The value as shown in a cell; "–" when there is nothing to divide by (no data is not 0 %). */
export function formatValue(kind: Kind, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  switch (kind) {
    case 'seconds':
      return formatSeconds(value);
    case 'share':
      return `${(value * 100).toFixed(1)} %`;
    case 'percent':
      return `${value.toFixed(1)} %`;
    case 'nps':
      return `${value > 0 ? '+' : ''}${value.toFixed(0)}`;
    case 'ces':
      return value.toFixed(2);
    case 'count':
      return value.toLocaleString('en');
  }
}

/** The change from the previous period, in the figure's own unit, and whether it is an improvement. */
export function changeOf(
  spec: Pick<FigureSpec, 'kind' | 'higherIsBetter'>,
  current: number | null,
  previous: number | null,
): { text: string; better: boolean | null } | null {
  if (current === null || previous === null) return null;
  const delta = current - previous;
  if (delta === 0) return { text: 'no change', better: null };
  const sign = delta > 0 ? '+' : '−';
  const size = Math.abs(delta);
  const text =
    spec.kind === 'share'
      ? `${sign}${(size * 100).toFixed(1)} pp`
      : spec.kind === 'percent'
        ? `${sign}${size.toFixed(1)} pp`
        : spec.kind === 'seconds'
          ? `${sign}${formatSeconds(size)}`
          : spec.kind === 'nps'
            ? `${sign}${size.toFixed(0)}`
            : spec.kind === 'ces'
              ? `${sign}${size.toFixed(2)}`
              : `${sign}${size.toLocaleString('en')}`;
  const better = spec.higherIsBetter === null ? null : delta > 0 === spec.higherIsBetter;
  return { text, better };
}

/** Numerator and denominator in words, for the tooltip (durations in seconds, as the API gives them). */
export function explain(spec: FigureSpec, f: Figure | null | undefined): string {
  if (!f) return `${spec.meaning} No data.`;
  const n = Number.isInteger(f.numerator) ? f.numerator.toLocaleString('en') : f.numerator.toFixed(1);
  return `${spec.meaning} ${n} ${spec.numerator} / ${f.denominator.toLocaleString('en')} ${spec.denominator}. Definition: ${f.variant}.`;
}

// ---- periods ------------------------------------------------------------------------------

export type PeriodPreset = 'last7' | 'last30' | 'last90' | 'thisMonth' | 'lastMonth';
export const PERIOD_LABELS: Record<PeriodPreset, string> = {
  last7: 'Last 7 days',
  last30: 'Last 30 days',
  last90: 'Last 90 days',
  thisMonth: 'This month',
  lastMonth: 'Last month',
};

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

const parse = (d: string) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, day);
};
const format = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (d: string, n: number) => format(parse(d) + n * 86_400_000);
const addMonths = (d: string, n: number) => {
  const date = new Date(parse(d));
  return format(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + n, 1));
};

/**
 * A period as local dates [from, to) in the user's zone, and the previous period to compare with:
 * the same number of days before it, or the month before.
 */
export function periodOf(preset: PeriodPreset, today: string) {
  const tomorrow = addDays(today, 1);
  const days = { last7: 7, last30: 30, last90: 90 } as const;
  if (preset in days) {
    const n = days[preset as keyof typeof days];
    const from = addDays(tomorrow, -n);
    return { from, to: tomorrow, previous: { from: addDays(from, -n), to: from } };
  }
  const monthStart = `${today.slice(0, 7)}-01`;
  const from = preset === 'thisMonth' ? monthStart : addMonths(monthStart, -1);
  const to = preset === 'thisMonth' ? tomorrow : monthStart;
  const previousFrom = addMonths(from, -1);
  // This month so far compares with the same days of last month.
  const previousTo =
    preset === 'thisMonth' ? addDays(previousFrom, Math.round((parse(to) - parse(from)) / 86_400_000)) : from;
  return { from, to, previous: { from: previousFrom, to: previousTo } };
}

/** A contract target against what was delivered: met, missed by how much, or nothing to judge yet. */
export function contractVerdict(
  targetPercent: number,
  actualPercent: number | null,
): { text: string; color: 'teal' | 'red' | 'gray' } {
  if (actualPercent === null) return { text: 'no contacts yet', color: 'gray' };
  const gap = actualPercent - targetPercent;
  return gap >= 0
    ? { text: `met (+${gap.toFixed(1)} pp)`, color: 'teal' }
    : { text: `missed by ${(-gap).toFixed(1)} pp`, color: 'red' };
}

/** The UTC month (YYYY-MM) a period's contract service levels are read for. */
export function contractMonth(preset: PeriodPreset, now = new Date()): string {
  const month = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (preset === 'lastMonth' ? 1 : 0), 1),
  );
  return month.toISOString().slice(0, 7);
}

/** Contacts as a figure, so its tickets can be listed like any other. */
export const CONTACTS_SPEC: FigureSpec = {
  key: 'contacts',
  label: 'Contacts',
  kind: 'count',
  higherIsBetter: null,
  meaning: 'Tickets created in the period.',
  numerator: 'tickets created',
  denominator: 'tickets created',
};

/**
 * A vendor's actual share of a queue's latest contacts against its target. Within 2 points is on
 * target: the allocator keeps every vendor within ±2 pp over its window (docs/decisions/0005-routing.md).
 */
export function shareVerdict(
  targetPercent: number,
  actualPercent: number | null,
): { text: string; color: 'teal' | 'orange' | 'gray' } {
  if (actualPercent === null) return { text: 'no contacts yet', color: 'gray' };
  const gap = actualPercent - targetPercent;
  const size = `${Math.abs(gap).toFixed(1)} pp`;
  if (Math.abs(gap) <= 2) return { text: `on target (${gap >= 0 ? '+' : '−'}${size})`, color: 'teal' };
  return { text: gap > 0 ? `${size} over target` : `${size} under target`, color: 'orange' };
}
