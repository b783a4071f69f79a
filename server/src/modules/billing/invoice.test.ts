import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Attainment,
  COST_PER_CONTACT_VARIANT,
  type ContractTerms,
  type ContractVersion,
  computeInvoice,
  costPerContact,
  type InvoiceInput,
  type MeasuredVolume,
  PRICING_MODELS,
  type PricingLine,
  roundHalfEven,
} from './invoice.js';

const MONTH = '2026-11'; // 30 days

const terms = (over: Partial<ContractTerms> = {}): ContractTerms => ({
  currency: 'EUR',
  lines: [],
  minimum_commitment_minor: null,
  credit_rules: [],
  ...over,
});
const version = (id: string, t: ContractTerms, from = '2026-01-01', to: string | null = null) => ({
  id,
  effective_from: from,
  effective_to: to,
  terms: t,
});
const volume = (over: Partial<MeasuredVolume> = {}): MeasuredVolume => ({
  channel: 'email',
  language: null,
  handled_contacts: 0,
  resolved_contacts: 0,
  handle_minutes: 0,
  productive_hours: 0,
  ...over,
});
const line = (model: PricingLine['model'], tiers: PricingLine['tiers'], over: Partial<PricingLine> = {}) => ({
  model,
  channel: null,
  language: null,
  tiers,
  ...over,
});
const input = (over: Partial<InvoiceInput>): InvoiceInput => ({
  month: MONTH,
  versions: [],
  volumes: [],
  productive_hours_measured: true,
  attainments: [],
  ...over,
});
const amounts = (inv: ReturnType<typeof computeInvoice>) => inv.lines.map((l) => [l.kind, l.amount_minor]);

describe('banker’s rounding', () => {
  it.each([
    [5n, 2n, 2n], // 2.5 → 2
    [7n, 2n, 4n], // 3.5 → 4
    [-5n, 2n, -2n],
    [-7n, 2n, -4n],
    [25n, 10n, 2n],
    [35n, 10n, 4n],
    [26n, 10n, 3n],
    [24n, 10n, 2n],
    [-26n, 10n, -3n],
    [6n, 3n, 2n],
  ])('%i / %i → %i', (num, den, expected) => {
    expect(roundHalfEven(num, den)).toBe(expected);
  });

  it('rounds an invoice line half-to-even: 5 min × 0.5 = 2, 7 min × 0.5 = 4', () => {
    const priced = (minutes: number) =>
      computeInvoice(
        input({
          versions: [
            version('v', terms({ lines: [line('handle_minute', [{ up_to: null, rate_minor: 0.5 }])] })),
          ],
          volumes: [volume({ handle_minutes: minutes })],
        }),
      ).totals.EUR!.total_minor;
    expect(priced(5)).toBe(2);
    expect(priced(7)).toBe(4);
  });
});

