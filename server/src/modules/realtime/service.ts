import type { z } from 'zod';
import { type Actor, asOwner, type Tx } from '../../platform/db/transaction.js';
import type { BusEvent } from '../../platform/realtime/event-bus.js';
import { type EventView, movedAway, viewOf } from './audience.js';
import * as repo from './repository.js';
import type { eventsPage } from './schemas.js';

/**
 * Catch-up after a reconnect, and the agent's name a collision signal carries. Both run in the actor's
 * transaction: what the outbox shows here is what the socket would have pushed.
 */

export async function eventsAfter(
  tx: Tx,
  actor: Actor,
  after: number,
  limit: number,
): Promise<z.output<typeof eventsPage>> {
  const own = await repo.eventsAfter(tx, after, limit);
  const moved = actor.vendorId
    ? await asOwner(tx, () => repo.movedAwayAfter(tx, actor.organizationId, actor.vendorId!, after, limit))
    : [];
  // Two id-ordered lists merged and cut at limit: every id up to last_id has been considered.
  const merged = [
    ...own.map((row) => ({ id: row.id, row, moved: null })),
    ...moved.map((m) => ({ id: m.id, row: null, moved: m })),
  ]
    .sort((a, b) => a.id - b.id)
    .slice(0, limit);
  const items: EventView[] = [];
  for (const entry of merged) {
    if (entry.moved) {
      items.push(movedAway(entry.moved.id, entry.moved.subject_id, entry.moved.created_at));
      continue;
    }
    const visible = viewOf(actor, entry.row as BusEvent);
    if (visible) items.push(visible.view);
  }
  const lastId = merged.length ? merged[merged.length - 1]!.id : after;
  return {
    items,
    last_id: lastId,
    has_more: own.length === limit || moved.length === limit,
  };
}

/** The newest event id the actor can start from (the socket's hello carries it). */
export function latestEventId(tx: Tx) {
  return repo.latestEventId(tx);
}

export async function displayName(tx: Tx, userId: string) {
  return (await repo.displayName(tx, userId))?.display_name ?? '';
}
