import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, TEST_PASSWORD, type TestContext, type TestUser } from '../../../test/harness.js';
import {
  freePort,
  signInThrough,
  startOidcProvider,
  type TestIdentityProvider,
} from '../../../test/oidc-provider.js';

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider) on loopback: the whole
 * redirect dance over HTTP, with the provider's own sign-in and consent pages filled in.
 */

let t: TestContext;
let base: string;
let idp: TestIdentityProvider;
let admin: TestUser;
let pacific: { id: string };
let andes: { id: string };
let andesAgent: TestUser;
let providerId: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await startTestApp({ TANDEM_PUBLIC_URL: base });
  await t.app.listen({ port, host: '127.0.0.1' });
  admin = await t.make.user('brand_admin');
  pacific = await t.make.vendor({ name: 'Pacific' });
  andes = await t.make.vendor({ name: 'Andes' });
  andesAgent = await t.make.user('agent', andes.id, { email: 'ana@andes.test' });
  idp = await startOidcProvider({
    redirectUris: () => [`${base}/api/v1/auth/sso/${providerId}/callback`],
    accounts: {
      maria: { email: 'Maria@Pacific.test', name: 'Maria Santos', groups: ['cc-agents'] },
      lead: { email: 'lead@pacific.test', name: 'Lead Person', groups: ['cc-agents', 'cc-leads'] },
      intruder: { email: 'ana@andes.test', name: 'Not Ana', groups: ['cc-leads'] },
      admin: { email: admin.email, name: 'Brand Admin', groups: ['cc-leads'] },
      nobody: { email: 'nobody@pacific.test', name: 'No Group', groups: ['kitchen'] },
      unverified: {
        email: 'unverified@pacific.test',
        name: 'U',
        groups: ['cc-agents'],
        email_verified: false,
      },
    },
  });
  providerId = (await providerFor(pacific.id)).id;
}, 60_000);
afterAll(async () => {
  await idp?.close();
  await t?.close();
});

