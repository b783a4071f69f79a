import type { PeriodPreset } from './figures';
import { PERIOD_LABELS } from './figures';

/**
 * The vendor page's drill-down, vendor → site → team → agent → the tickets, kept in the address
 * so a manager can share the exact view. Pure: the page reads and writes it, tests check it.
 */
export interface VendorSearch {
  period: PeriodPreset;
  interval: 'day' | 'week';
  site?: string;
  team?: string;
  agent?: string;
}

const isId = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v);

export function parseVendorSearch(search: Record<string, unknown>): VendorSearch {
  const period = (
    typeof search.period === 'string' && search.period in PERIOD_LABELS ? search.period : 'last30'
  ) as PeriodPreset;
  const interval = search.interval === 'week' ? 'week' : 'day';
  const out: VendorSearch = { period, interval };
  // A deeper level only counts under the one above it.
  if (isId(search.site)) {
    out.site = search.site;
    if (isId(search.team)) {
      out.team = search.team;
      if (isId(search.agent)) out.agent = search.agent;
    }
  }
  return out;
}

export type Level = 'site' | 'team' | 'agent';

/** The level the breakdown table groups by next; null at an agent (the tickets are listed instead). */
export function nextLevel(s: VendorSearch): Level | null {
  if (!s.site) return 'site';
  if (!s.team) return 'team';
  if (!s.agent) return 'agent';
  return null;
}

/** The API filters for the current view. */
export function filtersOf(vendorId: string, s: VendorSearch) {
  return {
    vendor_id: vendorId,
    ...(s.site ? { site_id: s.site } : {}),
    ...(s.team ? { team_id: s.team } : {}),
    ...(s.agent ? { agent_id: s.agent } : {}),
  };
}

/** One level deeper, into a row of the breakdown. */
export function deeper(s: VendorSearch, key: string): VendorSearch {
  const level = nextLevel(s);
  if (level === null) return s;
  return { ...s, [level]: key };
}

/** Back up to a level of the breadcrumb: 'vendor' clears every narrower choice. */
export function upTo(s: VendorSearch, level: 'vendor' | Level): VendorSearch {
  const { site, team, agent, ...rest } = s;
  if (level === 'vendor') return rest;
  if (level === 'site') return { ...rest, site };
  if (level === 'team') return { ...rest, site, team };
  return { ...rest, site, team, agent };
}

export const LEVEL_NAMES: Record<Level, string> = { site: 'Site', team: 'Team', agent: 'Agent' };

/** Trend buckets as chart rows: durations in hours, shares in percent, null where nothing was counted. */
export function chartRows(
  buckets: readonly {
    start: string;
    kpis: {
      contacts: number;
      first_response_time: { value: number | null };
      resolution_time_last_solve: { value: number | null };
      aht: { value: number | null };
      fcr: { value: number | null };
      csat: { value: number | null };
    };
    sla_attainment: { value: number | null };
  }[],
) {
  const hours = (v: number | null) => (v === null ? null : Math.round((v / 3600) * 100) / 100);
  const minutes = (v: number | null) => (v === null ? null : Math.round((v / 60) * 10) / 10);
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  return buckets.map((b) => ({
    date: b.start,
    Contacts: b.kpis.contacts,
    'First response (h)': hours(b.kpis.first_response_time.value),
    'Resolution (h)': hours(b.kpis.resolution_time_last_solve.value),
    'AHT (min)': minutes(b.kpis.aht.value),
    'SLA met %': pct(b.sla_attainment.value),
    'FCR %': pct(b.kpis.fcr.value),
    'CSAT %': pct(b.kpis.csat.value),
  }));
}
