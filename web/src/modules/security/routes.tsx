import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';

/** Every signed-in user manages their own two-step sign-in (docs/security.md). */
export const securityNav = (): { to: string; label: string }[] => [{ to: '/security', label: 'Security' }];

export function securityRoutes<P extends AnyRoute>(parent: P) {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/security',
      component: lazyRouteComponent(() => import('./SecurityPage'), 'SecurityPage'),
    }),
  ];
}
