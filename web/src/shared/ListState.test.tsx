import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { EmptyState, ListState } from './ListState';
import { render } from './test-render';

const table = <table aria-label="Rows" />;
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function show(query: Parameters<typeof ListState>[0]['query'], allowed?: boolean) {
  const view = await render(
    <ListState noun="webhooks" query={query} allowed={allowed}>
      {table}
    </ListState>,
  );
  cleanup = view.unmount;
  return view;
}

describe('ListState', () => {
  it('says "No webhooks yet." instead of bare headers when the list is empty', async () => {
    const view = await show({ error: null, isPending: false, data: [] });
    expect(view.container.querySelector('[data-testid="empty-state"]')?.textContent).toBe('No webhooks yet.');
    expect(view.container.querySelector('table')).toBeNull();
  });

  it('shows the table when there are rows', async () => {
    const view = await show({ error: null, isPending: false, data: [{ id: 1 }] });
    expect(view.container.querySelector('table')).not.toBeNull();
    expect(view.text()).not.toContain('No webhooks');
  });

  it('says the user has no access when /auth/me lacks the permission, or the API answered 403', async () => {
    const denied = await show({ error: null, isPending: true }, false);
    expect(denied.text()).toBe("You don't have access to webhooks.");
    denied.unmount();
    const forbidden = new ApiError({
      status: 403,
      code: 'forbidden',
      detail: 'Not allowed for your vendor or role',
    });
    const view = await show({ error: forbidden, isPending: false });
    expect(view.text()).toBe("You don't have access to webhooks.");
    expect(view.container.querySelector('table')).toBeNull();
  });

  it('shows any other failure as a load error', async () => {
    const view = await show({ error: new Error('Service unavailable'), isPending: false });
    expect(view.container.querySelector('[role="alert"]')?.textContent).toContain('Service unavailable');
  });
});

describe('EmptyState', () => {
  it('renders its sentence as a status', async () => {
    const view = await render(<EmptyState>No tickets match this view.</EmptyState>);
    cleanup = view.unmount;
    expect(view.container.querySelector('[role="status"]')?.textContent).toBe('No tickets match this view.');
  });
});