describe('computeInvoice', () => {
  const tiered = line('handled_contact', [
    { up_to: 1000, rate_minor: 200 },
    { up_to: null, rate_minor: 150 },
  ]);

  it('bills graduated tiers: 1,500 contacts = 1,000 × 2.00 + 500 × 1.50', () => {
    const inv = computeInvoice(
      input({
        versions: [version('v', terms({ lines: [tiered] }))],
        volumes: [volume({ handled_contacts: 900 }), volume({ channel: 'chat', handled_contacts: 600 })],
      }),
    );
    expect(inv.lines.map((l) => [l.tier, l.quantity, l.rate_minor, l.amount_minor])).toEqual([
      [1, 1000, 200, 200_000],
      [2, 500, 150, 75_000],
    ]);
    expect(inv.totals.EUR).toEqual({
      fees_minor: 275_000,
      credits_minor: 0,
      bonuses_minor: 0,
      total_minor: 275_000,
    });
  });

  it('stays in the first tier below its bound', () => {
    const inv = computeInvoice(
      input({
        versions: [version('v', terms({ lines: [tiered] }))],
        volumes: [volume({ handled_contacts: 10 })],
      }),
    );
    expect(amounts(inv)).toEqual([['usage', 2000]]);
  });

  it('tops up to the minimum commitment', () => {
    const inv = computeInvoice(
      input({
        versions: [version('v', terms({ lines: [tiered], minimum_commitment_minor: 300_000 }))],
        volumes: [volume({ handled_contacts: 1500 })],
      }),
    );
    expect(amounts(inv)).toEqual([
      ['usage', 200_000],
      ['usage', 75_000],
      ['minimum_top_up', 25_000],
    ]);
    expect(inv.totals.EUR!.total_minor).toBe(300_000);
  });

  it('adds no top-up when the fees reach the minimum', () => {
    const inv = computeInvoice(
      input({
        versions: [version('v', terms({ lines: [tiered], minimum_commitment_minor: 275_000 }))],
        volumes: [volume({ handled_contacts: 1500 })],
      }),
    );
    expect(inv.lines.some((l) => l.kind === 'minimum_top_up')).toBe(false);
  });

  it('prorates a mid-month contract change by days: usage, tier bounds, fees and minimum', () => {
    const v1 = version(
      'v1',
      terms({
        lines: [tiered, line('monthly_fee', [{ up_to: null, rate_minor: 100_000 }])],
      }),
      '2026-01-01',
      '2026-11-16',
    );
    const v2 = version(
      'v2',
      terms({
        lines: [line('handled_contact', [{ up_to: null, rate_minor: 100 }])],
        minimum_commitment_minor: 400_000,
      }),
      '2026-11-16',
    );
    const inv = computeInvoice(input({ versions: [v2, v1], volumes: [volume({ handled_contacts: 3000 })] }));
    // 15 of 30 days each: v1 gets 1,500 contacts against a tier bound of 500, and half its fee.
    expect(inv.lines.map((l) => [l.contract_version_id, l.kind, l.quantity, l.amount_minor])).toEqual([
      ['v1', 'usage', 500, 100_000],
      ['v1', 'usage', 1000, 150_000],
      ['v1', 'fee', 0.5, 50_000],
      ['v2', 'usage', 1500, 150_000],
      ['v2', 'minimum_top_up', 1, 50_000],
    ]);
    expect(inv.lines[0]!.description).toContain('15 of 30 days');
    expect(inv.totals.EUR!.total_minor).toBe(500_000);
    expect(inv.notes.join(' ')).toContain('contract changed');
  });

  it('ignores versions not effective in the month', () => {
    const old = version('old', terms({ lines: [tiered] }), '2025-01-01', '2026-11-01');
    const inv = computeInvoice(input({ versions: [old], volumes: [volume({ handled_contacts: 5 })] }));
    expect(inv.lines).toEqual([]);
    expect(inv.notes[0]).toContain('No contract version');
  });

  it('bills each volume once, on the most specific line of the model', () => {
    const lines = [
      line('resolved_contact', [{ up_to: null, rate_minor: 100 }]),
      line('resolved_contact', [{ up_to: null, rate_minor: 300 }], { channel: 'phone' }),
      line('resolved_contact', [{ up_to: null, rate_minor: 500 }], { channel: 'phone', language: 'de' }),
    ];
    const inv = computeInvoice(
      input({
        versions: [version('v', terms({ lines }))],
        volumes: [
          volume({ channel: 'email', resolved_contacts: 1 }),
          volume({ channel: 'phone', language: 'en', resolved_contacts: 2 }),
          volume({ channel: 'phone', language: 'de', resolved_contacts: 3 }),
        ],
      }),
    );
    expect(amounts(inv)).toEqual([
      ['usage', 100],
      ['usage', 600],
      ['usage', 1500],
    ]);
  });

  it('bills unmeasured productive hours as 0 and says so', () => {
    const inv = computeInvoice(
      input({
        versions: [
          version('v', terms({ lines: [line('productive_hour', [{ up_to: null, rate_minor: 2500 }])] })),
        ],
        volumes: [volume({ productive_hours: 40 })],
        productive_hours_measured: false,
      }),
    );
    expect(inv.lines[0]).toMatchObject({ quantity: 0, amount_minor: 0 });
    expect(inv.lines[0]!.description).toContain('not measured');
    expect(inv.notes.join(' ')).toContain('not measured');
  });

  const withCredit = (actual: number | null, rule: Partial<ContractTerms['credit_rules'][number]> = {}) =>
    computeInvoice(
      input({
        versions: [
          version(
            'v',
            terms({
              lines: [line('monthly_fee', [{ up_to: null, rate_minor: 100_000 }])],
              credit_rules: [
                { service_level_target_id: 'sl', percent_per_point: 2, cap_percent: 10, ...rule },
              ],
            }),
          ),
        ],
        attainments: [
          { service_level_target_id: 'sl', name: 'Chat 80/30', target_percent: 80, actual_percent: actual },
        ],
      }),
    );

  it('credits 2% of fees per point below target: 1.5 points → 3%', () => {
    const inv = withCredit(78.5);
    expect(inv.lines[1]).toMatchObject({
      kind: 'credit',
      amount_minor: -3000,
      service_level: {
        service_level_target_id: 'sl',
        actual_percent: 78.5,
        points: 1.5,
        percent_applied: 3,
        capped: false,
      },
    });
    expect(inv.totals.EUR).toEqual({
      fees_minor: 100_000,
      credits_minor: -3000,
      bonuses_minor: 0,
      total_minor: 97_000,
    });
  });

  it('caps the credit: 10 points × 2% = 20%, capped at 10%', () => {
    const credit = withCredit(70).lines[1]!;
    expect(credit).toMatchObject({
      amount_minor: -10_000,
      service_level: { percent_applied: 10, capped: true },
    });
    expect(credit.description).toContain('capped at 10%');
  });

  it('gives no credit at or above target, nor when nothing was measured', () => {
    expect(withCredit(80).lines).toHaveLength(1);
    expect(withCredit(95).lines).toHaveLength(1);
    const none = withCredit(null);
    expect(none.lines).toHaveLength(1);
    expect(none.notes.join(' ')).toContain('nothing measured');
  });

  it('adds an optional bonus above target, capped', () => {
    const inv = withCredit(83, { bonus_percent_per_point: 1, bonus_cap_percent: 2 });
    expect(inv.lines[1]).toMatchObject({
      kind: 'bonus',
      amount_minor: 2000,
      service_level: { points: -3, capped: true },
    });
  });

  it('keeps totals per currency when the contract changes currency', () => {
    const fee = [line('monthly_fee', [{ up_to: null, rate_minor: 30_000 }])];
    const inv = computeInvoice(
      input({
        versions: [
          version('a', terms({ lines: fee }), '2026-01-01', '2026-11-11'),
          version('b', terms({ currency: 'USD', lines: fee }), '2026-11-11'),
        ],
      }),
    );
    expect(inv.totals.EUR!.total_minor).toBe(10_000);
    expect(inv.totals.USD!.total_minor).toBe(20_000);
  });
});

