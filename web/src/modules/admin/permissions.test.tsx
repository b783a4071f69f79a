import { afterEach, describe, expect, it, vi } from 'vitest';

// openapi-fetch keeps the fetch it finds when the client is created: stub it before any import.
const requests = vi.hoisted(() => {
  const seen: string[] = [];
  globalThis.fetch = async (input: RequestInfo | URL) => {
    const url = input instanceof Request ? input.url : String(input);
    seen.push(new URL(url).pathname);
    return new Response(JSON.stringify({ items: [], next_cursor: null }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return seen;
});

import { render, testQueryClient } from '../../shared/test-render';
import { type Me, meKey } from '../auth/session';
import { SupportAddressesPage } from './SupportAddressesPage';
import { WebhooksPage } from './WebhooksPage';

const person = (role: Me['role'], permissions: string[]): Me => ({
  userId: '00000000-0000-4000-8000-000000000001',
  organizationId: '00000000-0000-4000-8000-000000000002',
  role,
  vendorId: null,
  teamId: null,
  displayName: 'Someone',
  email: 'someone@demo.tandem.test',
  vendorName: null,
  permissions,
});
const READ_ONLY = ['organization:read', 'vendors:read', 'users:read', 'customers:read', 'tickets:read'];
const analyst = person('brand_analyst', [...READ_ONLY, 'routing:read', 'analytics:read']);
const admin = person('brand_admin', [...READ_ONLY, 'webhooks:manage', 'channels:manage']);

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  requests.length = 0;
});

async function page(ui: React.ReactNode, me: Me) {
  const client = testQueryClient();
  client.setQueryData(meKey, me);
  const view = await render(ui, client);
  cleanup = view.unmount;
  await view.settle();
  const buttons = [...view.container.querySelectorAll('button')].map((b) => b.textContent);
  return { ...view, buttons };
}

describe('admin pages follow the permissions /auth/me lists', () => {
  it('a brand analyst sees no New webhook and one sentence instead of an empty table, and asks nothing', async () => {
    const view = await page(<WebhooksPage />, analyst);
    expect(view.buttons).not.toContain('New webhook');
    expect(view.text()).toContain("You don't have access to webhooks.");
    expect(view.container.querySelector('table')).toBeNull();
    expect(requests).not.toContain('/api/v1/webhooks');
  });

  it('a brand admin gets New webhook and "No webhooks yet." for an empty list', async () => {
    const view = await page(<WebhooksPage />, admin);
    expect(view.buttons).toContain('New webhook');
    expect(view.text()).toContain('No webhooks yet.');
    expect(requests).toContain('/api/v1/webhooks');
  });

  it('support addresses: New address only with channels:manage', async () => {
    const denied = await page(<SupportAddressesPage />, analyst);
    expect(denied.buttons).not.toContain('New address');
    expect(denied.text()).toContain("You don't have access to support addresses.");
    denied.unmount();
    cleanup = undefined;
    const allowed = await page(<SupportAddressesPage />, admin);
    expect(allowed.buttons).toContain('New address');
    expect(allowed.text()).toContain('No support addresses yet.');
  });
});
