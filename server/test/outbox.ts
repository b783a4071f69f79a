import { deliverySenders, outboxConsumers } from '../src/outbox.js';
import { createLogger } from '../src/platform/logging.js';
import { type OutboxWorker, startOutboxWorker } from '../src/platform/outbox/worker.js';
import type { TestContext } from './harness.js';

/** Settings that make the outbox quick in tests: fast polls, short backoff, few attempts. */
export const FAST_OUTBOX = {
  TANDEM_OUTBOX_POLL_MS: '25',
  TANDEM_DELIVERY_BACKOFF_MS: '40',
  TANDEM_DELIVERY_MAX_ATTEMPTS: '3',
  TANDEM_WEBHOOK_ALLOW_PRIVATE: 'true',
  TANDEM_WEBHOOK_TIMEOUT_MS: '2000',
};

/** The worker side of the outbox, as `tandem start --role worker` runs it, on the test's database. */
export function startTestOutbox(t: TestContext): OutboxWorker {
  return startOutboxWorker({
    database: t.database,
    config: t.config,
    logger: createLogger({ TANDEM_LOG_LEVEL: 'silent' }),
    bus: t.bus,
    consumers: outboxConsumers,
    senders: deliverySenders,
  });
}

/** Polls until check returns a truthy value (or throws after timeoutMs with the last value seen). */
export async function waitFor<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
}
