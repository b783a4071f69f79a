import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { applyRealtimeEvent, type RealtimeEvent } from './cache-patch';

export type RealtimeStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

type ServerMessage =
  | { v: 1; type: 'hello'; last_event_id: number; user_id: string }
  | { v: 1; type: 'event'; event: RealtimeEvent }
  | { v: 1; type: 'signal'; signal: RealtimeEvent }
  | { v: 1; type: 'error'; code: string; message: string };

/**
 * The console's live feed: GET /api/v1/realtime (session cookie; same origin). On every (re)connect
 * it first reads what it missed from GET /api/v1/events?after=<last id seen>, then applies pushes as
 * they come; an event already applied (by id) is skipped, so the catch-up and the push may overlap.
 */
export class RealtimeClient {
  #socket: WebSocket | null = null;
  #lastEventId: number | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  #status: RealtimeStatus = 'connecting';
  #listeners = new Set<(status: RealtimeStatus) => void>();
  #pending: string | null = null;
  #eventListeners = new Set<(event: RealtimeEvent) => void>();

  constructor(
    private readonly client: QueryClient,
    private readonly url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/realtime`,
  ) {}

  get status() {
    return this.#status;
  }

  onStatus(listener: (status: RealtimeStatus) => void) {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Every event applied (pushed or caught up), for screens that refetch a summary instead of patching. */
  onEvent(listener: (event: RealtimeEvent) => void) {
    this.#eventListeners.add(listener);
    return () => {
      this.#eventListeners.delete(listener);
    };
  }

  #apply(event: RealtimeEvent) {
    applyRealtimeEvent(this.client, event);
    for (const listener of this.#eventListeners) listener(event);
  }

  start() {
    this.#stopped = false;
    this.#connect();
  }

  stop() {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#socket?.close(1000, 'signed out');
    this.#socket = null;
    this.#setStatus('closed');
  }

  /** Collision signals: the agent is viewing or typing on a ticket, or stopped. */
  signal(type: 'viewing' | 'typing', ticketId: string): void;
  signal(type: 'stopped'): void;
  signal(type: 'viewing' | 'typing' | 'stopped', ticketId?: string) {
    const text = JSON.stringify(type === 'stopped' ? { v: 1, type } : { v: 1, type, ticket_id: ticketId });
    // The latest state wins: sent now if connected, else on the next connect.
    this.#pending = type === 'stopped' ? null : text;
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(text);
  }

  #setStatus(status: RealtimeStatus) {
    this.#status = status;
    for (const listener of this.#listeners) listener(status);
  }

  #connect() {
    if (this.#stopped) return;
    const socket = new WebSocket(this.url);
    this.#socket = socket;
    socket.onmessage = (message) => {
      let data: ServerMessage;
      try {
        data = JSON.parse(String(message.data)) as ServerMessage;
      } catch {
        return;
      }
      this.#receive(data).catch(() => socket.close(4000, 'catch-up failed'));
    };
    socket.onclose = () => {
      if (this.#socket !== socket || this.#stopped) return;
      this.#socket = null;
      this.#setStatus('reconnecting');
      // Back off to at most 30 s, with jitter so a restarted server is not hit by everyone at once.
      const delay = Math.min(30_000, 500 * 2 ** this.#attempt++) * (0.5 + Math.random() / 2);
      this.#timer = setTimeout(() => this.#connect(), delay);
    };
  }

  async #receive(message: ServerMessage) {
    if (message.type === 'hello') {
      this.#attempt = 0;
      if (this.#lastEventId !== null && this.#lastEventId < message.last_event_id) await this.#catchUp();
      this.#lastEventId = Math.max(this.#lastEventId ?? 0, message.last_event_id);
      if (this.#pending) this.#socket?.send(this.#pending);
      this.#setStatus('live');
    } else if (message.type === 'event') {
      if (this.#lastEventId !== null && message.event.id <= this.#lastEventId) return;
      this.#lastEventId = message.event.id;
      this.#apply(message.event);
    } else if (message.type === 'signal') {
      this.#apply(message.signal);
    }
  }

  async #catchUp() {
    let after = this.#lastEventId ?? 0;
    for (;;) {
      const page = unwrap(await api.GET('/api/v1/events', { params: { query: { after, limit: 500 } } }));
      for (const event of page.items) this.#apply(event);
      after = page.last_id;
      this.#lastEventId = after;
      if (!page.has_more) return;
    }
  }
}
