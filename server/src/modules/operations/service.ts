import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { liveBoard } from './live-board.js';
import * as live from './repository.js';
import type { FailureView, LiveBoard } from './schemas.js';

/**
 * The outbox's failed deliveries, for brand admins: which consumer could not handle which event,
 * how often it was tried and why, and a replay that schedules it again at once (row-level security
 * limits both to the caller's brand; vendor users see none).
 */

function requireBrand(actor: Actor) {
  if (actor.vendorId)
    throw new Forbidden('Brand admins only', [{ path: 'actor', message: 'brand users only' }]);
}

export async function listFailures(
  tx: Tx,
  actor: Actor,
  state: 'retrying' | 'dead' | 'all',
): Promise<FailureView[]> {
  requireBrand(actor);
  let q = tx
    .selectFrom('outbox_failures as f')
    .innerJoin('domain_events as e', 'e.id', 'f.event_id')
    .select([
      'f.id',
      'f.event_id',
      'e.type as event_type',
      'e.subject_id',
      'f.consumer',
      'f.attempts',
      'f.last_error',
      'f.first_failed_at',
      'f.last_failed_at',
      'f.next_attempt_at',
      'f.dead_at',
    ])
    .orderBy('f.id', 'desc')
    .limit(500);
  if (state === 'dead') q = q.where('f.dead_at', 'is not', null);
  if (state === 'retrying') q = q.where('f.dead_at', 'is', null);
  const rows = await q.execute();
  return rows.map(({ dead_at, ...r }) => ({
    ...r,
    id: Number(r.id),
    event_id: Number(r.event_id),
    state: dead_at === null ? ('retrying' as const) : ('dead' as const),
  }));
}

/** Checks the caller may see the failure (its brand, as a brand user) before the owner reschedules it. */
export async function visibleFailure(tx: Tx, actor: Actor, id: number) {
  requireBrand(actor);
  const row = await tx.selectFrom('outbox_failures').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound('Failure', String(id));
}

/** Schedules the failure for the next retry pass, with its attempts counted afresh. */
export async function replayFailure(tx: Tx, id: number) {
  await tx
    .updateTable('outbox_failures')
    .set({ attempts: 0, dead_at: null, next_attempt_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}

/** The live operations board, scoped to the caller's vendor (the brand sees every vendor). */
export async function liveOperations(tx: Tx, actor: Actor, now: Date): Promise<LiveBoard> {
  const vendorId = actor.vendorId;
  const [queues, waiting, sla, vendors, sites, moved] = [
    await live.queues(tx),
    await live.waitingByQueue(tx, vendorId),
    await live.slaByQueue(tx, vendorId, now),
    await live.vendors(tx, vendorId),
    await live.sites(tx, vendorId),
    await live.movedOffSites(tx, new Date(now.getTime() - 24 * 3600_000)),
  ];
  return liveBoard({ queues, waiting, sla, vendors, sites, moved }, now);
}
