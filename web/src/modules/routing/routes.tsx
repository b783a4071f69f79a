import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { can, type Me } from '../auth/session';

/** Routing is configured by those who may manage it (brand admins); vendors never see the screen. */
export const routingNav = (me: Me): { to: string; label: string }[] =>
  can(me, 'routing:manage') ? [{ to: '/routing', label: 'Routing' }] : [];

export function routingRoutes<P extends AnyRoute>(parent: P) {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/routing',
      component: lazyRouteComponent(() => import('./RoutingPage'), 'RoutingPage'),
    }),
  ];
}
