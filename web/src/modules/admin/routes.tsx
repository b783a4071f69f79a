import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { can, type Me } from '../auth/session';

/**
 * The admin screens, each a lazy chunk (with the server's zod schemas), so agents never download
 * them. `permission` decides whether the navigation offers the screen at all; the API enforces it.
 */
const SCREENS = [
  {
    path: '/admin/vendors',
    label: 'Vendors',
    permission: 'vendors:read',
    load: () => import('./VendorsPage'),
    name: 'VendorsPage',
  },
  {
    path: '/admin/sites',
    label: 'Sites',
    permission: 'vendors:read',
    load: () => import('./SitesPage'),
    name: 'SitesPage',
  },
  {
    path: '/admin/teams',
    label: 'Teams',
    permission: 'vendors:read',
    load: () => import('./TeamsPage'),
    name: 'TeamsPage',
  },
  {
    path: '/admin/users',
    label: 'Users and agents',
    permission: 'users:read',
    load: () => import('./UsersPage'),
    name: 'UsersPage',
  },
  {
    path: '/admin/tokens',
    label: 'API tokens',
    permission: 'tokens:manage',
    load: () => import('./TokensPage'),
    name: 'TokensPage',
  },
  {
    path: '/admin/webhooks',
    label: 'Webhooks',
    permission: 'webhooks:manage',
    load: () => import('./WebhooksPage'),
    name: 'WebhooksPage',
  },
  {
    path: '/admin/support-addresses',
    label: 'Support addresses',
    permission: 'channels:manage',
    load: () => import('./SupportAddressesPage'),
    name: 'SupportAddressesPage',
  },
] as const;

/** Agents and QA reviewers read vendors and users for their work but administer nothing. */
const ADMIN_ROLES: Me['role'][] = ['brand_admin', 'brand_analyst', 'auditor', 'vendor_admin', 'team_lead'];

export function adminNav(me: Me): { to: string; label: string }[] {
  if (!ADMIN_ROLES.includes(me.role)) return [];
  return SCREENS.filter((s) => can(me, s.permission)).map((s) => ({ to: s.path, label: s.label }));
}

export function adminRoutes<P extends AnyRoute>(parent: P) {
  return SCREENS.map((s) =>
    createRoute({
      getParentRoute: () => parent,
      path: s.path,
      component: lazyRouteComponent(s.load as () => Promise<Record<string, () => React.JSX.Element>>, s.name),
    }),
  );
}
