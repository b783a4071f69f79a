import { WebSocket } from 'ws';

/** A real WebSocket client of /api/v1/realtime that keeps every message it received, for assertions. */
export interface RealtimeClient {
  socket: WebSocket;
  /** Every parsed server message, in arrival order. */
  messages: any[];
  /** Event views received (type 'event'), in order. */
  events(): any[];
  signals(): any[];
  waitFor(match: (message: any) => boolean, timeoutMs?: number): Promise<any>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export function realtimeUrl(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}/api/v1/realtime`;
}

/** Connects and waits for the server's hello. Rejects with the HTTP status when the upgrade is refused. */
export function connectRealtime(
  baseUrl: string,
  auth: { token?: string; cookie?: string; origin?: string },
): Promise<RealtimeClient> {
  const headers: Record<string, string> = {};
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.origin) headers.origin = auth.origin;
  const socket = new WebSocket(realtimeUrl(baseUrl), { headers });
  const messages: any[] = [];
  const waiters = new Set<{ match: (m: any) => boolean; resolve: (m: any) => void }>();
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString());
    messages.push(message);
    for (const w of waiters) {
      if (w.match(message)) {
        waiters.delete(w);
        w.resolve(message);
      }
    }
  });
  const client: RealtimeClient = {
    socket,
    messages,
    events: () => messages.filter((m) => m.type === 'event').map((m) => m.event),
    signals: () => messages.filter((m) => m.type === 'signal').map((m) => m.signal),
    waitFor(match, timeoutMs = 5000) {
      const already = messages.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`no matching realtime message in ${timeoutMs} ms`));
        }, timeoutMs).unref();
      });
    },
    closed,
    async close() {
      if (socket.readyState === socket.CLOSED) return;
      socket.close();
      await closed;
    },
  };
  return new Promise((resolve, reject) => {
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () =>
        reject(
          Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode, body }),
        ),
      );
    });
    socket.on('error', reject);
    client.waitFor((m) => m.type === 'hello').then(() => resolve(client), reject);
  });
}
