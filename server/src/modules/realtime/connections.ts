import type { WebSocket } from 'ws';
import type { Actor } from '../../platform/db/transaction.js';
import type { Logger } from '../../platform/logging.js';
import type { BusEvent, EventBus } from '../../platform/realtime/event-bus.js';
import { PROTOCOL_VERSION, viewOf } from './audience.js';

/**
 * The agent sockets open on this process. Each committed event from the bus is judged per socket by
 * the audience rules and sent without waiting: a socket whose unsent bytes pass the limit is closed as
 * too slow, so one stalled client never holds up the others. A heartbeat pings every socket, drops
 * those that did not answer the previous ping, and re-checks each socket's session or token.
 */

export const CLOSE = {
  /** The session ended (logout, expiry) or the token was revoked. */
  authEnded: 4001,
  /** The client did not read fast enough. */
  tooSlow: 4008,
  /** The server is shutting down: reconnect (to another process) and catch up. */
  goingAway: 1001,
} as const;

export interface Connection {
  socket: WebSocket;
  actor: Actor;
  displayName: string;
  /** Answers whether the credential the socket opened with still holds. */
  stillValid(): Promise<boolean>;
  alive: boolean;
  /** The ticket this socket last announced viewing/typing on, to announce 'stopped' on close. */
  signalling: string | null;
}

export interface HubOptions {
  heartbeatMs: number;
  maxPerUser: number;
  maxBufferedBytes: number;
}

export interface HubHooks {
  /** Called each heartbeat with the users who hold a socket here. */
  onHeartbeat(userIds: string[]): Promise<void>;
  /** Called when the last socket of a user on this process closed. */
  onLastClosed(actor: Actor): void;
}

export class RealtimeHub {
  readonly #byUser = new Map<string, Set<Connection>>();
  readonly #timer: NodeJS.Timeout;
  readonly #unsubscribe: () => void;

  constructor(
    bus: EventBus,
    private readonly options: HubOptions,
    private readonly hooks: HubHooks,
    private readonly logger: Logger,
  ) {
    this.#unsubscribe = bus.subscribe((event) => this.deliver(event));
    this.#timer = setInterval(() => void this.heartbeat(), options.heartbeatMs);
    this.#timer.unref();
  }

  /** Whether the user may open another socket on this process. */
  hasRoomFor(userId: string): boolean {
    return (this.#byUser.get(userId)?.size ?? 0) < this.options.maxPerUser;
  }

  /** Whether the user holds any socket on this process. */
  holds(userId: string): boolean {
    return this.#byUser.has(userId);
  }

  get size(): number {
    let n = 0;
    for (const set of this.#byUser.values()) n += set.size;
    return n;
  }

  add(connection: Connection) {
    const { userId } = connection.actor;
    const set = this.#byUser.get(userId) ?? new Set();
    set.add(connection);
    this.#byUser.set(userId, set);
    connection.socket.on('pong', () => {
      connection.alive = true;
    });
  }

  remove(connection: Connection) {
    const { userId } = connection.actor;
    const set = this.#byUser.get(userId);
    if (!set?.delete(connection)) return;
    if (set.size === 0) {
      this.#byUser.delete(userId);
      this.hooks.onLastClosed(connection.actor);
    }
  }

  /** Sends one message; closes the socket instead when it has fallen too far behind. */
  send(connection: Connection, message: Record<string, unknown>) {
    this.sendText(connection, JSON.stringify({ v: PROTOCOL_VERSION, ...message }));
  }

  private sendText(connection: Connection, text: string) {
    const { socket } = connection;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount + text.length > this.options.maxBufferedBytes) {
      this.logger.warn({ userId: connection.actor.userId }, 'realtime client too slow; closing');
      socket.close(CLOSE.tooSlow, 'too slow: reconnect and catch up with GET /api/v1/events');
      // A client that does not read will not read the close frame either.
      setTimeout(() => socket.terminate(), 1000).unref();
      this.remove(connection);
      return;
    }
    socket.send(text);
  }

  deliver(event: BusEvent) {
    // A deactivated (deprovisioned) user's sockets close now, not at the next heartbeat's re-check.
    if (event.type === 'user.deactivated')
      for (const connection of this.#byUser.get(event.subject_id) ?? [])
        connection.socket.close(CLOSE.authEnded, 'signed out: the account was deactivated');
    // Most sockets see the same view of an event: serialise each distinct view once.
    const serialised = new Map<string, string>();
    for (const set of this.#byUser.values()) {
      for (const connection of set) {
        const visible = viewOf(connection.actor, event);
        if (!visible) continue;
        const kind = event.ephemeral ? 'signal' : 'event';
        let text = serialised.get(visible.kind);
        if (text === undefined) {
          text = JSON.stringify({ v: PROTOCOL_VERSION, type: kind, [kind]: visible.view });
          serialised.set(visible.kind, text);
        }
        this.sendText(connection, text);
      }
    }
  }

  private async heartbeat() {
    const all = [...this.#byUser.values()].flatMap((set) => [...set]);
    for (const connection of all) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
    try {
      const checks = await Promise.all(all.map((c) => c.stillValid().catch(() => true)));
      all.forEach((connection, i) => {
        if (!checks[i]) connection.socket.close(CLOSE.authEnded, 'signed out: the session or token ended');
      });
      await this.hooks.onHeartbeat([...this.#byUser.keys()]);
    } catch (err) {
      this.logger.warn({ err }, 'realtime heartbeat failed');
    }
  }

  close() {
    clearInterval(this.#timer);
    this.#unsubscribe();
    for (const set of this.#byUser.values())
      for (const connection of set) connection.socket.close(CLOSE.goingAway, 'server shutting down');
    this.#byUser.clear();
  }
}
