import './app/zod-config';
import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { queryClient } from './app/query-client';
import { router } from './app/router';
import { cssVariablesResolver, theme } from './app/theme';
import { parseInboxSearch } from './modules/tickets/inbox-search';
import { ticketListOptions } from './modules/tickets/queries';
import { pruneDrafts } from './shared/drafts';

// Drafts of tickets nobody came back to for a month are dropped.
pruneDrafts(localStorage);

// Opening the inbox, ask for its first page at once, beside the session check, not after it: the
// list is what the agent waits for (bench:inbox). Signed out, the request just fails with 401.
const { pathname, search } = router.state.location;
if (pathname === '/' || pathname === '/tickets') {
  void queryClient.prefetchInfiniteQuery(ticketListOptions(parseInboxSearch(search)));
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
