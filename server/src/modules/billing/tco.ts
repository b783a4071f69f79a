import { type ContractVersion, computeInvoice, type MeasuredVolume, roundHalfEven } from './invoice.js';

/**
 * Total cost of ownership: the in-house team's fully loaded cost, and a calculator that prices the
 * same volume forecast in-house, at each vendor's contract, and as a mix (docs/billing.md#tco;
 * kpi-reference, "Vendor contracts and cost"). Pure, exact: money in integer minor units, rounded
 * half-to-even once per line; headcounts and percentages to two decimals.
 */

export interface InhouseRole {
  /** What the people do, e.g. "Agent", "Team lead", "QA". */
  role: string;
  /** ISO 3166 country where they work. */
  country: string;
  /** Full-time equivalents, two decimals. */
  headcount: number;
  annual_salary_minor: number;
  /** Employer's benefits and taxes on top of the salary. */
  benefits_percent: number;
  /** Agents handle contacts; leads, QA and trainers are the overhead a team needs per agent. */
  handles_contacts: boolean;
}

export interface InhouseCostModel {
  currency: string;
  roles: InhouseRole[];
  recruiting_per_hire_minor: number;
  training_per_hire_minor: number;
  /** Share of the headcount replaced in a year; each leaver is a hire to recruit and train. */
  attrition_percent_per_year: number;
  tools_per_seat_month_minor: number;
  facilities_per_seat_month_minor: number;
  /** Management and support functions, as a share of salaries and benefits. */
  management_overhead_percent: number;
  /** Hours an agent is available to handle contacts in a month (after leave, training, meetings). */
  productive_hours_per_agent_month: number;
}

export interface CostLine {
  item: string;
  amount_minor: number;
  /** How it was computed, in words a manager checks with a calculator. */
  basis: string;
}

const hundredths = (x: number) => BigInt(Math.round(x * 100));
const money = (minor: number) => BigInt(Math.round(minor));
/** Minor units as a person reads them: 42000000 → "420,000.00". */
const major = (minor: number) =>
  (minor / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0$/, ''));

/** The model's monthly cost, line by line, for the headcount it names. */
export function inhouseMonthly(model: InhouseCostModel) {
  const lines: CostLine[] = [];
  let payroll = 0n;
  for (const r of model.roles) {
    const salary = roundHalfEven(hundredths(r.headcount) * money(r.annual_salary_minor), 1200n);
    const benefits = roundHalfEven(
      hundredths(r.headcount) * money(r.annual_salary_minor) * hundredths(r.benefits_percent),
      1200n * 10_000n,
    );
    payroll += salary + benefits;
    lines.push({
      item: `Salaries: ${r.role} (${r.country})`,
      amount_minor: Number(salary),
      basis: `${fmt(r.headcount)} FTE × ${major(r.annual_salary_minor)} a year / 12`,
    });
    lines.push({
      item: `Benefits: ${r.role} (${r.country})`,
      amount_minor: Number(benefits),
      basis: `salaries × ${fmt(r.benefits_percent)} %`,
    });
  }
  const seats = model.roles.reduce((s, r) => s + hundredths(r.headcount), 0n);
  const seatCost = (perSeat: number) => roundHalfEven(seats * money(perSeat), 100n);
  lines.push({
    item: 'Tools and licences',
    amount_minor: Number(seatCost(model.tools_per_seat_month_minor)),
    basis: `${fmt(Number(seats) / 100)} seats × ${major(model.tools_per_seat_month_minor)}`,
  });
  lines.push({
    item: 'Facilities',
    amount_minor: Number(seatCost(model.facilities_per_seat_month_minor)),
    basis: `${fmt(Number(seats) / 100)} seats × ${major(model.facilities_per_seat_month_minor)}`,
  });
  // Hires a month = seats × attrition / 12; each costs recruiting and training.
  const hireCost = (perHire: number) =>
    roundHalfEven(
      seats * hundredths(model.attrition_percent_per_year) * money(perHire),
      100n * 10_000n * 12n,
    );
  const hires = (Number(seats) / 100) * (model.attrition_percent_per_year / 100 / 12);
  lines.push({
    item: 'Recruiting',
    amount_minor: Number(hireCost(model.recruiting_per_hire_minor)),
    basis: `${hires.toFixed(2)} hires a month (${fmt(model.attrition_percent_per_year)} % attrition a year) × ${major(model.recruiting_per_hire_minor)}`,
  });
  lines.push({
    item: 'Training',
    amount_minor: Number(hireCost(model.training_per_hire_minor)),
    basis: `${hires.toFixed(2)} hires a month × ${major(model.training_per_hire_minor)}`,
  });
  lines.push({
    item: 'Management overhead',
    amount_minor: Number(roundHalfEven(payroll * hundredths(model.management_overhead_percent), 10_000n)),
    basis: `salaries and benefits × ${fmt(model.management_overhead_percent)} %`,
  });
  const total = lines.reduce((s, l) => s + l.amount_minor, 0);
  const agents = model.roles.filter((r) => r.handles_contacts).reduce((s, r) => s + r.headcount, 0);
  return { currency: model.currency, lines, total_minor: total, agents };
}

