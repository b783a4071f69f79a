import { describe, expect, it } from 'vitest';
import { chartRows, deeper, filtersOf, nextLevel, parseVendorSearch, upTo } from './drill';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';

describe('vendor page drill-down', () => {
  it('reads the address defensively: unknown values fall back, a deeper level needs the one above', () => {
    expect(parseVendorSearch({})).toEqual({ period: 'last30', interval: 'day' });
    expect(parseVendorSearch({ period: 'nonsense', interval: 'year', team: A })).toEqual({
      period: 'last30',
      interval: 'day',
    });
    expect(
      parseVendorSearch({ period: 'lastMonth', interval: 'week', site: A, team: B, agent: 'x' }),
    ).toEqual({
      period: 'lastMonth',
      interval: 'week',
      site: A,
      team: B,
    });
  });

  it('walks vendor → site → team → agent and back', () => {
    let s = parseVendorSearch({});
    expect(nextLevel(s)).toBe('site');
    s = deeper(s, A);
    expect(nextLevel(s)).toBe('team');
    s = deeper(s, B);
    expect(nextLevel(s)).toBe('agent');
    s = deeper(s, C);
    expect(nextLevel(s)).toBeNull();
    expect(deeper(s, A)).toBe(s);
    expect(filtersOf('v', s)).toEqual({ vendor_id: 'v', site_id: A, team_id: B, agent_id: C });
    expect(upTo(s, 'site')).toEqual({ period: 'last30', interval: 'day', site: A });
    expect(filtersOf('v', upTo(s, 'vendor'))).toEqual({ vendor_id: 'v' });
  });

  it('turns trend buckets into chart rows in hours, minutes and percent; no data stays empty', () => {
    const f = (value: number | null) => ({ value });
    const rows = chartRows([
      {
        start: '2026-12-01',
        kpis: {
          contacts: 4,
          first_response_time: f(5400),
          resolution_time_last_solve: f(null),
          aht: f(90),
          fcr: f(0.75),
          csat: f(null),
        },
        sla_attainment: f(0.5),
      },
    ]);
    expect(rows).toEqual([
      {
        date: '2026-12-01',
        Contacts: 4,
        'First response (h)': 1.5,
        'Resolution (h)': null,
        'AHT (min)': 1.5,
        'SLA met %': 50,
        'FCR %': 75,
        'CSAT %': null,
      },
    ]);
  });
});
