import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InvoiceLine } from './invoice.js';
import { type ClaimLine, claimLinesOf, reconcile } from './reconcile.js';

const TARGET = '00000000-0000-4000-8000-000000000001';

function line(over: Partial<InvoiceLine>): InvoiceLine {
  return {
    kind: 'usage',
    contract_version_id: 'v1',
    currency: 'EUR',
    model: 'handled_contact',
    channel: 'chat',
    language: null,
    tier: 1,
    quantity: 4,
    unit: 'contact',
    rate_minor: 250,
    amount_minor: 1000,
    description: 'handled contact (chat, all languages)',
    service_level: null,
    ...over,
  };
}

/** The invoice of routes.test.ts: 4 chats at 2.50, a 1,000.00 fee, a capped 10% credit. */
const TANDEM: InvoiceLine[] = [
  line({}),
  line({
    kind: 'fee',
    model: 'monthly_fee',
    channel: null,
    tier: null,
    quantity: 1,
    rate_minor: 100_000,
    amount_minor: 100_000,
  }),
  line({ model: 'productive_hour', channel: null, quantity: 0, rate_minor: 2500, amount_minor: 0 }),
  line({
    kind: 'credit',
    model: null,
    channel: null,
    tier: null,
    quantity: 1,
    rate_minor: -10_100,
    amount_minor: -10_100,
    service_level: {
      service_level_target_id: TARGET,
      name: 'Chat answered in 30 s',
      target_percent: 80,
      actual_percent: 50,
      points: 30,
      percent_applied: 10,
      capped: true,
    },
  }),
];
const own = () => claimLinesOf(TANDEM);

describe('reconcile: table', () => {
  it('matches an invoice against its own lines, in any order', () => {
    const r = reconcile(TANDEM, own().reverse());
    expect(r.agreed).toBe(true);
    expect(r.lines.map((l) => l.status)).toEqual(['matched', 'matched', 'matched', 'matched']);
    expect(r.totals).toEqual({ EUR: { tandem_minor: 90_900, vendor_minor: 90_900, difference_minor: 0 } });
  });

  it('reports a volume difference with its quantity and amount', () => {
    const claim = own();
    claim[0] = { ...claim[0]!, quantity: 6.5, amount_minor: 1625 };
    const r = reconcile(TANDEM, claim);
    const chat = r.lines.find((l) => l.model === 'handled_contact')!;
    expect(chat).toMatchObject({
      status: 'differs',
      differences: ['quantity', 'amount'],
      quantity_difference: 2.5,
      rate_difference_minor: 0,
      amount_difference_minor: 625,
    });
    expect(r.totals.EUR).toEqual({ tandem_minor: 90_900, vendor_minor: 91_525, difference_minor: 625 });
    expect(r.agreed).toBe(false);
  });

  it('reports a rate difference in minor units, to a ten-thousandth', () => {
    const claim = own();
    claim[0] = { ...claim[0]!, rate_minor: 250.0125, amount_minor: 1000 };
    const chat = reconcile(TANDEM, claim).lines.find((l) => l.model === 'handled_contact')!;
    expect(chat).toMatchObject({ status: 'differs', differences: ['rate'], rate_difference_minor: 0.0125 });
  });

  it('reports the credit the vendor left out as only in Tandem', () => {
    const r = reconcile(
      TANDEM,
      own().filter((l) => l.kind !== 'credit'),
    );
    const credit = r.lines.find((l) => l.kind === 'credit')!;
    expect(credit).toMatchObject({
      status: 'only_tandem',
      service_level: TARGET,
      vendor: null,
      amount_difference_minor: 10_100,
      quantity_difference: -1,
    });
    expect(r.totals.EUR?.difference_minor).toBe(10_100);
  });

  it('matches a credit named by its service level’s name', () => {
    const claim = own().map((l) =>
      l.kind === 'credit' ? { ...l, service_level: ' chat ANSWERED in 30 s' } : l,
    );
    expect(reconcile(TANDEM, claim).agreed).toBe(true);
  });

  it('reports a line Tandem does not bill as only in the vendor’s', () => {
    const extra: ClaimLine = {
      kind: 'usage',
      currency: 'EUR',
      model: 'handle_minute',
      channel: 'phone',
      language: 'es',
      tier: 1,
      quantity: 12.345,
      rate_minor: 40,
      amount_minor: 494,
      service_level: null,
    };
    const r = reconcile(TANDEM, [...own(), extra]);
    const only = r.lines.filter((l) => l.status === 'only_vendor');
    expect(only).toHaveLength(1);
    expect(only[0]).toMatchObject({
      key: 'usage|EUR|handle_minute|phone|es|1',
      tandem: null,
      amount_difference_minor: 494,
    });
    expect(r.totals.EUR?.difference_minor).toBe(494);
  });

  it('keeps currencies apart: a line billed in another currency is on both sides unmatched', () => {
    const claim = own().map((l) => (l.kind === 'fee' ? { ...l, currency: 'USD' } : l));
    const r = reconcile(TANDEM, claim);
    expect(r.lines.filter((l) => l.kind === 'fee').map((l) => [l.currency, l.status])).toEqual([
      ['EUR', 'only_tandem'],
      ['USD', 'only_vendor'],
    ]);
    expect(r.totals).toEqual({
      EUR: { tandem_minor: 90_900, vendor_minor: -9100, difference_minor: -100_000 },
      USD: { tandem_minor: 0, vendor_minor: 100_000, difference_minor: 100_000 },
    });
  });

  it('sums the lines of several contract versions under one key', () => {
    const split = [
      line({ quantity: 2, amount_minor: 500 }),
      line({ contract_version_id: 'v2', quantity: 2, rate_minor: 300, amount_minor: 600 }),
    ];
    const r = reconcile(split, [{ ...claimLinesOf([split[0]!])[0]!, quantity: 4, amount_minor: 1100 }]);
    expect(r.lines[0]).toMatchObject({
      status: 'differs',
      differences: ['rate'],
      tandem: { quantity: 4, rates_minor: [250, 300], amount_minor: 1100, lines: 2 },
      rate_difference_minor: null,
    });
  });
});

