import { type Permission, roleAllows } from '../../platform/auth/permissions.js';
import type { Actor } from '../../platform/db/transaction.js';
import type { BusEvent } from '../../platform/realtime/event-bus.js';

/**
 * Who may see which event: the REST API's vendor-isolation rules, applied to the event stream. The
 * realtime socket and the catch-up endpoint (GET /events) both decide through `viewOf`, so a client
 * that reconnects reads exactly what it would have been pushed.
 */

/** Version of every message the server sends on the realtime socket. */
export const PROTOCOL_VERSION = 1;

/** What an event type needs, by prefix. A type not listed here is never pushed (deny by default). */
const NEEDS: Array<[prefix: string, permission: Permission]> = [
  ['ticket.', 'tickets:read'],
  ['message.', 'tickets:read'],
  ['presence.', 'users:read'],
  ['customer.', 'customers:read'],
  // Chat signals (the visitor typing, a chat ended) concern the chat's ticket.
  ['chat.', 'tickets:read'],
];

export interface EventView {
  /** Outbox id (0 for an ephemeral signal, which is never stored). */
  id: number;
  type: string;
  subject_id: string;
  /** The ticket the event is about (ticket.* subject, message.* payload.ticketId), else null. */
  ticket_id: string | null;
  created_at: string;
  /** Absent when the payload was too large to announce; read the subject by id instead. */
  payload?: Record<string, unknown>;
}

export type Visible = { kind: 'full'; view: EventView } | { kind: 'moved_away'; view: EventView };

function ticketOf(event: Pick<BusEvent, 'type' | 'subject_id' | 'payload'>): string | null {
  if (event.type.startsWith('ticket.')) return event.subject_id;
  const ticketId = event.payload?.ticketId;
  return typeof ticketId === 'string' ? ticketId : null;
}

function permissionFor(type: string): Permission | null {
  return NEEDS.find(([prefix]) => type.startsWith(prefix))?.[1] ?? null;
}

/**
 * The event as this actor may see it, or null. Another organization's events never; a vendor-scoped
 * actor sees its own vendor's events only (null-vendor events are brand business). When a ticket moved
 * away from the actor's vendor, the actor learns that and the ticket id, nothing more.
 */
export function viewOf(actor: Actor, event: BusEvent): Visible | null {
  if (event.organization_id !== actor.organizationId) return null;
  const permission = permissionFor(event.type);
  if (!permission || !roleAllows(actor.role, permission, actor.scopes)) return null;
  const base = {
    id: event.id,
    type: event.type,
    subject_id: event.subject_id,
    ticket_id: ticketOf(event),
    // Notifications carry PostgreSQL's timestamp text; the API speaks ISO-8601 UTC.
    created_at: new Date(event.created_at).toISOString(),
  };
  if (actor.vendorId === null || event.vendor_id === actor.vendorId) {
    return { kind: 'full', view: event.payload ? { ...base, payload: event.payload } : base };
  }
  if (
    !event.ephemeral &&
    event.type.startsWith('ticket.') &&
    event.payload?.previousVendorId === actor.vendorId
  ) {
    return { kind: 'moved_away', view: movedAway(event.id, event.subject_id, base.created_at) };
  }
  return null;
}

/** The only thing a vendor learns about a ticket that was moved to another vendor. */
export function movedAway(id: number, ticketId: string, createdAt: string): EventView {
  return {
    id,
    type: 'ticket.moved_away',
    subject_id: ticketId,
    ticket_id: ticketId,
    created_at: createdAt,
    payload: {},
  };
}