export interface ForecastLine {
  channel: string;
  language: string | null;
  contacts: number;
  /** Average handle time in minutes. */
  aht_minutes: number;
  /** Share resolved (for resolved-contact pricing). */
  resolution_percent: number;
}

export interface Forecast {
  lines: ForecastLine[];
  /** Share of an agent's productive time spent handling contacts (the rest waits for the next one). */
  occupancy_percent: number;
}

export interface VendorOption {
  vendor_id: string;
  name: string;
  version: ContractVersion;
}

export interface MixShare {
  /** 'inhouse' or a vendor id. */
  option: string;
  percent: number;
}

export interface Priced {
  option: string;
  name: string;
  currency: string;
  contacts: number;
  total_minor: number;
  /** The total in the comparison's currency (null when no rate was given for the currency). */
  total_base_minor: number | null;
  cost_per_contact_base_minor: number | null;
  lines: CostLine[];
}

export interface TcoInput {
  month: string;
  base_currency: string;
  /** Units of the base currency per unit of each other currency. */
  fx: Record<string, number>;
  forecast: Forecast;
  inhouse: InhouseCostModel | null;
  vendors: VendorOption[];
  mixes: { name: string; shares: MixShare[] }[];
}

const scale = (forecast: Forecast, share: number): Forecast => ({
  ...forecast,
  lines: forecast.lines.map((l) => ({ ...l, contacts: (l.contacts * share) / 100 })),
});

const contactsOf = (f: Forecast) => f.lines.reduce((s, l) => s + l.contacts, 0);
const workloadHours = (f: Forecast) => f.lines.reduce((s, l) => s + (l.contacts * l.aht_minutes) / 60, 0);

function toBase(input: TcoInput, currency: string, minor: number): number | null {
  if (currency === input.base_currency) return minor;
  const rate = input.fx[currency];
  return rate === undefined
    ? null
    : Number(roundHalfEven(money(minor) * BigInt(Math.round(rate * 1e6)), 1_000_000n));
}

function priced(
  input: TcoInput,
  p: Omit<Priced, 'total_base_minor' | 'cost_per_contact_base_minor'>,
): Priced {
  const base = toBase(input, p.currency, p.total_minor);
  return {
    ...p,
    total_base_minor: base,
    cost_per_contact_base_minor: base !== null && p.contacts > 0 ? base / p.contacts : null,
  };
}

/**
 * In-house on the forecast: the agents the workload needs (workload hours / (productive hours ×
 * occupancy)), each at the model's fully loaded cost per agent (its whole monthly cost over its
 * agents, so leads, QA, tools and overhead grow with the team).
 */
export function priceInhouse(input: TcoInput, forecast: Forecast): Priced | null {
  const model = input.inhouse;
  if (!model) return null;
  const monthly = inhouseMonthly(model);
  const hours = workloadHours(forecast);
  const perAgentHours = model.productive_hours_per_agent_month * (forecast.occupancy_percent / 100);
  const agentsNeeded = perAgentHours > 0 ? hours / perAgentHours : 0;
  const perAgent = monthly.agents > 0 ? monthly.total_minor / monthly.agents : 0;
  const total = Math.round(agentsNeeded * perAgent);
  return priced(input, {
    option: 'inhouse',
    name: 'In-house team',
    currency: model.currency,
    contacts: contactsOf(forecast),
    total_minor: total,
    lines: [
      {
        item: 'Fully loaded agents',
        amount_minor: total,
        basis: `${agentsNeeded.toFixed(2)} agents (${hours.toFixed(1)} workload hours / (${fmt(model.productive_hours_per_agent_month)} productive hours × ${fmt(forecast.occupancy_percent)} % occupancy)) × ${major(Math.round(perAgent))} a month each`,
      },
    ],
  });
}

