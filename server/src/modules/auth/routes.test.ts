import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, TEST_PASSWORD, type TestContext } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp({ TANDEM_LOGIN_MAX_FAILURES: '3' });
});
afterAll(() => t.close());

function cookiesOf(res: { response: { cookies: Array<{ name: string; value: string }> } }) {
  return Object.fromEntries(res.response.cookies.map((c) => [c.name, c.value]));
}

async function login(email: string, password = TEST_PASSWORD) {
  return call(t.app, 'POST', '/api/v1/auth/login', { body: { email, password } });
}

describe('log-in sessions', () => {
  it('signs in with email and password into an HTTP-only, SameSite=Strict session cookie', async () => {
    const admin = await t.make.user('brand_admin');
    const res = await login(admin.email.toUpperCase());
    expect(res.status).toBe(200);
    expect(res.body.actor).toMatchObject({ userId: admin.userId, role: 'brand_admin', vendorId: null });
    const session = res.response.cookies.find((c: { name: string }) => c.name === 'tandem_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const me = await call(t.app, 'GET', '/api/v1/auth/me', {
      headers: { cookie: `tandem_session=${session.value}` },
    });
    expect(me.body.userId).toBe(admin.userId);
    // The header's name and vendor come in the same answer (the console's first paint waits on it).
    expect(me.body).toMatchObject({ email: admin.email, vendorName: null });
    expect(me.body.displayName.length).toBeGreaterThan(0);
    const vendor = await t.make.vendor({ name: 'Me Vendor' });
    const agent = await t.make.user('agent', vendor.id);
    const agentMe = await call(t.app, 'GET', '/api/v1/auth/me', { token: agent.token });
    expect(agentMe.body).toMatchObject({ vendorId: vendor.id, vendorName: 'Me Vendor', email: agent.email });
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const admin = await t.make.user('brand_admin');
    const res = await login(admin.email);
    const jar = cookiesOf(res);
    const cookie = `tandem_session=${jar.tandem_session}; tandem_csrf=${jar.tandem_csrf}`;
    const body = { name: 'CSRF Vendor', kind: 'outsourced' };
    const without = await call(t.app, 'POST', '/api/v1/vendors', { body, headers: { cookie } });
    expect(without.status).toBe(403);
    expect(without.body.code).toBe('csrf');
    const forged = await call(t.app, 'POST', '/api/v1/vendors', {
      body,
      headers: { cookie, 'x-csrf-token': 'csrf_guess' },
    });
    expect(forged.status).toBe(403);
    const withToken = await call(t.app, 'POST', '/api/v1/vendors', {
      body,
      headers: { cookie, 'x-csrf-token': res.body.csrfToken },
    });
    expect(withToken.status).toBe(201);
  });

  it('binds the CSRF token to the session: a planted cookie or another session’s token is refused', async () => {
    const admin = await t.make.user('brand_admin');
    const mine = await login(admin.email);
    const theirs = await login((await t.make.user('brand_admin')).email);
    const session = cookiesOf(mine).tandem_session;
    const body = { name: 'Bound CSRF Vendor', kind: 'outsourced' };
    // Double submit alone is not enough: a cookie and header the attacker chose both match.
    const planted = await call(t.app, 'POST', '/api/v1/vendors', {
      body,
      headers: {
        cookie: `tandem_session=${session}; tandem_csrf=csrf_planted`,
        'x-csrf-token': 'csrf_planted',
      },
    });
    expect(planted.status).toBe(403);
    expect(planted.body.code).toBe('csrf');
    const borrowed = theirs.body.csrfToken as string;
    const crossed = await call(t.app, 'POST', '/api/v1/vendors', {
      body,
      headers: { cookie: `tandem_session=${session}; tandem_csrf=${borrowed}`, 'x-csrf-token': borrowed },
    });
    expect(crossed.status).toBe(403);
    // The session's own token works, with or without the CSRF cookie beside it.
    const own = await call(t.app, 'POST', '/api/v1/vendors', {
      body,
      headers: { cookie: `tandem_session=${session}`, 'x-csrf-token': mine.body.csrfToken },
    });
    expect(own.status).toBe(201);
    expect(cookiesOf(mine).tandem_csrf).toBe(mine.body.csrfToken);
  });

  const loginFrom = (client: string, email: string, password = TEST_PASSWORD) =>
    t.app
      .inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: client,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ email, password }),
      })
      .then((r) => ({ status: r.statusCode, body: JSON.parse(r.body) }));

  it('throttles one account from one client after repeated failures, even for the right password, but not from elsewhere', async () => {
    const agentVendor = await t.make.vendor();
    const agent = await t.make.user('agent', agentVendor.id);
    const attacker = '198.51.100.7';
    for (let i = 0; i < 3; i++)
      expect((await loginFrom(attacker, agent.email, `wrong ${i}`)).status).toBe(401);
    const throttled = await loginFrom(attacker, agent.email);
    expect(throttled.status).toBe(429);
    expect(throttled.body.detail).toMatch(/try again in \d+ s/);
    // The attacker cannot lock the agent out: from the agent's own address the right password works.
    expect((await loginFrom('203.0.113.20', agent.email)).status).toBe(200);
    // Once the wait has passed, the right password works from the first address too.
    await withSystem(t.database.db, (tx) =>
      tx
        .updateTable('login_throttles')
        .set({ blocked_until: new Date(Date.now() - 1000).toISOString() })
        .execute(),
    );
    expect((await loginFrom(attacker, agent.email)).status).toBe(200);
  });

  it('answers an unknown account exactly as a real one, throttled included', async () => {
    const real = await t.make.user('agent', (await t.make.vendor()).id);
    const client = '198.51.100.8';
    const answers = async (email: string) => {
      const out: { status: number; detail: string }[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await loginFrom(client, email, `wrong ${i}`);
        out.push({ status: r.status, detail: String(r.body.detail).replace(/\d+ s/, 'N s') });
      }
      return out;
    };
    const forReal = await answers(real.email);
    const forNobody = await answers('nobody-at-all@example.test');
    expect(forNobody).toEqual(forReal);
    expect(forReal.map((a) => a.status)).toEqual([401, 401, 401, 429]);
    expect(forReal[0]!.detail).toBe('Email or password is wrong');
  });

  it('throttles a client that sprays many accounts', async () => {
    const client = '198.51.100.9';
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++)
      statuses.push((await loginFrom(client, `spray-${i}@example.test`, 'guess')).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  });

  it('ends the session at log-out', async () => {
    const admin = await t.make.user('brand_admin');
    const jar = cookiesOf(await login(admin.email));
    const cookie = `tandem_session=${jar.tandem_session}; tandem_csrf=${jar.tandem_csrf}`;
    const out = await call(t.app, 'POST', '/api/v1/auth/logout', {
      headers: { cookie, 'x-csrf-token': jar.tandem_csrf! },
    });
    expect(out.status).toBe(204);
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('changes the password only with the current one, and ends other sessions', async () => {
    const admin = await t.make.user('brand_admin');
    const other = cookiesOf(await login(admin.email));
    const wrong = await call(t.app, 'POST', '/api/v1/auth/password', {
      token: admin.token,
      body: { currentPassword: 'not it at all', newPassword: 'a much longer new secret' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].path).toBe('body.currentPassword');
    const short = await call(t.app, 'POST', '/api/v1/auth/password', {
      token: admin.token,
      body: { currentPassword: TEST_PASSWORD, newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].path).toBe('body.newPassword');
    const ok = await call(t.app, 'POST', '/api/v1/auth/password', {
      token: admin.token,
      body: { currentPassword: TEST_PASSWORD, newPassword: 'a much longer new secret' },
    });
    expect(ok.status).toBe(200);
    // The API token that made the call survives by default, and the answer says so.
    expect(ok.body).toEqual({ sessionsEnded: 1, tokensRevoked: 0, tokensRemaining: 1 });
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { token: admin.token })).status).toBe(200);
    expect((await login(admin.email)).status).toBe(401);
    expect((await login(admin.email, 'a much longer new secret')).status).toBe(200);
    const stale = await call(t.app, 'GET', '/api/v1/auth/me', {
      headers: { cookie: `tandem_session=${other.tandem_session}` },
    });
    expect(stale.status).toBe(401);
  });
});