// --- Properties -------------------------------------------------------------------------------------

const CHANNELS = ['email', 'chat', 'phone'];
const money = fc.integer({ min: 0, max: 1_000_000 });
const rate = fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100);
const tiers = fc
  .uniqueArray(fc.integer({ min: 1, max: 5000 }), { maxLength: 3 })
  .chain((bounds) =>
    fc.tuple(
      ...[...bounds.sort((a, b) => a - b), null].map((up_to) =>
        rate.map((rate_minor) => ({ up_to, rate_minor })),
      ),
    ),
  );
const pricingLine = fc.record({
  model: fc.constantFrom(...PRICING_MODELS),
  channel: fc.option(fc.constantFrom(...CHANNELS)),
  language: fc.option(fc.constantFrom('en', 'de')),
  tiers,
});
const points = fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100);
const creditRule = (id: string) =>
  fc.record({
    service_level_target_id: fc.constant(id),
    percent_per_point: fc.integer({ min: 0, max: 1000 }).map((n) => n / 100),
    cap_percent: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
    bonus_percent_per_point: fc.option(fc.integer({ min: 0, max: 500 }).map((n) => n / 100)),
    bonus_cap_percent: fc.option(fc.integer({ min: 0, max: 1000 }).map((n) => n / 100)),
  });
const contractTerms = fc.record({
  currency: fc.constantFrom('EUR', 'USD'),
  lines: fc.array(pricingLine, { maxLength: 5 }),
  minimum_commitment_minor: fc.option(money),
  credit_rules: fc.tuple(creditRule('sl1'), creditRule('sl2')).map((r) => r),
});
const day = fc.integer({ min: 2, max: 30 }).map((d) => `2026-11-${String(d).padStart(2, '0')}`);
const versions = fc
  .tuple(contractTerms, fc.option(fc.tuple(day, contractTerms)))
  .map(([first, second]): ContractVersion[] =>
    second
      ? [version('v1', first, '2026-10-01', second[0]), version('v2', second[1], second[0])]
      : [version('v1', first)],
  );
const measured = fc.record({
  channel: fc.constantFrom(...CHANNELS),
  language: fc.option(fc.constantFrom('en', 'de', 'fr')),
  handled_contacts: fc.integer({ min: 0, max: 20_000 }),
  resolved_contacts: fc.integer({ min: 0, max: 20_000 }),
  handle_minutes: fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 1000),
  productive_hours: fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100),
});
const attainment = (id: string) =>
  fc.record({
    service_level_target_id: fc.constant(id),
    name: fc.constant(id),
    target_percent: points,
    actual_percent: fc.option(points),
  }) as fc.Arbitrary<Attainment>;
const invoiceInput = fc.record({
  month: fc.constant(MONTH),
  versions,
  volumes: fc.array(measured, { maxLength: 8 }),
  productive_hours_measured: fc.boolean(),
  attainments: fc.tuple(attainment('sl1'), attainment('sl2')).map((a) => a),
});

