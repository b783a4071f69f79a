import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { can, type Me } from '../auth/session';

/**
 * Survey settings: anyone who reads survey results (brand roles, and vendor users for their own
 * vendor's answers) opens the screen; only those who manage KPI inputs (brand admins) may change it.
 */
export const surveyNav = (me: Me): { to: string; label: string }[] =>
  can(me, 'analytics:read') ? [{ to: '/survey-settings', label: 'Survey settings' }] : [];

export function surveyRoutes<P extends AnyRoute>(parent: P) {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/survey-settings',
      component: lazyRouteComponent(() => import('./SurveySettingsPage'), 'SurveySettingsPage'),
    }),
  ];
}
