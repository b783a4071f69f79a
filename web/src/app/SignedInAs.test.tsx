import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../modules/auth/session';
import { render } from '../shared/test-render';
import { SignedInAs } from './SignedInAs';

const vendorAdmin: Me = {
  userId: '00000000-0000-4000-8000-000000000001',
  organizationId: '00000000-0000-4000-8000-000000000002',
  role: 'vendor_admin',
  vendorId: '00000000-0000-4000-8000-000000000003',
  teamId: null,
  displayName: 'Paz Reyes',
  email: 'pacific.admin@demo.tandem.test',
  vendorName: 'Pacific Contact Solutions',
  permissions: [],
};

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('SignedInAs', () => {
  it('on a phone keeps the role, the vendor and Sign out one tap away in the account menu', async () => {
    const onSignOut = vi.fn();
    const view = await render(
      <SignedInAs
        me={vendorAdmin}
        status={<span>live</span>}
        onSignOut={onSignOut}
        signingOut={false}
        menuOpened
      />,
    );
    cleanup = view.unmount;
    await view.settle();
    const target = view.container.querySelector('button[aria-label="Account: Paz Reyes"]');
    expect(target?.closest('.mantine-hidden-from-sm')).not.toBeNull();
    const menu = document.body.querySelector('[role="menu"]') as HTMLElement;
    expect(menu.textContent).toContain('Vendor admin');
    expect(menu.textContent).toContain('Pacific Contact Solutions');
    const signOut = [...menu.querySelectorAll('[role="menuitem"]')].find(
      (el) => el.textContent === 'Sign out',
    );
    await act(async () => (signOut as HTMLElement).click());
    expect(onSignOut).toHaveBeenCalledOnce();
  });

  it('from the sm breakpoint up shows name, badges and Sign out in the header, with the test ids', async () => {
    const view = await render(
      <SignedInAs me={vendorAdmin} status={null} onSignOut={() => {}} signingOut={false} />,
    );
    cleanup = view.unmount;
    const wide = view.container.querySelector('[role="group"][aria-label="Signed in as"]') as HTMLElement;
    expect(wide.classList.contains('mantine-visible-from-sm')).toBe(true);
    expect(wide.querySelector('[data-testid="me-role"]')?.textContent).toBe('Vendor admin');
    expect(wide.querySelector('[data-testid="me-vendor"]')?.textContent).toBe('Pacific Contact Solutions');
    expect([...wide.querySelectorAll('button')].map((b) => b.textContent)).toContain('Sign out');
    // One of each test id, so the browser tests' locators stay unambiguous.
    expect(view.container.querySelectorAll('[data-testid="me-role"]')).toHaveLength(1);
  });
});
