import type { MovedRow, QueueRow, SiteRow, SlaRow, VendorRow, WaitingRow } from './repository.js';
import type { LiveBoard } from './schemas.js';

/** The label of contacts routing has not put in a queue yet (new, or no rule matched). */
export const UNQUEUED = 'Not yet queued';

/**
 * Shapes the live operations board from its counts: one row per queue (every queue, zeros
 * included, plus the not-yet-queued contacts when there are any), oldest wait in whole seconds
 * from `now`, and each site with where the contacts taken off it went.
 */
export function liveBoard(
  input: {
    queues: QueueRow[];
    waiting: WaitingRow[];
    sla: SlaRow[];
    vendors: VendorRow[];
    sites: SiteRow[];
    moved: MovedRow[];
  },
  now: Date,
): LiveBoard {
  const waiting = new Map(input.waiting.map((w) => [w.queue_id, w]));
  const sla = new Map(input.sla.map((s) => [s.queue_id, s]));
  const row = (id: string | null, name: string) => {
    const w = waiting.get(id);
    const s = sla.get(id);
    return {
      queue_id: id,
      name,
      waiting: w?.waiting ?? 0,
      oldest_wait_seconds: w?.oldest_since ? waitSeconds(w.oldest_since, now) : null,
      at_risk: s?.at_risk ?? 0,
      breached: s?.breached ?? 0,
    };
  };
  const queues = input.queues.map((q) => row(q.id, q.name));
  const known = new Set(input.queues.map((q) => q.id));
  // Contacts of a queue this reader cannot name (deleted meanwhile) count as not yet queued.
  const orphan = (id: string | null) => id === null || !known.has(id);
  const unqueuedWaiting = input.waiting.filter((w) => orphan(w.queue_id));
  const unqueuedSla = input.sla.filter((s) => orphan(s.queue_id));
  if (unqueuedWaiting.length || unqueuedSla.some((s) => s.at_risk || s.breached)) {
    const oldest = unqueuedWaiting
      .map((w) => w.oldest_since)
      .filter((x): x is string => x !== null)
      .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
    queues.push({
      queue_id: null,
      name: UNQUEUED,
      waiting: unqueuedWaiting.reduce((n, w) => n + w.waiting, 0),
      oldest_wait_seconds: oldest ? waitSeconds(oldest, now) : null,
      at_risk: unqueuedSla.reduce((n, s) => n + s.at_risk, 0),
      breached: unqueuedSla.reduce((n, s) => n + s.breached, 0),
    });
  }
  const moved = new Map<string, MovedRow[]>();
  for (const m of input.moved) moved.set(m.site_id, [...(moved.get(m.site_id) ?? []), m]);
  return {
    as_of: now.toISOString(),
    queues,
    vendors: input.vendors.map((v) => ({
      vendor_id: v.id,
      name: v.name,
      online: v.online,
      away: v.away,
      online_without_site: v.online_without_site,
    })),
    sites: input.sites.map((s) => ({
      site_id: s.id,
      name: s.name,
      vendor_id: s.vendor_id,
      vendor_name: s.vendor_name,
      status: s.status,
      open_tickets: s.open_tickets,
      online: s.online,
      away: s.away,
      moved_off: (moved.get(s.id) ?? []).map((m) => ({
        vendor_name: m.vendor_name,
        site_name: m.now_site_name,
        waiting: m.waiting,
        tickets: m.tickets,
      })),
    })),
  };
}

function waitSeconds(since: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 1000));
}
