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
  ['sla.', 'tickets:read'],
  ['presence.', 'users:read'],
  ['customer.', 'customers:read'],
  // Chat signals (the visitor typing, a chat ended) concern the chat's ticket.
  ['chat.', 'tickets:read'],
];

/**
 * Events kept for the server's own consumers, never pushed: sla.decided tells the KPI rollup a
 * ticket's SLA verdicts changed, which every first reply does; consoles learn of it from the reply.
 * sla.recomputed tells the demo's billing that a brand's timers are all re-timed.
 */
const INTERNAL = new Set(['sla.decided', 'sla.recomputed']);

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
  if (INTERNAL.has(type)) return null;
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
    const payload = event.payload && payloadForVendor(event.payload, actor.vendorId);
    return { kind: 'full', view: payload ? { ...base, payload } : base };
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

const isValues = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

const ASSIGNMENT_KEYS = ['site_id', 'team_id', 'agent_id'] as const;

/**
 * An event payload as a vendor's reader may see it (the brand, vendorId null, sees it whole). Ids of
 * another vendor's rows become 'another_vendor', as in the ticket timeline: `previousVendorId` (a
 * ticket.transferred from elsewhere) when it is not the reader's vendor, and `vendor_id` with the
 * site, team and agent ids it owns when the payload names another vendor. Pure, so the realtime
 * socket, GET /events and vendor webhooks share it.
 */
export function payloadForVendor(
  payload: Record<string, unknown>,
  vendorId: string | null,
): Record<string, unknown> {
  if (vendorId === null) return payload;
  const foreign = (id: unknown) => typeof id === 'string' && id !== vendorId;
  const hidePrevious = foreign(payload.previousVendorId);
  const hideAssignment = foreign(payload.vendor_id);
  // A customer's changed values (a name) may be masked for this reader (docs/privacy.md#masking):
  // vendors learn which fields changed, as ticket events tell them, and read the values through the API.
  const changedValues = isValues(payload.changes);
  if (!hidePrevious && !hideAssignment && !changedValues) return payload;
  const seen = { ...payload };
  if (changedValues) seen.changes = Object.keys(payload.changes as object);
  if (hidePrevious) seen.previousVendorId = 'another_vendor';
  if (hideAssignment) {
    seen.vendor_id = 'another_vendor';
    for (const key of ASSIGNMENT_KEYS) if (typeof seen[key] === 'string') seen[key] = 'another_vendor';
  }
  return seen;
}