/** The test provider as the Pacific vendor's identity provider, through the API. */
async function providerFor(vendorId: string, extra: Record<string, unknown> = {}) {
  const created = await call(t.app, 'POST', '/api/v1/sso/providers', {
    token: admin.token,
    body: {
      vendor_id: vendorId,
      name: 'Pacific SSO',
      issuer: idp.issuer,
      client_id: idp.clientId,
      client_secret: idp.clientSecret,
      role_map: { 'cc-agents': 'agent', 'cc-leads': 'team_lead' },
      ...extra,
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

describe('single sign-on with OpenID Connect', () => {
  const start = (redirect = '/tickets') =>
    `${base}/api/v1/auth/sso/${providerId}/start?redirect=${encodeURIComponent(redirect)}`;

  it('creates a vendor’s user with the role their groups map to, and signs them in', async () => {
    const options = await call(t.app, 'GET', '/api/v1/auth/sso/options');
    expect(options.body.items).toEqual([{ id: providerId, name: 'Pacific SSO' }]);
    const end = await signInThrough(start('/tickets/abc'), 'lead');
    expect(end.url.pathname).toBe('/tickets/abc');
    const session = end.jar.get(new URL(base).host)?.get('tandem_session');
    expect(session).toBeTruthy();
    const me = await fetch(`${base}/api/v1/auth/me`, { headers: { cookie: `tandem_session=${session}` } });
    expect(await me.json()).toMatchObject({
      email: 'lead@pacific.test',
      role: 'team_lead',
      vendorId: pacific.id,
      displayName: 'Lead Person',
    });
    // The second sign-in finds the same user by the provider's subject.
    await signInThrough(start(), 'lead');
    const users = await t.database.pool.query(
      `select count(*)::int as n from users where lower(email) = 'lead@pacific.test'`,
    );
    expect(users.rows[0].n).toBe(1);
    const audit = await t.database.pool.query(
      `select action, actor_label from audit_log where action in ('user.created', 'user.sso_linked') and details->>'email' = 'lead@pacific.test' or (action = 'user.sso_linked' and details->>'subject' = 'lead')`,
    );
    expect(audit.rows.map((r) => r.action).sort()).toEqual(['user.created', 'user.sso_linked']);
    expect(audit.rows[0].actor_label).toBe('system: sso: Pacific SSO');
  });

  it('never signs in another vendor’s or the brand’s user, whatever email the provider asserts', async () => {
    for (const login of ['intruder', 'admin']) {
      const end = await signInThrough(start(), login);
      expect(`${end.url.pathname}${end.url.search}`, login).toBe('/sign-in?sso_error=refused');
      expect(end.jar.get(new URL(base).host)?.get('tandem_session'), login).toBeUndefined();
    }
    const ana = await t.database.pool.query('select count(*)::int as n from sso_links where user_id = $1', [
      andesAgent.userId,
    ]);
    expect(ana.rows[0].n).toBe(0);
  });

  it('refuses a user whose groups grant no role, and an unverified email', async () => {
    for (const login of ['nobody', 'unverified']) {
      const end = await signInThrough(start(), login);
      expect(`${end.url.pathname}${end.url.search}`, login).toBe('/sign-in?sso_error=refused');
    }
    const made = await t.database.pool.query(
      `select count(*)::int as n from users where email in ('nobody@pacific.test', 'unverified@pacific.test')`,
    );
    expect(made.rows[0].n).toBe(0);
  });

  it('refuses a callback in another browser (state not in its cookie) and a replayed one', async () => {
    const first = await signInThrough(start(), 'maria');
    expect(first.url.pathname).toBe('/tickets');
    // Run again but stop at the callback: take the URL the provider sends back and open it cookie-less.
    const jar = new Map<string, Map<string, string>>();
    const startResponse = await fetch(start(), { redirect: 'manual' });
    const stateCookie = startResponse.headers.getSetCookie()[0]!.split(';')[0]!;
    const back = await signInThrough(startResponse.headers.get('location')!, 'maria', jar).catch(() => null);
    // signInThrough followed into our callback without our cookie: refused as started elsewhere.
    expect(back && `${back.url.pathname}${back.url.search}`).toBe('/sign-in?sso_error=expired');
    expect(stateCookie).toMatch(/^tandem_sso=/);
  });

  it('turns password sign-in off for the vendor, and only for it', async () => {
    const maria = await t.database.pool.query(`select id from users where email = 'maria@pacific.test'`);
    expect(maria.rows).toHaveLength(1);
    await t.database.pool.query(
      `update users set password_hash = (select password_hash from users where id = $1) where email = 'maria@pacific.test'`,
      [andesAgent.userId],
    );
    const before = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: 'maria@pacific.test', password: TEST_PASSWORD },
    });
    expect(before.status).toBe(200);
    const off = await call(t.app, 'PATCH', `/api/v1/sso/providers/${providerId}`, {
      token: admin.token,
      body: { password_login: false },
    });
    expect(off.body.password_login).toBe(false);
    const refused = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: 'maria@pacific.test', password: TEST_PASSWORD },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('single sign-on');
    const other = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: andesAgent.email, password: TEST_PASSWORD },
    });
    expect(other.status).toBe(200);
    await call(t.app, 'PATCH', `/api/v1/sso/providers/${providerId}`, {
      token: admin.token,
      body: { password_login: true },
    });
  });

  it('keeps the client secret sealed, never shows it, and lets only security admins manage providers', async () => {
    const raw = await t.database.pool.query('select client_secret from sso_providers where id = $1', [
      providerId,
    ]);
    expect(raw.rows[0].client_secret).toMatch(/^tdm1:/);
    expect(raw.rows[0].client_secret).not.toContain(idp.clientSecret);
    const list = await call(t.app, 'GET', '/api/v1/sso/providers', { token: admin.token });
    expect(JSON.stringify(list.body)).not.toContain(idp.clientSecret);
    const lead = await t.make.user('vendor_admin', pacific.id);
    const denied = await call(t.app, 'GET', '/api/v1/sso/providers', { token: lead.token });
    expect(denied.status).toBe(403);
    const second = await call(t.app, 'POST', '/api/v1/sso/providers', {
      token: admin.token,
      body: { vendor_id: pacific.id, name: 'Again', issuer: idp.issuer, client_id: 'x', client_secret: 'y' },
    });
    expect(second.status).toBe(409);
    const brandRole = await call(t.app, 'POST', '/api/v1/sso/providers', {
      token: admin.token,
      body: {
        vendor_id: andes.id,
        name: 'Andes SSO',
        issuer: 'https://login.andes.example',
        client_id: 'x',
        client_secret: 'y',
        role_map: { admins: 'brand_admin' },
      },
    });
    expect(brandRole.status).toBe(422);
    expect(brandRole.body.errors).toEqual([expect.objectContaining({ path: 'body.role_map.admins' })]);
    const plainHttp = await call(t.app, 'POST', '/api/v1/sso/providers', {
      token: admin.token,
      body: {
        vendor_id: andes.id,
        name: 'Andes SSO',
        issuer: 'http://login.andes.example',
        client_id: 'x',
        client_secret: 'y',
      },
    });
    expect(plainHttp.status).toBe(422);
    expect(plainHttp.body.errors).toEqual([expect.objectContaining({ path: 'body.issuer' })]);
  });
});
