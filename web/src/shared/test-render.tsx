import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { theme } from '../app/theme';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/**
 * Renders a component into the test document inside Mantine and a fresh query client (no retries),
 * for component tests without a browser. `client` lets a test seed queries such as /auth/me.
 */
export async function render(ui: ReactNode, client = testQueryClient()) {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  await act(async () =>
    root.render(
      <MantineProvider theme={theme}>
        <QueryClientProvider client={client}>{ui}</QueryClientProvider>
      </MantineProvider>,
    ),
  );
  return {
    container,
    client,
    /** Lets pending queries and effects settle. */
    settle: () => act(async () => new Promise((resolve) => setTimeout(resolve, 20))),
    /** The rendered text, without the <style> elements Mantine injects. */
    text: () => {
      const copy = container.cloneNode(true) as HTMLElement;
      for (const style of copy.querySelectorAll('style')) style.remove();
      return copy.textContent ?? '';
    },
    unmount: () => {
      act(() => root.unmount());
      container.remove();
    },
  };
}

export const testQueryClient = () =>
  new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });

/** As `render`, inside a router on a memory history, for components that render links. */
export async function renderInRouter(ui: ReactNode, client = testQueryClient()) {
  const router = createRouter({
    routeTree: createRootRoute({ component: () => ui }),
    history: createMemoryHistory({ initialEntries: ['/'] }),
  });
  const view = await render(<RouterProvider router={router} />, client);
  await view.settle();
  return view;
}
