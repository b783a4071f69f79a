import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../logging.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrate } from './migrator.js';
import type { DB } from './schema.js';

// Timestamps travel as ISO-8601 strings end to end; counts and ticket numbers fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => new Date(v).toISOString());
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/**
 * A pg client that prepares every parameterised statement once per connection (named by a hash of its
 * text) and afterwards only binds and executes it. Kysely emits the same text for the same query shape,
 * so the hot paths skip parsing and, once PostgreSQL settles on a generic plan, planning too; that
 * planning is the costly part of statements under row-level security policies.
 */
class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; this passes them through.
  override query(...args: any[]): any {
    const [first, values] = args;
    if (typeof first === 'string' && Array.isArray(values) && values.length > 0) {
      args[0] = { text: first, values, name: statementName(first) };
      args.splice(1, 1);
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    // A simple-protocol message with several statements yields one result each; callers (Kysely,
    // withActor's framed BEGIN) want the last one, the statement whose rows they asked for.
    if (result instanceof Promise) {
      return result.then((r: unknown) => (Array.isArray(r) ? r[r.length - 1] : r));
    }
    return result;
  }
}

/**
 * PGlite has one backend session whatever the socket: a replacement client (after an error) meets the
 * statements its predecessor prepared in that session, and pg would prepare them again and fail with
 * "prepared statement … already exists". So it clears them as part of connecting, before the pool
 * hands it out (a 'connect' listener would run alongside the first query on the same connection).
 */
class EmbeddedClient extends PreparingClient {
  // biome-ignore lint/suspicious/noExplicitAny: pg's connect() has a callback and a promise form.
  override connect(...args: any[]): any {
    const callback = args[0] as ((err: Error | null, client?: pg.Client) => void) | undefined;
    const ready = super
      .connect()
      .then(() => super.query('deallocate all'))
      .then(() => this);
    if (!callback) return ready;
    ready.then(
      (client) => callback(null, client),
      (err: Error) => callback(err),
    );
  }
}

const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `t${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    // Shapes are few (bounded by the code), but a runaway caller must not grow this forever.
    if (statementNames.size > 5000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

export interface Database {
  db: Kysely<DB>;
  pool: pg.Pool;
  connectionString: string;
  embedded: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Apply pending migrations before returning (start, tests). */
  migrate?: boolean;
  /** Override the data dir (tests use ':memory:'). */
  dataDir?: string;
}

export async function openDatabase(
  config: Pick<Config, 'TANDEM_DATABASE_URL' | 'TANDEM_DATA_DIR' | 'TANDEM_DB_POOL_MAX'>,
  logger: Logger,
  options: OpenOptions = {},
): Promise<Database> {
  const embedded = config.TANDEM_DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(options.dataDir ?? config.TANDEM_DATA_DIR);
  const connectionString = embedded?.connectionString ?? config.TANDEM_DATABASE_URL!;
  // PGlite is a single backend: one connection keeps every transaction's messages together.
  const pool = new pg.Pool({
    connectionString,
    max: embedded ? 1 : config.TANDEM_DB_POOL_MAX,
    Client: embedded ? EmbeddedClient : PreparingClient,
    // PGlite has one backend session whatever the socket: keep its one client for good.
    ...(embedded ? { idleTimeoutMillis: 0 } : {}),
  });
  pool.on('error', (err) => logger.error({ err }, 'idle database connection failed'));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const { rows } = await pool.query<{ v: number }>("select current_setting('server_version_num')::int as v");
  if ((rows[0]?.v ?? 0) < 150000) {
    await pool.end();
    throw new Error(`PostgreSQL ${rows[0]?.v} is too old: Tandem needs PostgreSQL 15 or newer.`);
  }
  if (options.migrate) {
    const applied = await migrate(pool);
    if (applied.length) logger.info({ applied }, 'migrations applied');
  }
  let closed = false;
  return {
    db,
    pool,
    connectionString,
    embedded: Boolean(embedded),
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      // Kysely ends the pool only if it ever used it; migrate and pg-boss use the pool directly.
      if (!pool.ended) await pool.end();
      await embedded?.stop();
    },
  };
}
