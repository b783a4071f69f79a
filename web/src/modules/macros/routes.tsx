import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { can, type Me } from '../auth/session';

/**
 * Macros are configured by those who may write them: brand admins (approved at once), vendor admins
 * and team leads (proposals for their vendor, until a brand admin approves them).
 */
export const macroNav = (me: Me): { to: string; label: string }[] =>
  can(me, 'macros:write') ? [{ to: '/macros', label: 'Macros' }] : [];

export function macroRoutes<P extends AnyRoute>(parent: P) {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/macros',
      component: lazyRouteComponent(() => import('./MacrosPage'), 'MacrosPage'),
    }),
  ];
}
