/** Which subscriptions an event goes to: pure, so the vendor rule is easy to test in a table. */

export interface SubscriptionFilter {
  vendor_id: string | null;
  event_types: string[];
  networks: string[];
}

export const SOCIAL_REPLY = 'social.reply';

/**
 * Bookkeeping events that exist only to wake internal consumers (console heartbeats arrive every
 * few seconds per agent; the demo seed): a catch-all subscription does not get them, a pattern that
 * names them does.
 */
const INTERNAL = ['activity.', 'demo.'];

/** '*' matches every event but internal ones, 'ticket.*' every ticket event, anything else one type exactly. */
export function typeMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return !INTERNAL.some((prefix) => type.startsWith(prefix));
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/**
 * A vendor's subscription hears only its own vendor's events; a brand subscription hears them all.
 * A social reply goes only to subscriptions that name social.reply (a catch-all is no bridge) and,
 * when they list networks, only for those networks.
 */
export function wants(
  sub: SubscriptionFilter,
  event: { type: string; vendor_id: string | null; network?: string | undefined },
): boolean {
  if (sub.vendor_id !== null && sub.vendor_id !== event.vendor_id) return false;
  if (event.type === SOCIAL_REPLY) {
    if (!sub.event_types.includes(SOCIAL_REPLY)) return false;
    return sub.networks.length === 0 || (event.network !== undefined && sub.networks.includes(event.network));
  }
  return sub.event_types.some((pattern) => typeMatches(pattern, event.type));
}
