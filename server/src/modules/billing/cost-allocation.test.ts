import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocate,
  COST_PER_CONTACT_BY_CHANNEL,
  COST_PER_CONTACT_BY_SITE,
  costPerContactByChannel,
  costPerContactBySite,
} from './cost-allocation.js';
import { type ContractTerms, computeInvoice, type MeasuredVolume, type PricingLine } from './invoice.js';

const MONTH = '2026-11';
const vol = (
  channel: string,
  handled: number,
  minutes = 0,
  language: string | null = null,
): MeasuredVolume => ({
  channel,
  language,
  handled_contacts: handled,
  resolved_contacts: handled,
  handle_minutes: minutes,
  productive_hours: 0,
});
const invoiceOf = (terms: ContractTerms, volumes: MeasuredVolume[], actual: number | null = null) =>
  computeInvoice({
    month: MONTH,
    versions: [{ id: 'v1', effective_from: '2026-01-01', effective_to: null, terms }],
    volumes,
    productive_hours_measured: false,
    attainments: [{ service_level_target_id: 't', name: 'SL', target_percent: 80, actual_percent: actual }],
  });

describe('allocate (largest remainder)', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [-100, [1, 1, 1], [-33, -33, -34]],
    [10, [3, 1], [8, 2]],
    [7, [0, 2], [0, 7]],
    [0, [5, 5], [0, 0]],
  ])('shares %d by %j as %j', (amount, weights, parts) => {
    expect(allocate(amount, weights)).toEqual(parts);
  });

  it('sums exactly to the amount and each part is within one unit of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 100_000_000 }),
        fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 12 }),
        (amount, weights) => {
          fc.pre(weights.some((w) => w > 0));
          const parts = allocate(amount, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            expect(Number.isInteger(p)).toBe(true);
            expect(Math.abs(p - (amount * weights[i]!) / sum)).toBeLessThan(1 + 1e-9);
          });
        },
      ),
    );
  });
});