const qty = fc.integer({ min: 0, max: 10_000_000 }).map((m) => m / 1000);
const claimLine = fc.record({
  kind: fc.constantFrom('usage', 'fee', 'minimum_top_up', 'credit', 'bonus' as const),
  currency: fc.constantFrom('EUR', 'USD'),
  model: fc.constantFrom('handled_contact', 'handle_minute', 'monthly_fee', null),
  channel: fc.constantFrom('chat', 'email', null),
  language: fc.constantFrom('en', 'es', null),
  tier: fc.constantFrom(1, 2, null),
  quantity: qty,
  rate_minor: fc.integer({ min: 0, max: 10_000_000 }).map((r) => r / 10_000),
  amount_minor: fc.integer({ min: -1_000_000, max: 1_000_000 }),
  service_level: fc.constantFrom(TARGET, 'Email in 24 h', null),
}) as fc.Arbitrary<ClaimLine>;

const asInvoiceLines = (claims: ClaimLine[]): InvoiceLine[] =>
  claims.map((c) =>
    line({
      ...c,
      description: c.description ?? '',
      service_level:
        c.service_level === null
          ? null
          : {
              service_level_target_id: c.service_level,
              name: c.service_level,
              target_percent: 80,
              actual_percent: 70,
              points: 10,
              percent_applied: 1,
              capped: false,
            },
    }),
  );

describe('reconcile: properties', () => {
  it('an invoice reconciled against its own lines has no differences', () => {
    fc.assert(
      fc.property(fc.array(claimLine, { maxLength: 12 }), (claims) => {
        const invoice = asInvoiceLines(claims);
        const r = reconcile(invoice, claimLinesOf(invoice));
        expect(r.agreed).toBe(true);
        expect(r.lines.every((l) => l.differences.length === 0 && l.amount_difference_minor === 0)).toBe(
          true,
        );
      }),
    );
  });

  it('the per-line amount differences of a currency sum to its total difference', () => {
    fc.assert(
      fc.property(
        fc.array(claimLine, { maxLength: 10 }),
        fc.array(claimLine, { maxLength: 10 }),
        (ours, theirs) => {
          const r = reconcile(asInvoiceLines(ours), theirs);
          for (const [currency, t] of Object.entries(r.totals)) {
            const sum = r.lines
              .filter((l) => l.currency === currency)
              .reduce((s, l) => s + l.amount_difference_minor, 0);
            expect(sum).toBe(t.difference_minor);
            expect(t.difference_minor).toBe(t.vendor_minor - t.tandem_minor);
          }
        },
      ),
    );
  });

  it('matching does not depend on the order of either side', () => {
    fc.assert(
      fc.property(
        fc.array(claimLine, { maxLength: 10 }),
        fc.array(claimLine, { maxLength: 10 }),
        fc.integer(),
        (ours, theirs, seed) => {
          const shuffle = <T>(xs: T[]) =>
            xs
              .map((x, i) => ({ x, k: (i * 7919 + seed) % 97 }))
              .sort((a, b) => a.k - b.k)
              .map((e) => e.x);
          const a = reconcile(asInvoiceLines(ours), theirs);
          const b = reconcile(asInvoiceLines(shuffle(ours)), shuffle(theirs));
          expect(b).toEqual(a);
        },
      ),
    );
  });
});
