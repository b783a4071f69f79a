import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logging.js';
import type { EventBus } from '../realtime/event-bus.js';
import { dispatchOnce, type OutboxConsumer, retryFailedOnce } from './dispatcher.js';
import { startLoop, type WorkerLoop } from './loop.js';

/** A channel's sender: claims a batch of due delivery rows (by lease), sends them, records the outcome. */
export interface DeliverySender {
  name: string;
  /** Returns how many rows it handled; 0 when nothing was due. */
  sendDue(deps: { database: Database; config: Config; logger: Logger }): Promise<number>;
}

export interface OutboxWorker {
  /** Dispatch and send now (tests, and after a redelivery request in this process). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * The worker side of the outbox: a dispatcher loop (woken by every committed event on the bus, and a
 * poll as a safety net and catch-up at start) and one sender loop per channel, woken when the
 * dispatcher wrote something and polled for retries that came due.
 */
export function startOutboxWorker(deps: {
  database: Database;
  config: Config;
  logger: Logger;
  bus: EventBus | null;
  consumers: readonly OutboxConsumer[];
  senders: readonly DeliverySender[];
}): OutboxWorker {
  const { database, config, logger } = deps;
  const interval = config.TANDEM_OUTBOX_POLL_MS;
  const senderLoops: WorkerLoop[] = deps.senders.map((sender) =>
    startLoop(sender.name, logger, interval, () => sender.sendDue({ database, config, logger })),
  );
  const dispatcher = startLoop('outbox-dispatcher', logger, interval, async () => {
    const dispatched = await dispatchOnce(database.db, deps.consumers, config);
    // Events a consumer failed on earlier, whose next attempt is due (failures.ts explains the states).
    const retried = await retryFailedOnce(database.db, deps.consumers, config);
    if (dispatched || retried) for (const loop of senderLoops) loop.wake();
    return dispatched + retried;
  });
  const unsubscribe = deps.bus?.subscribe((event) => {
    if (!event.ephemeral) dispatcher.wake();
  });
  return {
    wake() {
      dispatcher.wake();
      for (const loop of senderLoops) loop.wake();
    },
    async stop() {
      unsubscribe?.();
      await dispatcher.stop();
      await Promise.all(senderLoops.map((loop) => loop.stop()));
    },
  };
}