describe('invoice properties', () => {
  it('every amount is an integer and each currency’s lines sum to its total', () => {
    fc.assert(
      fc.property(invoiceInput, (inp) => {
        const inv = computeInvoice(inp);
        for (const l of inv.lines) expect(Number.isSafeInteger(l.amount_minor)).toBe(true);
        for (const [currency, t] of Object.entries(inv.totals)) {
          const sum = inv.lines
            .filter((l) => l.currency === currency)
            .reduce((s, l) => s + l.amount_minor, 0);
          expect(t.total_minor).toBe(sum);
          expect(t.fees_minor + t.credits_minor + t.bonuses_minor).toBe(t.total_minor);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('recomputing, in any order of volumes and versions, gives the same invoice', () => {
    fc.assert(
      fc.property(invoiceInput, (inp) => {
        const again = { ...inp, volumes: [...inp.volumes].reverse(), versions: [...inp.versions].reverse() };
        expect(computeInvoice(again)).toEqual(computeInvoice(inp));
      }),
      { numRuns: 200 },
    );
  });

  it('no credit or bonus exceeds its cap of the month’s fees', () => {
    fc.assert(
      fc.property(invoiceInput, (inp) => {
        const inv = computeInvoice(inp);
        const rules = inp.versions[inp.versions.length - 1]!.terms.credit_rules;
        for (const l of inv.lines.filter((x) => x.service_level)) {
          const rule = rules.find(
            (r) => r.service_level_target_id === l.service_level!.service_level_target_id,
          )!;
          const cap = l.kind === 'credit' ? rule.cap_percent : (rule.bonus_cap_percent ?? 0);
          const fees = inv.totals[l.currency]!.fees_minor;
          expect(l.service_level!.percent_applied).toBeLessThanOrEqual(cap);
          expect(Math.abs(l.amount_minor)).toBeLessThanOrEqual(Math.round((fees * cap) / 100) + 1);
          expect(l.kind === 'credit' ? l.amount_minor <= 0 : l.amount_minor >= 0).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a month under one version is unchanged by splitting it into two identical versions', () => {
    fc.assert(
      fc.property(contractTerms, fc.array(measured, { maxLength: 4 }), day, (t, vols, split) => {
        const noMinimum = { ...t, minimum_commitment_minor: null, credit_rules: [] };
        const whole = computeInvoice(input({ versions: [version('v', noMinimum)], volumes: vols }));
        const halves = computeInvoice(
          input({
            versions: [version('v', noMinimum, '2026-01-01', split), version('v', noMinimum, split)],
            volumes: vols,
          }),
        );
        // Rounding per segment and tier: at most a few minor units apart per line.
        const tolerance = 2 * (whole.lines.length + halves.lines.length) + 1;
        const total = (i: typeof whole) => i.totals[t.currency]?.total_minor ?? 0;
        expect(Math.abs(total(whole) - total(halves))).toBeLessThanOrEqual(tolerance);
      }),
      { numRuns: 100 },
    );
  });
});

describe('cost per contact', () => {
  const totals = (total_minor: number) => ({
    fees_minor: total_minor,
    credits_minor: 0,
    bonuses_minor: 0,
    total_minor,
  });

  it('is the invoice total over the handled contacts it measured, per currency', () => {
    expect(
      costPerContact({ totals: { EUR: totals(90_900) } }, [{ handled_contacts: 3 }, { handled_contacts: 1 }]),
    ).toEqual([
      {
        currency: 'EUR',
        numerator_minor: 90_900,
        denominator: 4,
        value_minor: 22_725,
        variant: COST_PER_CONTACT_VARIANT,
      },
    ]);
  });

  it('has no value when nothing was handled (a fixed fee alone), and one row per currency', () => {
    const rows = costPerContact({ totals: { USD: totals(100), EUR: totals(50) } }, []);
    expect(rows.map((r) => [r.currency, r.numerator_minor, r.denominator, r.value_minor])).toEqual([
      ['EUR', 50, 0, null],
      ['USD', 100, 0, null],
    ]);
  });

  it('times the handled contacts gives back the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 100_000_000 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 8 }),
        (total, handled) => {
          const [row] = costPerContact(
            { totals: { EUR: totals(total) } },
            handled.map((h) => ({ handled_contacts: h })),
          );
          const n = handled.reduce((a, b) => a + b, 0);
          expect(row!.denominator).toBe(n);
          if (n === 0) expect(row!.value_minor).toBeNull();
          else expect(row!.value_minor! * n).toBeCloseTo(total, 6);
        },
      ),
    );
  });
});
