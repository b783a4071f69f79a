import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/harness.js';
import { connectRealtime, type RealtimeClient } from '../../../test/realtime-client.js';

/**
 * A client that stops reading must be cut off by its backlog, not by the heartbeat: this app pings
 * only every 300 s, so within the test nothing but the buffered-bytes limit can close a socket.
 */

let t: TestContext;
let base: string;
const clients: RealtimeClient[] = [];
beforeAll(async () => {
  t = await startTestApp({
    TANDEM_REALTIME_HEARTBEAT_SECONDS: '300',
    TANDEM_REALTIME_MAX_BUFFERED_BYTES: '65536',
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await t.close();
});

describe('realtime backpressure', () => {
  it('closes a client that stops reading once its backlog passes the limit, without holding up the others', async () => {
    const slow = await connectRealtime(base, { token: (await t.make.user('brand_analyst')).token });
    const fast = await connectRealtime(base, { token: (await t.make.user('brand_analyst')).token });
    clients.push(slow, fast);
    expect(t.app.websocketServer.clients.size).toBe(2);
    slow.socket.pause();
    const subject = crypto.randomUUID();
    const padding = 'x'.repeat(5000);
    let published = 0;
    // Publish until the server has let go of the stalled socket; kernel buffers absorb a few MB first.
    while (t.app.websocketServer.clients.size === 2 && published < 4000) {
      await Promise.all(
        Array.from({ length: 20 }, () =>
          t.bus.publishEphemeral({
            organization_id: t.organizationId,
            vendor_id: null,
            type: 'ticket.agent_viewing',
            subject_id: subject,
            payload: { n: published++, padding },
          }),
        ),
      );
    }
    for (let i = 0; i < 50 && t.app.websocketServer.clients.size === 2; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(t.app.websocketServer.clients.size).toBe(1);

    const mine = () => fast.signals().filter((s) => s.subject_id === subject).length;
    await fast.waitFor(() => mine() === published, 20_000);
    expect(mine()).toBe(published);
    expect(fast.socket.readyState).toBe(fast.socket.OPEN);

    slow.socket.resume();
    // 4008 if the client still reads the close frame; 1006 once the server gave up and cut it.
    expect([4008, 1006]).toContain((await slow.closed).code);
    expect(slow.signals().filter((s) => s.subject_id === subject).length).toBeLessThan(published);
  }, 120_000);
});