describe('POST /auth/password with revokeTokens', () => {
  it('revokes every API token of the user, says how many, and leaves other users’ tokens working', async () => {
    const agent = await t.make.user('brand_admin');
    const bystander = await t.make.user('brand_admin');
    const second = await call(t.app, 'POST', '/api/v1/tokens', {
      token: agent.token,
      body: { name: 'second', scopes: ['tickets:read'] },
    });
    expect(second.status).toBe(201);
    const jar = cookiesOf(await login(agent.email));
    const cookie = `tandem_session=${jar.tandem_session}; tandem_csrf=${jar.tandem_csrf}`;
    const res = await call(t.app, 'POST', '/api/v1/auth/password', {
      headers: { cookie, 'x-csrf-token': jar.tandem_csrf! },
      body: { currentPassword: TEST_PASSWORD, newPassword: 'a much longer new secret', revokeTokens: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sessionsEnded: 0, tokensRevoked: 2, tokensRemaining: 0 });
    for (const token of [agent.token, second.body.token])
      expect((await call(t.app, 'GET', '/api/v1/auth/me', { token })).status).toBe(401);
    // The session that changed the password goes on; another user's token is untouched.
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { headers: { cookie } })).status).toBe(200);
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { token: bystander.token })).status).toBe(200);
  });
});

