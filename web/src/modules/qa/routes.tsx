import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { can, type Me } from '../auth/session';
import { QA_TABS, type QaTab } from './qa-tabs';

/**
 * Quality is for everyone whose work it touches: reviewers and QA leads (qa:review, qa:manage),
 * and the reviewed side (qa:dispute: agents, team leads, vendor admins) who read and dispute.
 */
export const qaNav = (me: Me): { to: string; label: string }[] =>
  ['qa:review', 'qa:manage', 'qa:dispute'].some((p) => can(me, p)) ? [{ to: '/qa', label: 'Quality' }] : [];

export function qaRoutes<P extends AnyRoute>(parent: P) {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/qa',
      validateSearch: (search: Record<string, unknown>): { tab?: QaTab } =>
        QA_TABS.includes(search.tab as QaTab) ? { tab: search.tab as QaTab } : {},
      component: lazyRouteComponent(() => import('./QaPage'), 'QaPage'),
    }),
    createRoute({
      getParentRoute: () => parent,
      path: '/qa/reviews/$reviewId',
      component: lazyRouteComponent(() => import('./ReviewPage'), 'ReviewRoute'),
    }),
    createRoute({
      getParentRoute: () => parent,
      path: '/qa/calibrations/$calibrationId',
      component: lazyRouteComponent(() => import('./CalibrationPage'), 'CalibrationRoute'),
    }),
  ];
}