describe('cost per contact by channel', () => {
  it('gives channel lines to their channel, an all-channel usage line by its units, fees and credits by handled contacts', () => {
    const invoice = invoiceOf(
      {
        currency: 'EUR',
        lines: [
          {
            model: 'handled_contact',
            channel: 'chat',
            language: null,
            tiers: [{ up_to: null, rate_minor: 200 }],
          },
          {
            model: 'handle_minute',
            channel: null,
            language: null,
            tiers: [{ up_to: null, rate_minor: 100 }],
          },
          {
            model: 'monthly_fee',
            channel: null,
            language: null,
            tiers: [{ up_to: null, rate_minor: 10_000 }],
          },
        ],
        minimum_commitment_minor: null,
        credit_rules: [{ service_level_target_id: 't', percent_per_point: 1, cap_percent: 10 }],
      },
      [vol('chat', 10, 30), vol('email', 30, 90)],
      75,
    );
    // Fees: chat 10 × 2.00 = 2,000; minutes 120 × 1.00 = 12,000; fee 10,000 → 24,000; credit 5% = −1,200.
    expect(invoice.totals.EUR!.total_minor).toBe(22_800);
    const rows = costPerContactByChannel(invoice, [vol('chat', 10, 30), vol('email', 30, 90)]);
    // chat: 2,000 + 30/120 × 12,000 + 10/40 × (10,000 − 1,200) = 2,000 + 3,000 + 2,200.
    expect(rows.map((r) => [r.key, r.numerator_minor, r.denominator, r.value_minor])).toEqual([
      ['chat', 7_200, 10, 720],
      ['email', 15_600, 30, 520],
    ]);
    expect(rows.every((r) => r.variant === COST_PER_CONTACT_BY_CHANNEL)).toBe(true);
  });

  it('keeps a fee with nothing handled on the group null, with no value', () => {
    const invoice = invoiceOf(
      {
        currency: 'EUR',
        lines: [
          { model: 'monthly_fee', channel: null, language: null, tiers: [{ up_to: null, rate_minor: 500 }] },
        ],
        minimum_commitment_minor: null,
        credit_rules: [],
      },
      [],
    );
    expect(costPerContactByChannel(invoice, [])).toEqual([
      {
        key: null,
        currency: 'EUR',
        numerator_minor: 500,
        denominator: 0,
        value_minor: null,
        variant: COST_PER_CONTACT_BY_CHANNEL,
      },
    ]);
  });

  const channel = fc.constantFrom('chat', 'email', 'phone', 'social');
  const line: fc.Arbitrary<PricingLine> = fc
    .record({
      model: fc.constantFrom(
        'handled_contact',
        'handle_minute',
        'resolved_contact',
        'monthly_fee',
        'productive_hour',
      ),
      channel: fc.option(channel, { nil: null }),
      language: fc.option(fc.constantFrom('en', 'da'), { nil: null }),
      tiers: fc
        .tuple(
          fc.integer({ min: 1, max: 50 }),
          fc.integer({ min: 1, max: 100_000 }),
          fc.integer({ min: 1, max: 100_000 }),
        )
        .map(([upTo, a, b]) => [
          { up_to: upTo, rate_minor: a / 100 },
          { up_to: null, rate_minor: b / 100 },
        ]),
    })
    .map((l) =>
      l.model === 'monthly_fee' ? { ...l, tiers: [{ up_to: null, rate_minor: l.tiers[1]!.rate_minor }] } : l,
    );
  const volume: fc.Arbitrary<MeasuredVolume> = fc
    .record({
      channel,
      language: fc.option(fc.constantFrom('en', 'da'), { nil: null }),
      handled: fc.integer({ min: 0, max: 500 }),
      minutes: fc.integer({ min: 0, max: 5_000_000 }),
    })
    .map((v) => vol(v.channel, v.handled, v.minutes / 1000, v.language));

  it('sums exactly to the invoice total in every currency, whatever the contract and volumes', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 6 }),
        fc.array(volume, { maxLength: 8 }),
        fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null }),
        fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
        (lines, volumes, minimum, actualE2) => {
          // One line per model, channel and language, as a contract has.
          const seen = new Set<string>();
          const unique = lines.filter((l) => {
            const k = `${l.model}|${l.channel}|${l.language}`;
            if (seen.has(k)) return false;
            seen.add(k);
            return true;
          });
          const invoice = invoiceOf(
            {
              currency: 'EUR',
              lines: unique,
              minimum_commitment_minor: minimum,
              credit_rules: [
                {
                  service_level_target_id: 't',
                  percent_per_point: 2,
                  cap_percent: 10,
                  bonus_percent_per_point: 1,
                  bonus_cap_percent: 5,
                },
              ],
            },
            volumes,
            actualE2 === null ? null : actualE2 / 100,
          );
          const rows = costPerContactByChannel(invoice, volumes);
          for (const [currency, t] of Object.entries(invoice.totals)) {
            const mine = rows.filter((r) => r.currency === currency);
            expect(mine.reduce((n, r) => n + r.numerator_minor, 0)).toBe(t.total_minor);
            for (const r of mine) {
              expect(Number.isInteger(r.numerator_minor)).toBe(true);
              const handled = volumes
                .filter((v) => v.channel === r.key)
                .reduce((n, v) => n + v.handled_contacts, 0);
              expect(r.denominator).toBe(r.key === null ? 0 : handled);
            }
          }
        },
      ),
    );
  });
});

describe('cost per contact by site', () => {
  it('shares the whole total by each site’s handled contacts', () => {
    const rows = costPerContactBySite(
      { totals: { EUR: { fees_minor: 1000, credits_minor: 0, bonuses_minor: 0, total_minor: 1000 } } },
      [
        { site_id: 'b', handled_contacts: 2 },
        { site_id: 'a', handled_contacts: 1 },
        { site_id: null, handled_contacts: 0 },
      ],
    );
    expect(rows.map((r) => [r.key, r.numerator_minor, r.denominator, r.variant])).toEqual([
      ['a', 333, 1, COST_PER_CONTACT_BY_SITE],
      ['b', 667, 2, COST_PER_CONTACT_BY_SITE],
    ]);
  });

  it('sums exactly to each currency’s total', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('EUR', 'USD', 'DKK'),
          fc.integer({ min: -1_000_000, max: 100_000_000 }),
        ),
        fc.array(
          fc.record({
            site_id: fc.option(fc.constantFrom('s1', 's2', 's3'), { nil: null }),
            handled_contacts: fc.integer({ min: 0, max: 1000 }),
          }),
          { maxLength: 6 },
        ),
        (totals, sites) => {
          const invoice = {
            totals: Object.fromEntries(
              Object.entries(totals).map(([c, t]) => [
                c,
                { fees_minor: t, credits_minor: 0, bonuses_minor: 0, total_minor: t },
              ]),
            ),
          };
          const rows = costPerContactBySite(invoice, sites);
          for (const [currency, t] of Object.entries(totals))
            expect(
              rows.filter((r) => r.currency === currency).reduce((n, r) => n + r.numerator_minor, 0),
            ).toBe(t);
        },
      ),
    );
  });
});
