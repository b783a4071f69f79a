import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logging.js';

/** A background job: a name, its payload schema, an idempotent handler and an optional cron schedule. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  /** Cron in UTC, for recurring jobs. */
  cron?: string;
  handler(payload: z.output<S>, deps: { database: Database; logger: Logger; config?: Config }): Promise<void>;
}

export function defineJob<S extends z.ZodType>(job: JobDefinition<S>): JobDefinition<S> {
  return job;
}

export interface JobQueue {
  send<S extends z.ZodType>(job: JobDefinition<S>, payload: z.input<S>): Promise<string | null>;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the application's own pool (so embedded PGlite keeps its single connection) and,
 * when `work` is set, runs every job's handler. Several processes may run this at once: pg-boss hands
 * each job to one worker with SKIP LOCKED, and cron schedules fire once per slot across processes.
 */
export async function startJobQueue(
  database: Database,
  logger: Logger,
  jobs: JobDefinition[],
  options: { work: boolean; config?: Config },
): Promise<JobQueue> {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => database.pool.query(text, values) },
    schedule: options.work,
    supervise: options.work,
  });
  boss.on('error', (err) => logger.error({ err }, 'job queue error'));
  await boss.start();
  for (const job of jobs) {
    await boss.createQueue(job.name);
    if (!options.work) continue;
    if (job.cron) await boss.schedule(job.name, job.cron);
    await boss.work(job.name, async ([item]) => {
      if (!item) return;
      const payload = job.payload.parse(item.data ?? {});
      await job.handler(payload, {
        database,
        logger: logger.child({ job: job.name, jobId: item.id }),
        ...(options.config ? { config: options.config } : {}),
      });
    });
  }
  return {
    async send(job, payload) {
      return boss.send(job.name, job.payload.parse(payload) as object);
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
