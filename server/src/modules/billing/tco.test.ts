import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COPENHAGEN_MODEL } from '../../../test/inhouse-cost-model.js';
import type { ContractVersion } from './invoice.js';
import { compareTco, type InhouseCostModel, inhouseMonthly, type TcoInput } from './tco.js';

const model: InhouseCostModel = COPENHAGEN_MODEL;

/** EUR per handled email: 2.00 up to 5,000, then 1.50; a 1,000.00 fee; 20,000.00 a month at least. */
const pacific: ContractVersion = {
  id: 'pv1',
  effective_from: '2026-01-01',
  effective_to: null,
  terms: {
    currency: 'EUR',
    lines: [
      {
        model: 'handled_contact',
        channel: null,
        language: null,
        tiers: [
          { up_to: 5000, rate_minor: 200 },
          { up_to: null, rate_minor: 150 },
        ],
      },
      { model: 'monthly_fee', channel: null, language: null, tiers: [{ up_to: null, rate_minor: 100_000 }] },
    ],
    minimum_commitment_minor: 2_000_000,
    credit_rules: [],
  },
};

const input = (over: Partial<TcoInput> = {}): TcoInput => ({
  month: '2026-11',
  base_currency: 'DKK',
  fx: { EUR: 7.46 },
  forecast: {
    lines: [{ channel: 'email', language: null, contacts: 10_000, aht_minutes: 6, resolution_percent: 80 }],
    occupancy_percent: 80,
  },
  inhouse: model,
  vendors: [{ vendor_id: 'pacific', name: 'Pacific', version: pacific }],
  mixes: [],
  ...over,
});

describe('the in-house team’s fully loaded monthly cost', () => {
  it('adds salaries, benefits, seats, hiring for attrition and overhead, line by line', () => {
    const monthly = inhouseMonthly(model);
    expect(monthly.lines.map((l) => [l.item, l.amount_minor])).toEqual([
      ['Salaries: Agent (DK)', 35_000_000],
      ['Benefits: Agent (DK)', 7_000_000],
      ['Salaries: Team lead (DK)', 4_500_000],
      ['Benefits: Team lead (DK)', 900_000],
      ['Tools and licences', 1_100_000],
      ['Facilities', 2_750_000],
      // 11 seats × 30 % / 12 = 0.275 hires a month.
      ['Recruiting', 82_500],
      ['Training', 137_500],
      ['Management overhead', 4_740_000],
    ]);
    expect(monthly.total_minor).toBe(56_210_000);
    expect(monthly.agents).toBe(10);
  });
});

describe('comparing in-house, a vendor and a mix on one forecast', () => {
  it('prices each option and converts to the comparison currency', () => {
    const result = compareTco(
      input({
        mixes: [
          {
            name: 'Half and half',
            shares: [
              { option: 'inhouse', percent: 50 },
              { option: 'pacific', percent: 50 },
            ],
          },
        ],
      }),
    );
    expect(result.contacts).toBe(10_000);
    expect(result.workload_hours).toBe(1000);
    const [inhouse, vendor] = result.options;
    // 1,000 h / (120 h × 80 %) = 10.4167 agents × 5,621,000 a month each.
    expect(inhouse).toMatchObject({
      option: 'inhouse',
      currency: 'DKK',
      total_minor: 58_552_083,
      total_base_minor: 58_552_083,
    });
    // 5,000 × 2.00 + 5,000 × 1.50 + 1,000.00 = 18,500.00, topped up to the 20,000.00 minimum.
    expect(vendor).toMatchObject({
      option: 'pacific',
      currency: 'EUR',
      total_minor: 2_000_000,
      total_base_minor: 14_920_000,
    });
    expect(vendor!.cost_per_contact_base_minor).toBe(1492);
    // Each half priced on its own volume: the vendor's minimum still applies to its 5,000.
    const [mix] = result.mixes;
    expect(mix!.parts.map((p) => [p.option, p.total_base_minor])).toEqual([
      ['inhouse', 29_276_042],
      ['pacific', 14_920_000],
    ]);
    expect(mix!.total_base_minor).toBe(44_196_042);
    expect(result.assumptions.join(' ')).toContain('1 EUR = 7.46 DKK');
  });

  it('leaves a foreign currency unconverted without a rate, and says in-house is not priced without a model', () => {
    const result = compareTco(input({ fx: {}, inhouse: null }));
    expect(result.options).toHaveLength(1);
    expect(result.options[0]).toMatchObject({
      total_minor: 2_000_000,
      total_base_minor: null,
      cost_per_contact_base_minor: null,
    });
    expect(result.assumptions).toContain('No in-house cost model: in-house is not priced.');
  });
});

const role = fc.record({
  role: fc.constantFrom('Agent', 'Team lead', 'QA'),
  country: fc.constantFrom('DK', 'PH', 'CO'),
  headcount: fc.integer({ min: 0, max: 50_000 }).map((n) => n / 100),
  annual_salary_minor: fc.integer({ min: 0, max: 200_000_000 }),
  benefits_percent: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
  handles_contacts: fc.boolean(),
});
const modelArb = fc.record({
  currency: fc.constant('DKK'),
  roles: fc.array(role, { minLength: 1, maxLength: 6 }),
  recruiting_per_hire_minor: fc.integer({ min: 0, max: 10_000_000 }),
  training_per_hire_minor: fc.integer({ min: 0, max: 10_000_000 }),
  attrition_percent_per_year: fc.integer({ min: 0, max: 20_000 }).map((n) => n / 100),
  tools_per_seat_month_minor: fc.integer({ min: 0, max: 1_000_000 }),
  facilities_per_seat_month_minor: fc.integer({ min: 0, max: 1_000_000 }),
  management_overhead_percent: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
  productive_hours_per_agent_month: fc.integer({ min: 1, max: 200 }),
});

describe('properties', () => {
  it('the monthly total is the sum of its lines, each a whole number of minor units', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const monthly = inhouseMonthly(m);
        expect(monthly.total_minor).toBe(monthly.lines.reduce((s, l) => s + l.amount_minor, 0));
        for (const l of monthly.lines) expect(Number.isSafeInteger(l.amount_minor)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a mix of one option at 100 % costs what that option costs alone', () => {
    fc.assert(
      fc.property(
        modelArb,
        fc.integer({ min: 0, max: 50_000 }),
        fc.constantFrom('inhouse', 'pacific'),
        (m, contacts, option) => {
          const base = input({
            inhouse: m,
            forecast: {
              lines: [{ channel: 'email', language: null, contacts, aht_minutes: 5, resolution_percent: 70 }],
              occupancy_percent: 85,
            },
          });
          const result = compareTco({
            ...base,
            mixes: [{ name: 'all', shares: [{ option, percent: 100 }] }],
          });
          const alone = result.options.find((o) => o.option === option)!;
          expect(result.mixes[0]!.total_base_minor).toBe(alone.total_base_minor);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('in-house never costs less for more contacts', () => {
    fc.assert(
      fc.property(
        modelArb,
        fc.integer({ min: 0, max: 50_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        (m, a, b) => {
          const cost = (contacts: number) =>
            compareTco(
              input({
                inhouse: m,
                vendors: [],
                forecast: {
                  lines: [
                    { channel: 'chat', language: null, contacts, aht_minutes: 7, resolution_percent: 70 },
                  ],
                  occupancy_percent: 85,
                },
              }),
            ).options[0]!.total_minor;
          expect(cost(Math.min(a, b))).toBeLessThanOrEqual(cost(Math.max(a, b)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
