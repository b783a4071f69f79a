import { type Figure, ratio } from './ratio.js';

/** Occupancy = handle time / available (staffed) time of the same agents and period. */
export function occupancy(handleSeconds: number, availableSeconds: number): Figure {
  return ratio(handleSeconds, availableSeconds, 'occupancy.handle_per_available');
}

/** Contacts per 1,000 orders = contacts created / orders × 1000, orders as reported by the brand. */
export function contactsPerThousandOrders(contacts: number, orders: number): Figure {
  const f = ratio(contacts * 1000, orders, 'contacts_per_1000_orders.created');
  return f;
}
