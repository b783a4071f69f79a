import { Center, Loader } from '@mantine/core';
import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { adminRoutes } from '../modules/admin/routes';
import { SignInPage } from '../modules/auth/SignInPage';
import { fetchMe, meKey, useMe } from '../modules/auth/session';
import { billingRoutes } from '../modules/billing/routes';
import { parseVendorSearch } from '../modules/governance/drill';
import { macroRoutes } from '../modules/macros/routes';
import { qaRoutes } from '../modules/qa/routes';
import { routingRoutes } from '../modules/routing/routes';
import { securityRoutes } from '../modules/security/routes';
import { serviceLevelRoutes } from '../modules/service-levels/routes';
import { surveyRoutes } from '../modules/surveys/routes';
import { InboxPage } from '../modules/tickets/InboxPage';
import { parseInboxSearch } from '../modules/tickets/inbox-search';
import { NotFoundPage } from './NotFoundPage';
import { queryClient, sessionEnded } from './query-client';
import { Shell } from './Shell';

/** Code-based route tree: /sign-in is public; everything else needs a session. */
const rootRoute = createRootRoute({
  component: Outlet,
  notFoundComponent: () => <NotFoundPage />,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { redirect?: string; sso_error?: string } => ({
    ...(typeof search.redirect === 'string' ? { redirect: search.redirect } : {}),
    ...(typeof search.sso_error === 'string' ? { sso_error: search.sso_error } : {}),
  }),
  component: function SignInRoute() {
    const { redirect: target, sso_error: ssoError } = signInRoute.useSearch();
    return <SignInPage redirect={target} ssoError={ssoError} />;
  },
});

function Authenticated() {
  const me = useMe();
  if (!me.data)
    return (
      <Center mih="100vh">
        <Loader role="status" aria-label="Loading" />
      </Center>
    );
  return <Shell me={me.data} />;
}

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  // Nobody signed in: the sign-in page, which comes back here afterwards.
  beforeLoad: async ({ location }) => {
    const me = await queryClient.ensureQueryData({ queryKey: meKey, queryFn: fetchMe });
    if (!me) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
  },
  component: Authenticated,
  pendingComponent: () => (
    <Center mih="100vh">
      <Loader role="status" aria-label="Loading" />
    </Center>
  ),
  notFoundComponent: () => <NotFoundPage />,
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/tickets', search: {} });
  },
});

export const inboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tickets',
  validateSearch: parseInboxSearch,
  component: InboxPage,
});

export const ticketRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tickets/$ticketId',
  // The ticket page and live chats load on first use, keeping the first page load small.
  component: lazyRouteComponent(() => import('../modules/tickets/TicketPage'), 'TicketRoute'),
});

const chatsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/chats',
  component: lazyRouteComponent(() => import('../modules/chats/ChatsPage'), 'ChatsPage'),
});

const vendorsOverviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/vendors-overview',
  component: lazyRouteComponent(() => import('../modules/governance/VendorsOverview'), 'VendorsOverview'),
});

const vendorPageRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/vendors-overview/$vendorId',
  validateSearch: parseVendorSearch,
  component: lazyRouteComponent(() => import('../modules/governance/VendorPage'), 'VendorPage'),
});

const costComparisonRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/cost-comparison',
  component: lazyRouteComponent(() => import('../modules/governance/CostComparison'), 'CostComparison'),
});

const coachingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/coaching',
  component: lazyRouteComponent(() => import('../modules/qa-coaching/CoachingPage'), 'CoachingPage'),
});

const liveOperationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/live-operations',
  component: lazyRouteComponent(() => import('../modules/operations/LiveOperations'), 'LiveOperations'),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([
    indexRoute,
    inboxRoute,
    ticketRoute,
    chatsRoute,
    vendorsOverviewRoute,
    vendorPageRoute,
    costComparisonRoute,
    coachingRoute,
    liveOperationsRoute,
    ...routingRoutes(appRoute),
    ...serviceLevelRoutes(appRoute),
    ...surveyRoutes(appRoute),
    ...macroRoutes(appRoute),
    ...billingRoutes(appRoute),
    ...qaRoutes(appRoute),
    ...adminRoutes(appRoute),
    ...securityRoutes(appRoute),
  ]),
]);

export const router = createRouter({ routeTree, defaultPreload: 'intent' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

// A session that ends mid-work (expired, signed out elsewhere): back to sign-in, then back here.
sessionEnded.handler = () => {
  const { pathname, href } = router.state.location;
  if (pathname === '/sign-in') return;
  queryClient.setQueryData(meKey, null);
  void router.navigate({ to: '/sign-in', search: { redirect: href } });
};
