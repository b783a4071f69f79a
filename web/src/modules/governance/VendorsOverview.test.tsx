import { afterEach, describe, expect, it, vi } from 'vitest';

const VENDOR = '00000000-0000-4000-8000-0000000000aa';
// openapi-fetch keeps the fetch it finds when the client is created: stub it before any import.
vi.hoisted(() => {
  globalThis.fetch = async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = url.pathname.endsWith('/analytics/kpis')
      ? {
          rows: [
            {
              key: '00000000-0000-4000-8000-0000000000aa',
              label: 'Acme',
              kpis: { contacts: 4 },
              sla_attainment: null,
            },
          ],
          total: { contacts: 4 },
        }
      : url.pathname.endsWith('/analytics/backlog')
        ? { at: '2026-01-01T00:00:00Z', variant: 'backlog', rows: [] }
        : { items: [] };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
});

import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { render, testQueryClient } from '../../shared/test-render';
import { type Me, meKey } from '../auth/session';
import { contractMonth } from './figures';
import { VendorsOverview } from './VendorsOverview';

const person = (permissions: string[]): Me => ({
  userId: '00000000-0000-4000-8000-000000000001',
  organizationId: '00000000-0000-4000-8000-000000000002',
  role: 'brand_admin',
  vendorId: null,
  teamId: null,
  displayName: 'Someone',
  email: 'someone@demo.tandem.test',
  vendorName: null,
  permissions,
});

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function overview(me: Me) {
  const client = testQueryClient();
  client.setQueryData(meKey, me);
  // The overview links each vendor to its page, so it renders inside a router.
  const router = createRouter({
    routeTree: createRootRoute({ component: VendorsOverview }),
    history: createMemoryHistory({ initialEntries: ['/vendors-overview'] }),
  });
  const view = await render(<RouterProvider router={router} />, client);
  cleanup = view.unmount;
  await view.settle();
  return view;
}

describe('vendors overview: the business review pack', () => {
  it('links each vendor’s pack for the month the period implies, as a download', async () => {
    const view = await overview(person(['analytics:read']));
    const link = [...view.container.querySelectorAll('a')].find((a) => a.textContent === 'Review pack (PDF)');
    expect(link?.getAttribute('href')).toMatch(
      new RegExp(`^/api/v1/vendors/${VENDOR}/business-reviews/${contractMonth('last30')}\\.pdf\\?tz=`),
    );
    expect(link?.hasAttribute('download')).toBe(true);
    const buttons = [...view.container.querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).not.toContain('Comments');
  });

  it('offers the comments editor only with analytics:manage', async () => {
    const view = await overview(person(['analytics:read', 'analytics:manage']));
    const buttons = [...view.container.querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toContain('Comments');
  });
});
