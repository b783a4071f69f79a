import { afterEach, describe, expect, it, vi } from 'vitest';

const VENDOR = '00000000-0000-4000-8000-0000000000aa';
const requested: string[] = [];
// openapi-fetch keeps the fetch it finds when the client is created: stub it before any import.
vi.hoisted(() => {
  globalThis.fetch = async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    (globalThis as { requested?: string[] }).requested?.push(url.pathname + url.search);
    const row = (channel: string | null, numerator: number, handled: number) => ({
      vendor_id: '00000000-0000-4000-8000-0000000000aa',
      contract_id: '00000000-0000-4000-8000-0000000000bb',
      invoice_id: '00000000-0000-4000-8000-0000000000cc',
      invoice_status: 'approved',
      channel,
      currency: 'EUR',
      numerator_minor: numerator,
      denominator: handled,
      value_minor: handled ? numerator / handled : null,
      variant: 'cost_per_contact.invoice_total_over_handled.by_channel',
    });
    const body = {
      month: '2026-10',
      group_by: 'channel',
      definition: '',
      rows: [row('chat', 7_200, 10), row('email', 15_600, 30)],
    };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
});

import { render, testQueryClient } from '../../shared/test-render';
import { CostByChannel } from './CostByChannel';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('cost per contact by channel on the vendor page', () => {
  it('asks for the vendor’s month by channel and shows each channel’s cost, share and contacts', async () => {
    (globalThis as { requested?: string[] }).requested = requested;
    const view = await render(<CostByChannel month="2026-10" vendorId={VENDOR} />, testQueryClient());
    cleanup = view.unmount;
    await view.settle();
    expect(requested.some((r) => r.includes('group_by=channel') && r.includes(`vendor_id=${VENDOR}`))).toBe(
      true,
    );
    const rows = [...view.container.querySelectorAll('[data-testid="cost-by-channel"] tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows).toEqual([
      ['chat', '7.20 EUR', '72.00 EUR', '10', 'approved'],
      ['email', '5.20 EUR', '156.00 EUR', '30', 'approved'],
    ]);
    const csv = view.container.querySelector('a[download]');
    expect(csv?.getAttribute('href')).toContain('group_by=channel');
  });
});
