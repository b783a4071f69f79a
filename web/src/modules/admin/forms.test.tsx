import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';

// openapi-fetch keeps the fetch it finds when the client is created: stub it before any import.
vi.hoisted(() => {
  globalThis.fetch = async () =>
    new Response(JSON.stringify({ items: [], next_cursor: null }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
});

import { webhookCreate } from '../../api/server-schemas';
import { render, testQueryClient } from '../../shared/test-render';
import { type Me, meKey } from '../auth/session';
import { TeamsPage } from './TeamsPage';
import { maxLengthOf } from './use-schema-form';
import { WebhooksPage } from './WebhooksPage';

const admin: Me = {
  userId: '00000000-0000-4000-8000-000000000001',
  organizationId: '00000000-0000-4000-8000-000000000002',
  role: 'brand_admin',
  vendorId: null,
  teamId: null,
  displayName: 'Admin',
  email: 'admin@demo.tandem.test',
  vendorName: null,
  permissions: ['vendors:read', 'teams:write', 'webhooks:manage'],
};

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function open(ui: React.ReactNode, button: string) {
  const client = testQueryClient();
  client.setQueryData(meKey, admin);
  const view = await render(ui, client);
  cleanup = view.unmount;
  await view.settle();
  const find = (name: string) =>
    [...document.body.querySelectorAll('button')].find((b) => b.textContent === name) as HTMLButtonElement;
  await act(async () => find(button).click());
  await view.settle();
  const dialog = document.body.querySelector('[role="dialog"]') as HTMLElement;
  /** The text of the error Mantine links to the input labelled `label`. */
  const errorOf = (label: string) => {
    const input = [...dialog.querySelectorAll('input, textarea')].find((el) =>
      dialog.querySelector(`label[for="${el.id}"]`)?.textContent?.startsWith(label),
    );
    const id = input
      ?.getAttribute('aria-describedby')
      ?.split(' ')
      .find((part) => part.endsWith('-error'));
    return id ? document.getElementById(id)?.textContent : undefined;
  };
  return { ...view, dialog, find, errorOf };
}

describe('admin forms speak plainly', () => {
  it('an empty team says "Choose a vendor" and "Required" beside the fields, not zod text', async () => {
    const view = await open(<TeamsPage />, 'New team');
    await act(async () => view.find('Save team').click());
    await view.settle();
    expect(view.errorOf('Vendor')).toBe('Choose a vendor');
    expect(view.errorOf('Name')).toBe('Required');
    expect(view.dialog.textContent).not.toMatch(/Invalid UUID|Too small/);
  });

  it('counts the characters of a webhook description against its limit', async () => {
    const view = await open(<WebhooksPage />, 'New webhook');
    const description = view.dialog.querySelector('textarea') as HTMLTextAreaElement;
    expect(description.maxLength).toBe(500);
    expect(view.dialog.textContent).toContain('0 / 500 characters');
  });
});

describe('maxLengthOf', () => {
  it('reads the limit through default and optional wrappers', () => {
    expect(maxLengthOf(webhookCreate, 'description')).toBe(500);
    expect(maxLengthOf(webhookCreate, 'event_types')).toBeUndefined();
    expect(maxLengthOf(webhookCreate, 'nothing')).toBeUndefined();
  });
});