describe('GET /auth/me permissions', () => {
  it('lists the role’s permissions for a session, narrowed by a token’s scopes', async () => {
    const vendor = await t.make.vendor();
    const vendorAdmin = await t.make.user('vendor_admin', vendor.id);
    const session = cookiesOf(await login(vendorAdmin.email));
    const me = await call(t.app, 'GET', '/api/v1/auth/me', {
      headers: { cookie: `tandem_session=${session.tandem_session}` },
    });
    expect(me.status).toBe(200);
    expect(me.body.permissions).toContain('users:write');
    expect(me.body.permissions).toContain('sites:write');
    expect(me.body.permissions).not.toContain('vendors:write');
    expect(me.body.permissions).not.toContain('channels:manage');

    const agent = await t.make.user('agent', vendor.id);
    const agentMe = await call(t.app, 'GET', '/api/v1/auth/me', { token: agent.token });
    expect(agentMe.body.permissions).not.toContain('users:write');
    expect(agentMe.body.permissions).toContain('tickets:write');

    const created = await call(t.app, 'POST', '/api/v1/tokens', {
      token: vendorAdmin.token,
      body: { name: 'read only', scopes: ['tickets:read', 'vendors:read'] },
    });
    expect(created.status).toBe(201);
    const narrowed = await call(t.app, 'GET', '/api/v1/auth/me', { token: created.body.token });
    expect(narrowed.body.permissions.sort()).toEqual(['tickets:read', 'vendors:read']);
  });
});

describe('API tokens', () => {
  it('answers 401 problem+json without credentials and for an unknown token', async () => {
    const none = await call(t.app, 'GET', '/api/v1/vendors');
    expect(none.status).toBe(401);
    expect(none.response.headers['content-type']).toContain('application/problem+json');
    const unknown = await call(t.app, 'GET', '/api/v1/vendors', { token: 'tdm_not_a_real_token' });
    expect(unknown.status).toBe(401);
  });

  it('limits a token to its scopes, refuses scopes beyond the role, and stops working once revoked', async () => {
    const admin = await t.make.user('brand_admin');
    const created = await call(t.app, 'POST', '/api/v1/tokens', {
      token: admin.token,
      body: { name: 'read only', scopes: ['vendors:read'], expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^tdm_/);
    const readOnly = created.body.token as string;
    expect((await call(t.app, 'GET', '/api/v1/vendors', { token: readOnly })).status).toBe(200);
    const write = await call(t.app, 'POST', '/api/v1/vendors', {
      token: readOnly,
      body: { name: 'Nope', kind: 'outsourced' },
    });
    expect(write.status).toBe(403);
    expect(write.body.detail).toMatch(/scope vendors:write/);

    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const beyond = await call(t.app, 'POST', '/api/v1/tokens', {
      token: agent.token,
      body: { name: 'greedy', scopes: ['vendors:write'] },
    });
    expect(beyond.status).toBe(422);
    expect(beyond.body.errors[0].path).toBe('body.scopes');

    const revoked = await call(t.app, 'DELETE', `/api/v1/tokens/${created.body.id}`, { token: admin.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).not.toBeNull();
    expect((await call(t.app, 'GET', '/api/v1/vendors', { token: readOnly })).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const admin = await t.make.user('brand_admin');
    await withSystem(t.database.db, (tx) =>
      tx
        .updateTable('api_tokens')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('user_id', '=', admin.userId)
        .execute(),
    );
    expect((await call(t.app, 'GET', '/api/v1/vendors', { token: admin.token })).status).toBe(401);
  });

  it('never stores the secret, only its hash', async () => {
    const admin = await t.make.user('brand_admin');
    const created = await call(t.app, 'POST', '/api/v1/tokens', {
      token: admin.token,
      body: { name: 'x', scopes: ['vendors:read'] },
    });
    const rows = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('api_tokens').select('token_hash').execute(),
    );
    expect(rows.some((r) => r.token_hash.includes(created.body.token))).toBe(false);
    const keys = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('idempotency_keys').select('response').execute(),
    );
    expect(JSON.stringify(keys)).not.toContain(created.body.token);
  });

  it('lets a vendor admin see and revoke tokens of its own vendor only', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const adminA = await t.make.user('vendor_admin', a.id);
    const agentB = await t.make.user('agent', b.id);
    const tokenB = await call(t.app, 'POST', '/api/v1/tokens', {
      token: agentB.token,
      body: { name: 'b', scopes: ['tickets:read'] },
    });
    const list = await call(t.app, 'GET', '/api/v1/tokens?limit=200', { token: adminA.token });
    expect(list.body.items.some((x: { id: string }) => x.id === tokenB.body.id)).toBe(false);
    const revoke = await call(t.app, 'DELETE', `/api/v1/tokens/${tokenB.body.id}`, { token: adminA.token });
    expect(revoke.status).toBe(404);
  });
});
