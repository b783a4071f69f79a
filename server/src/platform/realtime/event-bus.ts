import pg from 'pg';
import type { Database } from '../db/database.js';
import type { Logger } from '../logging.js';

/**
 * Committed domain events as they happen, in every server process. The database announces each
 * outbox row with NOTIFY (migration 0003); each process LISTENs once and fans the events out to its
 * subscribers (WebSocket connections, chat sessions). Delivery is at most once per process: a client
 * that reconnects reads what it missed from the database, never from the bus.
 */

export const EVENT_CHANNEL = 'tandem_events';
/** Signals that matter only while they are fresh (typing, viewing) and are never stored. */
export const EPHEMERAL_CHANNEL = 'tandem_ephemeral';

export interface BusEvent {
  id: number;
  organization_id: string;
  vendor_id: string | null;
  type: string;
  subject_id: string;
  created_at: string;
  /** Absent when the event's payload was too large for a notification; read it by id. */
  payload?: Record<string, unknown>;
  /** True for a signal published with publishEphemeral (id is 0; nothing was stored). */
  ephemeral?: boolean;
}

export type EphemeralSignal = Pick<BusEvent, 'organization_id' | 'vendor_id' | 'type' | 'subject_id'> & {
  payload?: Record<string, unknown>;
};

export type BusListener = (event: BusEvent) => void;

export interface EventBus {
  subscribe(listener: BusListener): () => void;
  /**
   * Announces a short-lived signal (typing, viewing) to every process, outside any transaction and
   * without storing it. Listeners get it like an event, with ephemeral: true. Payload under 6 KB.
   */
  publishEphemeral(signal: EphemeralSignal): Promise<void>;
  close(): Promise<void>;
}

const RECONNECT_DELAY_MS = [250, 500, 1000, 2000, 5000];

export async function startEventBus(database: Database, logger: Logger): Promise<EventBus> {
  const listeners = new Set<BusListener>();
  const deliver = (message: pg.Notification) => {
    if ((message.channel !== EVENT_CHANNEL && message.channel !== EPHEMERAL_CHANNEL) || !message.payload)
      return;
    let event: BusEvent;
    try {
      event = JSON.parse(message.payload) as BusEvent;
      if (message.channel === EPHEMERAL_CHANNEL) event = { ...event, id: 0, ephemeral: true };
    } catch (err) {
      logger.error({ err }, 'unreadable event notification');
      return;
    }
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        logger.error({ err, eventId: event.id }, 'event listener failed');
      }
    }
  };
  const publishEphemeral = async (signal: EphemeralSignal) => {
    const text = JSON.stringify({ ...signal, created_at: new Date().toISOString() });
    if (Buffer.byteLength(text) > 7000) throw new Error('ephemeral signal too large for a notification');
    await database.pool.query('select pg_notify($1, $2)', [EPHEMERAL_CHANNEL, text]);
  };
  const subscribe = (listener: BusListener) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };

  if (database.embedded) {
    // PGlite is one backend behind the socket: a notification comes back on whichever connection ran
    // the COMMIT, which is always the pool's single connection. LISTEN once there and watch it.
    const watched = new WeakSet<pg.PoolClient>();
    const watch = (client: pg.PoolClient) => {
      if (watched.has(client)) return;
      watched.add(client);
      client.on('notification', deliver);
    };
    database.pool.on('connect', watch);
    const client = await database.pool.connect();
    try {
      watch(client);
      await client.query(`listen ${EVENT_CHANNEL}; listen ${EPHEMERAL_CHANNEL}`);
    } finally {
      client.release();
    }
    return {
      subscribe,
      publishEphemeral,
      async close() {
        listeners.clear();
        database.pool.off('connect', watch);
      },
    };
  }

  // External PostgreSQL: one dedicated connection outside the pool, reconnected if it drops.
  let client: pg.Client | undefined;
  let closed = false;
  let attempt = 0;
  const reconnectLater = () => {
    if (closed) return;
    const delay = RECONNECT_DELAY_MS[Math.min(attempt++, RECONNECT_DELAY_MS.length - 1)];
    logger.warn({ delay }, 'event listener disconnected; reconnecting');
    setTimeout(() => {
      if (!closed) connect().catch(reconnectLater);
    }, delay).unref();
  };
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: database.connectionString });
    next.on('notification', deliver);
    next.on('error', (err) => logger.warn({ err }, 'event listener connection failed'));
    try {
      await next.connect();
      await next.query(`listen ${EVENT_CHANNEL}; listen ${EPHEMERAL_CHANNEL}`);
    } catch (err) {
      await next.end().catch(() => {});
      throw err;
    }
    next.on('end', reconnectLater);
    client = next;
    attempt = 0;
  };
  await connect();
  return {
    subscribe,
    publishEphemeral,
    async close() {
      closed = true;
      listeners.clear();
      await client?.end();
    },
  };
}
