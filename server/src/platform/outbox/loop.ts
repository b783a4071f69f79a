import type { Logger } from '../logging.js';

export interface WorkerLoop {
  /** Runs the step soon, without waiting for the next poll. */
  wake(): void;
  /** Stops polling and waits for a step in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `step` until it reports no more work (returns 0), then sleeps `intervalMs` or until woken.
 * One step at a time per loop; an error is logged and the loop carries on at the next poll, so one
 * bad row never stops a worker. Correctness across processes comes from the step (SKIP LOCKED,
 * leases), never from this loop.
 */
export function startLoop(
  name: string,
  logger: Logger,
  intervalMs: number,
  step: () => Promise<number>,
): WorkerLoop {
  let stopped = false;
  let wakeAgain = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = (delay: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, delay);
    timer.unref();
  };
  const drain = async () => {
    try {
      while (!stopped && (await step()) > 0) {
        // more work may be waiting: take the next batch at once
      }
    } catch (err) {
      logger.error({ err, loop: name }, 'worker loop step failed');
    }
  };
  function run() {
    if (stopped) return;
    if (running) {
      wakeAgain = true;
      return;
    }
    clearTimeout(timer);
    running = drain().finally(() => {
      running = undefined;
      if (wakeAgain) {
        wakeAgain = false;
        schedule(0);
      } else schedule(intervalMs);
    });
  }
  schedule(0);
  return {
    wake: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
