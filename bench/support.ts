/** What every benchmark shares: a throwaway database to measure on, and percentiles. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../server/src/platform/config.js';
import { type Database, openDatabase } from '../server/src/platform/db/database.js';
import { createScratchDatabase } from '../server/src/platform/db/scratch-database.js';
import { createLogger } from '../server/src/platform/logging.js';

/** The p-th percentile of an ascending array (nearest rank); NaN when empty. */
export function percentile(sorted: number[], p: number) {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * A migrated database that disappears afterwards: embedded PGlite in a temp dir, or, with
 * TANDEM_DATABASE_URL set, a fresh database on that server.
 */
export async function openBenchDatabase(): Promise<{
  database: Database;
  cleanup(): Promise<void>;
  label: string;
}> {
  const config = loadConfig({ ...process.env, TANDEM_LOG_LEVEL: 'silent', TANDEM_DEMO_SEED: 'never' });
  const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
  if (!config.TANDEM_DATABASE_URL) {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
    const database = await openDatabase({ ...config, TANDEM_DATA_DIR: dir }, logger, {
      migrate: true,
      dataDir: dir,
    });
    return {
      database,
      label: 'embedded PGlite (one connection)',
      async cleanup() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const scratch = await createScratchDatabase(config.TANDEM_DATABASE_URL, 'tandem_bench');
  const database = await openDatabase({ ...config, TANDEM_DATABASE_URL: scratch.url }, logger, {
    migrate: true,
  });
  return {
    database,
    label: `PostgreSQL ${new URL(scratch.url).host}/${scratch.name} (pool ${config.TANDEM_DB_POOL_MAX})`,
    async cleanup() {
      await database.close();
      // TANDEM_BENCH_KEEP=1 leaves the seeded database for EXPLAIN ANALYZE and reruns.
      if (process.env.TANDEM_BENCH_KEEP) console.log(`kept database ${scratch.name}`);
      else await scratch.drop();
    },
  };
}

/** Throughput and latency of one measured run. */
export interface Throughput {
  ops: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export function throughput(latencies: number[], errors: number, seconds: number): Throughput {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    ops: sorted.length,
    errors,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

/**
 * Counts every statement any pg client in this process sends, to report round trips per operation.
 * Returns the running total; call it before and after a run.
 */
export function countStatements(): () => number {
  let statements = 0;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  return () => statements;
}
