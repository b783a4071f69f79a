import { describe, expect, it } from 'vitest';
import { csvText } from '../../platform/http/csv.js';
import { parseClaimCsv } from './claim-csv.js';
import type { InvoiceLine } from './invoice.js';
import { type InvoiceView, invoiceCsv } from './layout.js';
import { reconcile } from './reconcile.js';

const TARGET = '00000000-0000-4000-8000-000000000001';
const base = {
  contract_version_id: 'v1',
  currency: 'EUR',
  language: null,
  unit: 'contact',
  description: 'x',
  service_level: null,
};
const LINES: InvoiceLine[] = [
  {
    ...base,
    kind: 'usage',
    model: 'handled_contact',
    channel: 'chat',
    tier: 1,
    quantity: 4.125,
    rate_minor: 250.5,
    amount_minor: 1033,
  },
  {
    ...base,
    kind: 'fee',
    model: 'monthly_fee',
    channel: null,
    tier: null,
    quantity: 1,
    rate_minor: 100_000,
    amount_minor: 100_000,
    description: 'fee, "monthly"\nall',
  },
  {
    ...base,
    kind: 'credit',
    model: null,
    channel: null,
    tier: null,
    quantity: 1,
    rate_minor: -10_103,
    amount_minor: -10_103,
    service_level: {
      service_level_target_id: TARGET,
      name: 'Chat answered in 30 s',
      target_percent: 80,
      actual_percent: 50,
      points: 30,
      percent_applied: 10,
      capped: true,
    },
  },
];
const invoice = {
  id: '00000000-0000-4000-8000-0000000000aa',
  month: '2026-10',
  status: 'draft',
  lines: LINES,
  totals: { EUR: { fees_minor: 101_033, credits_minor: -10_103, bonuses_minor: 0, total_minor: 90_930 } },
} as unknown as InvoiceView;

const exported = () => {
  const table = invoiceCsv(invoice, 'invoice');
  return csvText(table.header, table.rows);
};

describe('the vendor’s invoice CSV', () => {
  it('round-trips Tandem’s own invoice CSV export to no differences', () => {
    const parsed = parseClaimCsv(exported());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.lines).toHaveLength(3);
    expect(parsed.lines[2]).toMatchObject({
      kind: 'credit',
      service_level: 'Chat answered in 30 s',
      amount_minor: -10_103,
    });
    const r = reconcile(LINES, parsed.lines);
    expect(r.agreed).toBe(true);
  });

  it('names the row and column of a bad cell, and keeps no line', () => {
    const text = exported().replace(',1033,', ',10.5,');
    const parsed = parseClaimCsv(text);
    expect(parsed).toEqual({
      ok: false,
      errors: [
        {
          path: 'body.csv.2.amount_minor',
          message: expect.stringMatching(/^row 2, column amount_minor: /),
        },
      ],
    });
  });

  it('refuses an unknown kind, a bad currency and text in a number column', () => {
    const csv = [
      'kind,currency,model,channel,language,tier,quantity,rate_minor,amount_minor',
      'usage,EUR,handled_contact,chat,,1,4,250,1000',
      'refund,EUR,,,,,1,5,5',
      'fee,eur,monthly_fee,,,,1,100,100',
      'usage,EUR,handled_contact,email,,1,four,250,1000',
    ].join('\n');
    const parsed = parseClaimCsv(csv);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.path)).toEqual([
      'body.csv.3.kind',
      'body.csv.4.currency',
      'body.csv.5.quantity',
    ]);
  });

  it('checks a total row against the sum of its currency’s lines', () => {
    const text = exported().replace(',90930,', ',90931,');
    const parsed = parseClaimCsv(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual([
      {
        path: 'body.csv.5.amount_minor',
        message: 'row 5, column amount_minor: the EUR total is not the sum of its lines (90930)',
      },
    ]);
  });

  it('names a missing header column and unreadable CSV', () => {
    const noTier = parseClaimCsv('kind,currency,model,channel,language,quantity,rate_minor,amount_minor\n');
    expect(noTier.ok ? [] : noTier.errors.map((e) => e.message)).toEqual([
      'row 1: the header lacks column tier',
    ]);
    const broken = parseClaimCsv('kind,currency\n"usage,EUR\n');
    expect(broken.ok).toBe(false);
  });
});