/** A vendor on the forecast: its contract's invoice for the month, every service level assumed met. */
export function priceVendor(input: TcoInput, vendor: VendorOption, forecast: Forecast): Priced {
  const occupancy = forecast.occupancy_percent / 100;
  const volumes: MeasuredVolume[] = forecast.lines.map((l) => ({
    channel: l.channel,
    language: l.language,
    handled_contacts: Math.round(l.contacts),
    resolved_contacts: Math.round((l.contacts * l.resolution_percent) / 100),
    handle_minutes: Math.round(l.contacts * l.aht_minutes),
    productive_hours: occupancy > 0 ? Math.round((l.contacts * l.aht_minutes) / 60 / occupancy) : 0,
  }));
  const invoice = computeInvoice({
    month: input.month,
    versions: [{ ...vendor.version, effective_from: `${input.month}-01`, effective_to: null }],
    volumes,
    productive_hours_measured: true,
    attainments: [],
  });
  const currency = vendor.version.terms.currency;
  return priced(input, {
    option: vendor.vendor_id,
    name: vendor.name,
    currency,
    contacts: volumes.reduce((s, v) => s + v.handled_contacts, 0),
    total_minor: invoice.totals[currency]?.total_minor ?? 0,
    lines: invoice.lines.map((l) => ({
      item: l.description,
      amount_minor: l.amount_minor,
      basis: `${l.quantity} ${l.unit} × ${major(l.rate_minor)}`,
    })),
  });
}

function priceOption(input: TcoInput, option: string, forecast: Forecast): Priced | null {
  if (option === 'inhouse') return priceInhouse(input, forecast);
  const vendor = input.vendors.find((v) => v.vendor_id === option);
  return vendor ? priceVendor(input, vendor, forecast) : null;
}

export interface TcoResult {
  month: string;
  base_currency: string;
  contacts: number;
  workload_hours: number;
  options: Priced[];
  mixes: {
    name: string;
    parts: (Priced & { percent: number })[];
    total_base_minor: number | null;
    cost_per_contact_base_minor: number | null;
  }[];
  assumptions: string[];
}

/** Every option on the whole forecast, and each mix with each part priced on its share (tiers and minimums apply per part). */
export function compareTco(input: TcoInput): TcoResult {
  const options = [
    ...(input.inhouse ? [priceInhouse(input, input.forecast)!] : []),
    ...input.vendors.map((v) => priceVendor(input, v, input.forecast)),
  ];
  const mixes = input.mixes.map((mix) => {
    const parts = mix.shares
      .filter((s) => s.percent > 0)
      .map((s) => {
        const p = priceOption(input, s.option, scale(input.forecast, s.percent));
        return p ? { ...p, percent: s.percent } : null;
      })
      .filter((p): p is Priced & { percent: number } => p !== null);
    const bases = parts.map((p) => p.total_base_minor);
    const total = bases.some((b) => b === null) ? null : bases.reduce<number>((s, b) => s + (b ?? 0), 0);
    const contacts = contactsOf(input.forecast);
    return {
      name: mix.name,
      parts,
      total_base_minor: total,
      cost_per_contact_base_minor: total !== null && contacts > 0 ? total / contacts : null,
    };
  });
  const assumptions = [
    `One month (${input.month}) of the forecast; each vendor at the contract version effective then.`,
    'Vendors: every contract service level met (no credits, no bonuses); minimum commitments and volume tiers apply.',
    `Vendors bill productive hours as workload hours / ${fmt(input.forecast.occupancy_percent)} % occupancy.`,
    ...(input.inhouse
      ? [
          `In-house: agents needed = workload hours / (${fmt(input.inhouse.productive_hours_per_agent_month)} productive hours × ${fmt(input.forecast.occupancy_percent)} % occupancy), each at the fully loaded cost per agent of the in-house model (leads, QA, tools, facilities, recruiting, training and overhead scale with the agents).`,
        ]
      : ['No in-house cost model: in-house is not priced.']),
    ...Object.entries(input.fx).map(([c, r]) => `1 ${c} = ${r} ${input.base_currency}.`),
  ];
  return {
    month: input.month,
    base_currency: input.base_currency,
    contacts: contactsOf(input.forecast),
    workload_hours: workloadHours(input.forecast),
    options,
    mixes,
    assumptions,
  };
}

export const INHOUSE_COST_PER_CONTACT_VARIANT = 'cost_per_contact.inhouse_model_over_handled' as const;

/**
 * The in-house team's fully loaded cost per contact (kpi-reference, "Vendor contracts and cost"):
 * the model's monthly cost, for the part of the month that has passed, over the contacts the in-house
 * team handled in it. A month in progress counts its elapsed share of the cost, so the figure does
 * not start each month at a full month's cost over a handful of contacts.
 */
export function inhouseCostPerContact(model: InhouseCostModel, handled: number, elapsedShare: number) {
  const monthly = inhouseMonthly(model);
  const share = Math.min(1, Math.max(0, elapsedShare));
  const numerator = Math.round(monthly.total_minor * share);
  return {
    currency: model.currency,
    numerator_minor: numerator,
    denominator: handled,
    value_minor: handled > 0 ? numerator / handled : null,
    month_share: share,
    variant: INHOUSE_COST_PER_CONTACT_VARIANT,
  };
}
