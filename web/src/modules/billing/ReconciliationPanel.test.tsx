import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

const INVOICE = '00000000-0000-4000-8000-0000000000f1';
const { posted } = vi.hoisted(() => ({ posted: [] as unknown[] }));

// openapi-fetch keeps the fetch it finds when the client is created: stub it before any import.
vi.hoisted(() => {
  const json = (body: unknown, status = 200, type = 'application/json') =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
  const line = (over: Record<string, unknown>) => ({
    kind: 'usage',
    currency: 'EUR',
    model: 'handled_contact',
    channel: 'chat',
    language: null,
    tier: 1,
    service_level: null,
    status: 'matched',
    tandem: { quantity: 4, rates_minor: [250], amount_minor: 1000, lines: 1 },
    vendor: { quantity: 4, rates_minor: [250], amount_minor: 1000, lines: 1 },
    differences: [],
    quantity_difference: 0,
    rate_difference_minor: 0,
    amount_difference_minor: 0,
    ...over,
  });
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const path = new URL(request.url).pathname;
    if (request.method === 'POST' && path.endsWith('/claims')) {
      const body = await request.json();
      posted.push(body);
      if (body.lines) return json({ version: 2, lines: body.lines, totals: {} }, 201);
      return json(
        {
          title: 'Unprocessable',
          status: 422,
          errors: [
            { path: 'body.csv.2.amount_minor', message: 'row 2, column amount_minor: not an integer' },
          ],
        },
        422,
        'application/problem+json',
      );
    }
    if (path.endsWith('/reconciliation'))
      return json({
        invoice_id: '00000000-0000-4000-8000-0000000000f1',
        invoice_status: 'approved',
        state: 'open',
        claim: null,
        claim_versions: 1,
        result: {
          agreed: false,
          lines: [
            line({
              key: 'usage|EUR|handled_contact|chat||1',
              status: 'differs',
              vendor: { quantity: 6, rates_minor: [250], amount_minor: 1500, lines: 1 },
              differences: ['quantity', 'amount'],
              quantity_difference: 2,
              amount_difference_minor: 500,
            }),
            line({
              key: 'credit|EUR|t1',
              kind: 'credit',
              model: null,
              channel: null,
              tier: null,
              service_level: 'Chat answered in 30 s',
              status: 'only_tandem',
              tandem: { quantity: 1, rates_minor: [], amount_minor: -10100, lines: 1 },
              vendor: null,
              amount_difference_minor: 10100,
            }),
          ],
          totals: { EUR: { tandem_minor: 90900, vendor_minor: 101500, difference_minor: 10600 } },
        },
        history: [],
      });
    return json({ items: [], next_cursor: null });
  };
});

import { render, testQueryClient } from '../../shared/test-render';
import type { Invoice } from './queries';
import { ReconciliationPanel } from './ReconciliationPanel';

const invoice = {
  id: INVOICE,
  vendor_id: '00000000-0000-4000-8000-0000000000a1',
  lines: [
    {
      kind: 'fee',
      currency: 'EUR',
      model: 'monthly_fee',
      channel: null,
      language: null,
      tier: 1,
      quantity: 1,
      unit: 'month',
      rate_minor: 100000,
      amount_minor: 100000,
      description: 'monthly fee',
      service_level: null,
    },
  ],
} as unknown as Invoice;

const setValue = async (el: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  const proto =
    el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
};
const button = (name: string) =>
  [...document.querySelectorAll('button')].find((b) => b.textContent === name) as HTMLButtonElement;
const errorOf = (el: Element) => {
  const id = el
    .getAttribute('aria-describedby')
    ?.split(' ')
    .find((part) => part.endsWith('-error'));
  return id ? document.getElementById(id)?.textContent : undefined;
};

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('the reconciliation panel', () => {
  it('labels each difference in words, vendor − Tandem, and the totals per currency', async () => {
    const view = await render(<ReconciliationPanel invoice={invoice} manager={false} vendorAdmin={false} />);
    cleanup = view.unmount;
    await view.settle();
    const text = view.text();
    expect(text).toContain('Usage: handled contact, chat, all languages, tier 1');
    expect(text).toContain('Differs in volume and amount');
    expect(text).toContain('4 / 6');
    expect(text).toContain('+5.00 EUR');
    expect(text).toContain('SLA credit: Chat answered in 30 s');
    expect(text).toContain("Only on Tandem's invoice");
    expect(text).toContain('+106.00 EUR');
    // Nobody but the vendor's admin submits, nobody but the brand decides.
    expect(text).not.toContain('Submit your invoice');
    expect(text).not.toContain('Accept vendor invoice');
  });

  it('shows a bad CSV cell at the field, by row and column', async () => {
    const view = await render(
      <ReconciliationPanel invoice={invoice} manager={false} vendorAdmin={true} />,
      testQueryClient(),
    );
    cleanup = view.unmount;
    await view.settle();
    const pasted = [...document.querySelectorAll('textarea')].find((t) =>
      document.querySelector(`label[for="${t.id}"]`)?.textContent?.startsWith('Or paste the CSV'),
    ) as HTMLTextAreaElement;
    await setValue(pasted, 'kind,currency\nusage,EUR');
    await act(async () => button('Submit invoice').click());
    await view.settle();
    expect(errorOf(pasted)).toContain('row 2, column amount_minor');
  });

  it('lets the vendor enter its lines from Tandem’s, refusing a figure that is not money', async () => {
    const view = await render(<ReconciliationPanel invoice={invoice} manager={false} vendorAdmin={true} />);
    cleanup = view.unmount;
    await view.settle();
    const mode = [...document.querySelectorAll('label')].find((l) => l.textContent === 'Enter lines');
    await act(async () => mode?.click());
    const amount = document.querySelector(
      'input[aria-label="Amount (EUR): Fee: monthly fee, all channels, all languages, tier 1"]',
    ) as HTMLInputElement;
    expect(amount.value).toBe('1000.00');
    await setValue(amount, '1,2OO');
    await act(async () => button('Submit invoice').click());
    await view.settle();
    expect(errorOf(amount)).toBe('An amount such as 1,200.00');
    expect(posted.some((b) => (b as { lines?: unknown }).lines)).toBe(false);
    await setValue(amount, '1,200.00');
    await act(async () => button('Submit invoice').click());
    await view.settle();
    expect(posted.at(-1)).toEqual({
      lines: [
        {
          kind: 'fee',
          currency: 'EUR',
          model: 'monthly_fee',
          channel: null,
          language: null,
          tier: 1,
          service_level: null,
          description: 'monthly fee',
          quantity: 1,
          rate_minor: 100000,
          amount_minor: 120000,
        },
      ],
    });
    expect(view.text()).toContain('Submitted as version 2.');
  });
});
