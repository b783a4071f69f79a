import { WebSocket } from 'ws';

/**
 * A visitor's chat socket for tests and the benchmark: a real WebSocket client that keeps every
 * frame it receives and lets a test wait for the next one matching a predicate.
 */
export class ChatClient {
  readonly frames: any[] = [];
  private consumed = new Set<number>();
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)));
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static connect(url: string, headers?: Record<string, string>): Promise<ChatClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, headers ? { headers } : undefined);
      socket.once('open', () => resolve(new ChatClient(socket)));
      socket.once('error', reject);
    });
  }

  send(frame: unknown) {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame not yet taken that matches; waits for it up to timeoutMs. */
  async next(match: (frame: any) => boolean, timeoutMs = 10_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex((f, n) => !this.consumed.has(n) && match(f));
      if (i >= 0) {
        this.consumed.add(i);
        return this.frames[i];
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) {
        throw new Error(
          `no matching frame${this.closed ? ' (socket closed)' : ''}; got ${JSON.stringify(this.frames)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  type(type: string, timeoutMs?: number) {
    return this.next((f) => f.type === type, timeoutMs);
  }

  /** Says hello and returns the welcome frame. */
  async hello(org: string, extra: { token?: string; last_seq?: number; language?: string } = {}) {
    this.send({ type: 'hello', org, ...extra });
    return this.type('welcome');
  }

  /** Messages received so far, in the order they came. */
  messages(): any[] {
    return this.frames.filter((f) => f.type === 'message');
  }

  close() {
    this.socket.close();
  }

  /** Drops the connection without a closing handshake, like a lost network. */
  terminate() {
    this.socket.terminate();
  }
}
