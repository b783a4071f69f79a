import { type AnyRoute, createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { can, type Me } from '../auth/session';

/**
 * Billing is for everyone who reads it: brand admins, analysts and auditors (every vendor) and vendor
 * admins (their own vendor: the API scopes every list and answers 404 for another vendor's invoice).
 */
export const billingNav = (me: Me): { to: string; label: string }[] =>
  can(me, 'billing:read')
    ? [
        { to: '/billing/invoices', label: 'Invoices' },
        { to: '/billing/contracts', label: 'Contracts' },
      ]
    : [];

export function billingRoutes<P extends AnyRoute>(parent: P) {
  return [
    createRoute({
      getParentRoute: () => parent,
      path: '/billing/invoices',
      component: lazyRouteComponent(() => import('./InvoicesPage'), 'InvoicesPage'),
    }),
    createRoute({
      getParentRoute: () => parent,
      path: '/billing/invoices/$invoiceId',
      component: lazyRouteComponent(() => import('./InvoicePage'), 'InvoiceRoute'),
    }),
    createRoute({
      getParentRoute: () => parent,
      path: '/billing/contracts',
      component: lazyRouteComponent(() => import('./ContractsPage'), 'ContractsPage'),
    }),
  ];
}
