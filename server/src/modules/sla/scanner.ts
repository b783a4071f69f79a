import type { Database } from '../../platform/db/database.js';
import { withSystem } from '../../platform/db/transaction.js';
import { emit } from '../../platform/events.js';
import type { Logger } from '../../platform/logging.js';
import type { OutboxConsumer } from '../../platform/outbox/dispatcher.js';
import { startLoop, type WorkerLoop } from '../../platform/outbox/loop.js';
import { acknowledge, fireAll } from './actions.js';
import { evaluateTickets, pendingActions, persist } from './evaluate.js';
import * as repo from './repository.js';

/** Tickets claimed per scanner transaction. */
export const SCAN_BATCH = 100;

/**
 * One scanner step: claim timers whose next action is due (SKIP LOCKED), recompute those tickets from
 * their history, take each due action once, and store the timers with their next action. Returns
 * how many tickets it handled (0: nothing due).
 */
export async function scanOnce(database: Database, now = () => Date.now()): Promise<number> {
  return withSystem(database.db, async (tx) => {
    const at = now();
    const ids = await repo.claimDueTickets(tx, SCAN_BATCH, at);
    if (!ids.length) return 0;
    const { evaluations, fired } = await evaluateTickets(tx, ids, at, { persist: false, withFired: true });
    const due = evaluations.flatMap((e) => pendingActions(e, fired).filter((d) => d.at <= at));
    const acted = await fireAll(tx, due);
    for (const key of acted.fired) fired.add(key);
    // Store with the fired set known, so next_action_at moves on to the next warning or breach; a
    // ticket an action changed (priority, queue, vendor) is re-read first.
    const unchanged = evaluations.filter((e) => !acted.changedTickets.has(e.ticketId));
    await persist(tx, unchanged, fired);
    if (acted.changedTickets.size)
      await evaluateTickets(tx, [...acted.changedTickets], at, { persist: true });
    return ids.length;
  });
}

/** Tickets re-timed per transaction when a policy changed. */
export const RECOMPUTE_BATCH = 500;

/**
 * Re-times the next batch of open tickets of one brand whose policies changed. Returns how many
 * tickets it re-timed (0: no request pending). Also the benchmark's unit of work.
 */
export async function recomputeOnce(
  database: Database,
  batch = RECOMPUTE_BATCH,
  now = () => Date.now(),
): Promise<number> {
  return withSystem(database.db, async (tx) => {
    const request = await repo.claimRecompute(tx);
    if (!request) return 0;
    // After a bulk load of history every ticket is timed, so its solved ones carry their verdicts.
    const history = request.acknowledge_before !== null;
    const ids = await repo.ticketIdsToRetime(
      tx,
      request.organization_id,
      request.after_ticket_id,
      batch,
      history,
    );
    if (ids.length) {
      const at = now();
      const { evaluations, fired } = await evaluateTickets(tx, ids, at, { persist: false, withFired: true });
      if (request.acknowledge_before !== null) {
        const before = Date.parse(request.acknowledge_before);
        const past = evaluations.flatMap((e) => pendingActions(e, fired).filter((d) => d.at < before));
        for (const key of await acknowledge(tx, past)) fired.add(key);
      }
      await persist(tx, evaluations, fired);
    }
    const done = ids.length < batch;
    await repo.advanceRecompute(tx, request.organization_id, done ? null : ids[ids.length - 1]!);
    // Every timer of the brand now follows its policies: what waits for whole months of verdicts
    // (the demo's invoices) can start. Not a webhook, not pushed to consoles.
    if (done)
      await emit(tx, {
        organizationId: request.organization_id,
        vendorId: null,
        type: 'sla.recomputed',
        subjectId: request.organization_id,
        payload: { acknowledgeBefore: request.acknowledge_before, webhook: false },
      });
    return Math.max(ids.length, 1);
  });
}

export interface SlaScanner {
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Polls every pollMs (a breach is acted on within about one poll of its due time) and also wakes at
 * the earliest known next action when that is sooner.
 */
export function startSlaScanner(deps: { database: Database; logger: Logger; pollMs: number }): SlaScanner {
  let timer: NodeJS.Timeout | undefined;
  const loop: WorkerLoop = startLoop('sla-scanner', deps.logger, deps.pollMs, async () => {
    const handled = (await scanOnce(deps.database)) + (await recomputeOnce(deps.database));
    if (!handled) {
      const next = await withSystem(deps.database.db, (tx) => repo.nextActionAt(tx));
      if (next) {
        const wait = Date.parse(next) - Date.now();
        if (wait > 0 && wait < deps.pollMs) {
          clearTimeout(timer);
          timer = setTimeout(() => loop.wake(), wait + 5);
          timer.unref();
        }
      }
    }
    return handled;
  });
  return {
    wake: () => loop.wake(),
    async stop() {
      clearTimeout(timer);
      await loop.stop();
    },
  };
}

const REEVALUATE = /^(ticket\.|message\.created$)/;
/** Events after which every open ticket of the brand is re-timed: policies, calendars, the demo seed. */
const RETIME = /^(sla_policy|calendar|demo)\./;

/**
 * Re-evaluates a ticket's timers whenever it changes: in the outbox dispatcher's transaction, so the
 * stored timers and sla_due_at follow every committed ticket write exactly once per event batch.
 */
export const slaConsumer: OutboxConsumer = {
  name: 'sla',
  async consume(tx, events) {
    const ids = new Set<string>();
    for (const e of events) {
      if (!REEVALUATE.test(e.type)) continue;
      const ticketId = e.type.startsWith('ticket.') ? e.subject_id : e.payload?.ticketId;
      if (typeof ticketId === 'string') ids.add(ticketId);
    }
    if (ids.size) await evaluateTickets(tx, [...ids], Date.now(), { persist: true });
    // A policy or calendar change (or the demo seed) re-times the brand's open tickets in the
    // background, batch by batch (recomputeOnce). The seed's history already happened: what fell
    // due in it is acknowledged, not acted on at start-up.
    for (const e of events) {
      if (!RETIME.test(e.type)) continue;
      const seededAt = e.type === 'demo.seeded' ? (e.payload?.seededAt ?? e.created_at) : null;
      await repo.requestRecompute(tx, e.organization_id, typeof seededAt === 'string' ? seededAt : null);
    }
  },
};
