import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { can, type Me } from '../auth/session';

/**
 * The governance cockpit's configuration: SLA policies and contract targets for those who manage
 * SLAs (brand admins), business calendars for those who manage calendars (brand admins any, vendor
 * admins their own vendor's, as the API allows).
 */
export const serviceLevelNav = (me: Me): { to: string; label: string }[] => [
  ...(can(me, 'sla:manage') ? [{ to: '/sla-policies', label: 'SLA policies' }] : []),
  ...(can(me, 'calendars:manage') ? [{ to: '/calendars', label: 'Business calendars' }] : []),
  ...(can(me, 'sla:manage') ? [{ to: '/service-level-targets', label: 'Contract targets' }] : []),
];

export function serviceLevelRoutes<P extends AnyRoute>(parent: P) {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/sla-policies',
      component: lazyRouteComponent(() => import('./SlaPoliciesPage'), 'SlaPoliciesPage'),
    }),
    createRoute({
      getParentRoute: () => parent,
      path: '/calendars',
      component: lazyRouteComponent(() => import('./CalendarsPage'), 'CalendarsPage'),
    }),
    createRoute({
      getParentRoute: () => parent,
      path: '/service-level-targets',
      component: lazyRouteComponent(() => import('./TargetsPage'), 'TargetsPage'),
    }),
  ];
}
