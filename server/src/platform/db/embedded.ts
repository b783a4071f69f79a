import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  connectionString: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite on a data directory and serves it over the PostgreSQL wire protocol on a loopback port,
 * so the same `pg` pool, migrator and pg-boss run in embedded and external mode alike.
 * dataDir ':memory:' keeps everything in memory (tests).
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  let location: string | undefined;
  if (dataDir !== ':memory:') {
    location = resolve(dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
  }
  const db = await PGlite.create(location);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  return {
    connectionString: `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      // close() checkpoints and releases the data directory, so a clean stop loses nothing committed.
      await db.close();
    },
  };
}
