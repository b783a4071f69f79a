import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, TEST_PASSWORD, type TestContext } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';
import { describeUserAgent } from './device-sessions.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** Signs in from a browser; returns what that browser would send on later requests. */
async function signIn(email: string, userAgent: string) {
  const res = await call(t.app, 'POST', '/api/v1/auth/login', {
    body: { email, password: TEST_PASSWORD },
    headers: { 'user-agent': userAgent },
  });
  expect(res.status).toBe(200);
  const jar = Object.fromEntries(res.response.cookies.map((c) => [c.name, c.value]));
  const cookie = `tandem_session=${jar.tandem_session}; tandem_csrf=${jar.tandem_csrf}`;
  return { headers: { cookie, 'x-csrf-token': res.body.csrfToken as string } };
}

async function auditActions(objectId: string) {
  return withSystem(t.database.db, (tx) =>
    tx
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('object_id', '=', objectId)
      .orderBy('seq')
      .execute(),
  );
}

describe('describeUserAgent', () => {
  it('names browser and OS a person recognises', () => {
    expect(describeUserAgent(FIREFOX_WINDOWS).device).toBe('Firefox 128 on Windows 10');
    expect(describeUserAgent(CHROME_MAC).device).toMatch(/^Chrome 126 on Mac OS/);
    expect(describeUserAgent(null).device).toBe('Unknown device');
    expect(describeUserAgent('curl/8.5.0').device.length).toBeGreaterThan(0);
  });
});

describe('my sessions', () => {
  it('lists my devices by non-secret id, marks this one, and signs another out', async () => {
    const admin = await t.make.user('brand_admin');
    const laptop = await signIn(admin.email, FIREFOX_WINDOWS);
    const desktop = await signIn(admin.email, CHROME_MAC);

    const list = await call(t.app, 'GET', '/api/v1/auth/sessions', laptop);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const [mine] = list.body.items.filter((s: { current: boolean }) => s.current);
    expect(mine).toMatchObject({ device: 'Firefox 128 on Windows 10', current: true });
    expect(mine.ip).toBeTruthy();
    const other = list.body.items.find((s: { current: boolean }) => !s.current);
    expect(other.device).toMatch(/^Chrome 126/);
    // Nothing that could be replayed as the cookie: no token, no hash.
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(desktop.headers.cookie.split(';')[0]!.split('=')[1]);
    expect(text).not.toMatch(/token|hash/i);

    const ended = await call(t.app, 'DELETE', `/api/v1/auth/sessions/${other.id}`, laptop);
    expect(ended.status).toBe(204);
    // The signed-out device's cookie no longer works; this one still does.
    expect((await call(t.app, 'GET', '/api/v1/auth/me', desktop)).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/auth/me', laptop)).status).toBe(200);
    expect((await call(t.app, 'GET', '/api/v1/auth/sessions', laptop)).body.items).toHaveLength(1);
    expect(await auditActions(admin.userId)).toContainEqual({
      action: 'session.revoked',
      details: { session_id: other.id },
    });
  });

  it('cannot end someone else’s session: 404', async () => {
    const a = await t.make.user('brand_admin');
    const b = await t.make.user('brand_admin');
    const aBrowser = await signIn(a.email, FIREFOX_WINDOWS);
    const bBrowser = await signIn(b.email, CHROME_MAC);
    const [bSession] = (await call(t.app, 'GET', '/api/v1/auth/sessions', bBrowser)).body.items;
    const res = await call(t.app, 'DELETE', `/api/v1/auth/sessions/${bSession.id}`, aBrowser);
    expect(res.status).toBe(404);
    expect((await call(t.app, 'GET', '/api/v1/auth/me', bBrowser)).status).toBe(200);
  });

  it('with an API token, lists my sessions with none marked current', async () => {
    const agent = await t.make.user('agent', (await t.make.vendor()).id);
    await signIn(agent.email, FIREFOX_WINDOWS);
    const res = await call(t.app, 'GET', '/api/v1/auth/sessions', { token: agent.token });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].current).toBe(false);
  });
});

describe('an admin’s view of a user’s sessions', () => {
  it('a brand admin lists and ends every session of a user, and it is audited', async () => {
    const admin = await t.make.user('brand_admin');
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const one = await signIn(agent.email, FIREFOX_WINDOWS);
    const two = await signIn(agent.email, CHROME_MAC);
    const list = await call(t.app, 'GET', `/api/v1/users/${agent.userId}/sessions`, { token: admin.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const res = await call(t.app, 'DELETE', `/api/v1/users/${agent.userId}/sessions`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sessionsEnded: 2 });
    expect((await call(t.app, 'GET', '/api/v1/auth/me', one)).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/auth/me', two)).status).toBe(401);
    // Sessions only: the agent's API token still works.
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { token: agent.token })).status).toBe(200);
    expect(await auditActions(agent.userId)).toContainEqual({
      action: 'user.sessions_revoked',
      details: { email: agent.email, sessions_ended: 2 },
    });
  });

  it('a vendor admin manages their vendor’s users and not another vendor’s (404)', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const adminA = await t.make.user('vendor_admin', a.id);
    const agentA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    const bBrowser = await signIn(agentB.email, CHROME_MAC);
    await signIn(agentA.email, CHROME_MAC);

    const own = await call(t.app, 'GET', `/api/v1/users/${agentA.userId}/sessions`, { token: adminA.token });
    expect(own.status).toBe(200);
    expect(own.body.items).toHaveLength(1);

    const list = await call(t.app, 'GET', `/api/v1/users/${agentB.userId}/sessions`, { token: adminA.token });
    expect(list.status).toBe(404);
    const end = await call(t.app, 'DELETE', `/api/v1/users/${agentB.userId}/sessions`, {
      token: adminA.token,
    });
    expect(end.status).toBe(404);
    expect((await call(t.app, 'GET', '/api/v1/auth/me', bBrowser)).status).toBe(200);
  });

  it('an agent may not look at anyone’s sessions', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const peer = await t.make.user('agent', vendor.id);
    const res = await call(t.app, 'GET', `/api/v1/users/${peer.userId}/sessions`, { token: agent.token });
    expect(res.status).toBe(403);
  });
});
