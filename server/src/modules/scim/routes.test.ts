import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, TEST_PASSWORD, type TestContext } from '../../../test/harness.js';
import { connectRealtime } from '../../../test/realtime-client.js';
import { withSystem } from '../../platform/db/transaction.js';
import { routingConsumer } from '../routing/index.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const SCIM_JSON = 'application/scim+json';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A SCIM request as an identity provider sends it: bearer token, application/scim+json. */
function scim(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  token: string,
  body?: unknown,
) {
  return t.app
    .inject({
      method,
      url: `/scim/v2${url}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': SCIM_JSON } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    })
    .then((r) => ({
      status: r.statusCode,
      type: r.headers['content-type'],
      location: r.headers.location,
      body: r.body ? JSON.parse(r.body) : null,
    }));
}

/** A vendor, its admin and a SCIM token issued by that admin. */
async function vendorWithToken() {
  const vendor = await t.make.vendor();
  const admin = await t.make.user('vendor_admin', vendor.id);
  const issued = await call(t.app, 'POST', `/api/v1/vendors/${vendor.id}/scim-tokens`, {
    token: admin.token,
    body: { name: 'Okta' },
  });
  expect(issued.status).toBe(201);
  return { vendor, admin, token: issued.body.token as string, tokenId: issued.body.id as string };
}

/** RFC 7643 §8.1's minimal user, made unique. */
const bjensen = (suffix: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER],
  userName: `bjensen.${suffix}@example.com`,
  externalId: `ext-${suffix}`,
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [{ value: `bjensen.${suffix}@example.com`, type: 'work', primary: true }],
  ...extra,
});

describe('SCIM tokens', () => {
  it('are issued by the vendor’s admin or a brand admin for one vendor, shown once, and good only for /scim/v2', async () => {
    const { vendor, admin, token, tokenId } = await vendorWithToken();
    expect(token).toMatch(/^scim_/);
    const brand = await t.make.user('brand_admin');
    const byBrand = await call(t.app, 'POST', `/api/v1/vendors/${vendor.id}/scim-tokens`, {
      token: brand.token,
      body: { name: 'Azure AD', default_role: 'team_lead' },
    });
    expect(byBrand.status).toBe(201);
    const listed = await call(t.app, 'GET', `/api/v1/vendors/${vendor.id}/scim-tokens`, {
      token: admin.token,
    });
    expect(listed.body.map((r: { id: string }) => r.id)).toContain(tokenId);
    expect(JSON.stringify(listed.body)).not.toContain(token);

    const other = await t.make.vendor();
    const foreign = await call(t.app, 'POST', `/api/v1/vendors/${other.id}/scim-tokens`, {
      token: admin.token,
      body: { name: 'x' },
    });
    expect(foreign.status).toBe(404);
    const agent = await t.make.user('agent', vendor.id);
    expect(
      (
        await call(t.app, 'POST', `/api/v1/vendors/${vendor.id}/scim-tokens`, {
          token: agent.token,
          body: { name: 'x' },
        })
      ).status,
    ).toBe(403);

    expect((await call(t.app, 'GET', '/api/v1/users', { token })).status).toBe(401);
    expect((await scim('GET', '/Users', admin.token)).status).toBe(401);
    const none = await t.app.inject({ method: 'GET', url: '/scim/v2/Users' });
    expect(none.statusCode).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ schemas: [ERROR], status: '401' });

    expect(
      (await call(t.app, 'DELETE', `/api/v1/scim-tokens/${tokenId}`, { token: admin.token })).status,
    ).toBe(204);
    expect((await scim('GET', '/Users', token)).status).toBe(401);
  });
});

describe('SCIM discovery (RFC 7643 §5-7)', () => {
  it('answers ServiceProviderConfig, ResourceTypes and Schemas as application/scim+json', async () => {
    const { token } = await vendorWithToken();
    const spc = await scim('GET', '/ServiceProviderConfig', token);
    expect(spc.status).toBe(200);
    expect(spc.type).toContain(SCIM_JSON);
    expect(spc.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      filter: { supported: true },
      bulk: { supported: false },
    });
    const types = await scim('GET', '/ResourceTypes', token);
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    const schemas = await scim('GET', '/Schemas', token);
    expect(schemas.body.Resources.map((r: { id: string }) => r.id)).toContain(USER);
  });
});

describe('SCIM users', () => {
  it('creates the RFC 7644 §3.3 user in the token’s vendor with the default role, and refuses a duplicate', async () => {
    const { vendor, token } = await vendorWithToken();
    const created = await scim('POST', '/Users', token, bjensen('create'));
    expect(created.status).toBe(201);
    expect(created.type).toContain(SCIM_JSON);
    expect(created.body).toMatchObject({
      schemas: [USER],
      userName: 'bjensen.create@example.com',
      externalId: 'ext-create',
      displayName: 'Barbara Jensen',
      active: true,
      roles: [{ value: 'agent' }],
      meta: { resourceType: 'User' },
    });
    expect(created.location).toBe(created.body.meta.location);
    const row = await t.database.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ vendor_id: vendor.id, role: 'agent', password_hash: null });

    const again = await scim('POST', '/Users', token, bjensen('create'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
    const bad = await scim('POST', '/Users', token, { schemas: [USER], userName: 'not an email' });
    expect(bad).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
    const role = await scim(
      'POST',
      '/Users',
      token,
      bjensen('lead', { roles: [{ value: 'team_lead', primary: true }] }),
    );
    expect(role.body.roles).toEqual([{ value: 'team_lead', primary: true }]);
    const charset = await t.app.inject({
      method: 'POST',
      url: '/scim/v2/Users',
      headers: { authorization: `Bearer ${token}`, 'content-type': `${SCIM_JSON}; charset=utf-8` },
      payload: JSON.stringify(bjensen('charset')),
    });
    expect(charset.statusCode).toBe(201);
    const brandRole = await scim(
      'POST',
      '/Users',
      token,
      bjensen('brandrole', { roles: [{ value: 'brand_admin' }] }),
    );
    expect(brandRole).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
  });

  it('filters by userName, emails.value, externalId and active, combined with and, and pages with startIndex and count', async () => {
    const { token } = await vendorWithToken();
    const ids: string[] = [];
    for (const s of ['f1', 'f2', 'f3']) ids.push((await scim('POST', '/Users', token, bjensen(s))).body.id);
    await scim('PATCH', `/Users/${ids[2]}`, token, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    const q = async (filter: string) => {
      const r = await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`, token);
      expect(r.status).toBe(200);
      return r.body.Resources.map((u: { id: string }) => u.id).sort();
    };
    expect(await q('userName eq "BJENSEN.f1@example.com"')).toEqual([ids[0]]);
    expect(await q('emails.value eq "bjensen.f2@example.com"')).toEqual([ids[1]]);
    expect(await q('externalId eq "ext-f3"')).toEqual([ids[2]]);
    expect(await q('active eq false')).toEqual([ids[2]]);
    expect(await q('userName sw "bjensen.f" and active eq true')).toEqual([ids[0], ids[1]].sort());
    expect(await q('userName eq "nobody@example.com"')).toEqual([]);
    expect((await q('displayName co "barbara JEN"')).length).toBe(3);
    expect(await q('externalId eq "EXT-F1"')).toEqual([]);
    expect(await q(`id eq "${ids[1]}" or id eq "not-a-uuid"`)).toEqual([ids[1]]);

    const page = await scim('GET', '/Users?startIndex=2&count=1', token);
    expect(page.body).toMatchObject({ totalResults: 4, startIndex: 2, itemsPerPage: 1 }); // 3 + the admin
    const invalid = await scim('GET', `/Users?filter=${encodeURIComponent('userName equals "x"')}`, token);
    expect(invalid).toMatchObject({ status: 400, body: { schemas: [ERROR], scimType: 'invalidFilter' } });
    const unknown = await scim('GET', `/Users?filter=${encodeURIComponent('nickName eq "x"')}`, token);
    expect(unknown.body.scimType).toBe('invalidFilter');
  });

  it('replaces with PUT and changes with PATCH in the forms Okta, Azure AD and RFC 7644 §3.5.2 send', async () => {
    const { token } = await vendorWithToken();
    const id = (await scim('POST', '/Users', token, bjensen('patch'))).body.id;
    const put = await scim(
      'PUT',
      `/Users/${id}`,
      token,
      bjensen('patch', { externalId: undefined, displayName: 'Babs Jensen' }),
    );
    expect(put.status).toBe(200);
    expect(put.body.displayName).toBe('Babs Jensen');
    expect(put.body.externalId).toBeUndefined();
    const rename = await scim('PATCH', `/Users/${id}`, token, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'name.givenName', value: 'Barb' },
        { op: 'add', path: 'externalId', value: 'okta-1' },
      ],
    });
    expect(rename.body).toMatchObject({ displayName: 'Barb', externalId: 'okta-1' });
    const userName = await scim('PATCH', `/Users/${id}`, token, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'userName', value: 'someone.else@example.com' }],
    });
    expect(userName).toMatchObject({ status: 400, body: { scimType: 'mutability' } });
    // Azure AD: a capitalised op and a string boolean.
    const azure = await scim('PATCH', `/Users/${id}`, token, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    expect(azure.body.active).toBe(false);
    // Okta: no path, an object value.
    const okta = await scim('PATCH', `/Users/${id}`, token, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: true } }],
    });
    expect(okta.body.active).toBe(true);
    expect((await scim('PATCH', `/Users/${id}`, token, { Operations: [{ op: 'move' }] })).body.scimType).toBe(
      'invalidSyntax',
    );
  });
});

describe('SCIM groups (the vendor’s teams)', () => {
  it('lists teams with members, matches by displayName, and moves people in and out with PATCH', async () => {
    const { vendor, token } = await vendorWithToken();
    const team = await t.make.team(vendor.id);
    const other = await t.make.team(vendor.id);
    const ana = await t.make.user('agent', vendor.id, { teamId: other.id });
    const ben = await t.make.user('agent', vendor.id);
    const list = await scim('GET', '/Groups', token);
    expect(list.body.totalResults).toBe(2);
    const byName = await scim(
      'GET',
      `/Groups?filter=${encodeURIComponent(`displayName eq "${team.name}"`)}`,
      token,
    );
    expect(byName.body.Resources.map((g: { id: string }) => g.id)).toEqual([team.id]);

    const added = await scim('PATCH', `/Groups/${team.id}`, token, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: ana.userId }, { value: ben.userId }] }],
    });
    expect(added.status).toBe(200);
    expect(added.body.members.map((m: { value: string }) => m.value).sort()).toEqual(
      [ana.userId, ben.userId].sort(),
    );
    expect((await scim('GET', `/Groups/${other.id}`, token)).body.members).toEqual([]);
    // Azure AD's form of removing one member.
    const removed = await scim('PATCH', `/Groups/${team.id}`, token, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Remove', path: `members[value eq "${ana.userId}"]` }],
    });
    expect(removed.body.members.map((m: { value: string }) => m.value)).toEqual([ben.userId]);
    const rename = await scim('PATCH', `/Groups/${team.id}`, token, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'displayName', value: 'New' }],
    });
    expect(rename).toMatchObject({ status: 400, body: { scimType: 'mutability' } });
  });

  it('never shows or fills another vendor’s team, nor adds another vendor’s user', async () => {
    const a = await vendorWithToken();
    const b = await vendorWithToken();
    const teamA = await t.make.team(a.vendor.id);
    const teamB = await t.make.team(b.vendor.id);
    const bUser = await t.make.user('agent', b.vendor.id);
    expect((await scim('GET', `/Groups/${teamB.id}`, a.token)).status).toBe(404);
    const all = await scim('GET', '/Groups', a.token);
    expect(all.body.Resources.map((g: { id: string }) => g.id)).toEqual([teamA.id]);
    const foreignTeam = await scim('PATCH', `/Groups/${teamB.id}`, a.token, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: a.admin.userId }] }],
    });
    expect(foreignTeam.status).toBe(404);
    const foreignUser = await scim('PATCH', `/Groups/${teamA.id}`, a.token, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: bUser.userId }] }],
    });
    expect(foreignUser.status).toBe(404);
    const row = await t.database.db
      .selectFrom('users')
      .select('team_id')
      .where('id', '=', bUser.userId)
      .executeTakeFirstOrThrow();
    expect(row.team_id).toBeNull();
  });
});

describe('SCIM vendor isolation', () => {
  it('a token of vendor A cannot see, filter to, change or delete a user of vendor B, nor create one there', async () => {
    const a = await vendorWithToken();
    const b = await vendorWithToken();
    const bUser = await t.make.user('agent', b.vendor.id);
    expect((await scim('GET', `/Users/${bUser.userId}`, a.token)).status).toBe(404);
    const filtered = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${bUser.email}"`)}`,
      a.token,
    );
    expect(filtered.body.totalResults).toBe(0);
    const all = await scim('GET', '/Users?count=200', a.token);
    expect(
      all.body.Resources.every((u: { id: string }) => u.id !== bUser.userId && u.id !== b.admin.userId),
    ).toBe(true);
    const patch = await scim('PATCH', `/Users/${bUser.userId}`, a.token, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(patch.status).toBe(404);
    expect((await scim('PUT', `/Users/${bUser.userId}`, a.token, bjensen('iso'))).status).toBe(404);
    expect((await scim('DELETE', `/Users/${bUser.userId}`, a.token)).status).toBe(404);
    const still = await t.database.db
      .selectFrom('users')
      .select('active')
      .where('id', '=', bUser.userId)
      .executeTakeFirstOrThrow();
    expect(still.active).toBe(true);

    const planted = await scim('POST', '/Users', a.token, {
      ...bjensen('planted'),
      vendor_id: b.vendor.id,
      vendorId: b.vendor.id,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { organization: b.vendor.id },
    });
    expect(planted.status).toBe(201);
    const row = await t.database.db
      .selectFrom('users')
      .select('vendor_id')
      .where('id', '=', planted.body.id)
      .executeTakeFirstOrThrow();
    expect(row.vendor_id).toBe(a.vendor.id);
  });
});

describe('SCIM deprovisioning', () => {
  it('deactivates at once: the session cookie and API token stop working and open tickets go back to routing', async () => {
    const { vendor, token } = await vendorWithToken();
    const agent = await t.make.user('agent', vendor.id);
    const login = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: agent.email, password: TEST_PASSWORD },
    });
    const cookie = login.response.cookies.find((c: { name: string }) => c.name === 'tandem_session')!;
    const me = () =>
      call(t.app, 'GET', '/api/v1/auth/me', { headers: { cookie: `tandem_session=${cookie.value}` } });
    expect((await me()).status).toBe(200);
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { token: agent.token })).status).toBe(200);

    const customer = await t.make.customer();
    const open = await t.make.ticket(customer, vendor.id);
    const solved = await t.make.ticket(customer, vendor.id);
    await withSystem(t.database.db, async (tx) => {
      await tx
        .updateTable('tickets')
        .set({ agent_id: agent.userId, status: 'open' })
        .where('id', '=', open)
        .execute();
      await tx
        .updateTable('tickets')
        .set({ agent_id: agent.userId, status: 'solved' })
        .where('id', '=', solved)
        .execute();
    });

    const off = await scim('PATCH', `/Users/${agent.userId}`, token, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);

    expect((await me()).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { token: agent.token })).status).toBe(401);
    const tokens = await t.database.db
      .selectFrom('api_tokens')
      .select('revoked_at')
      .where('user_id', '=', agent.userId)
      .execute();
    expect(tokens.every((r) => r.revoked_at !== null)).toBe(true);

    const tickets = await t.database.db
      .selectFrom('tickets')
      .select(['id', 'agent_id'])
      .where('id', 'in', [open, solved])
      .execute();
    expect(Object.fromEntries(tickets.map((r) => [r.id, r.agent_id]))).toEqual({
      [open]: null,
      [solved]: agent.userId,
    });
    // The same event every unassignment leaves makes the routing consumer queue the ticket again.
    const events = await t.database.db
      .selectFrom('domain_events')
      .selectAll()
      .where('subject_id', '=', open)
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual(['ticket.requeued', 'ticket.updated']);
    await withSystem(t.database.db, (tx) => routingConsumer.consume(tx, events, t.config));
    const routing = await t.database.db
      .selectFrom('ticket_routing')
      .select('state')
      .where('ticket_id', '=', open)
      .executeTakeFirst();
    expect(routing?.state).toBe('pending');

    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('object_id', '=', agent.userId)
      .execute();
    expect(audit.map((a) => a.action)).toContain('user.deactivated');
    expect(JSON.stringify(audit)).toContain(open);
  });

  it('closes the user’s realtime sockets at once, not at the next heartbeat', async () => {
    const { vendor, token } = await vendorWithToken();
    const agent = await t.make.user('agent', vendor.id);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const client = await connectRealtime(base, { token: agent.token });
    const started = Date.now();
    expect((await scim('DELETE', `/Users/${agent.userId}`, token)).status).toBe(204);
    expect(await client.closed).toMatchObject({ code: 4001 });
    // The heartbeat is the default 30 s here: only the user.deactivated event closes it this quickly.
    expect(t.config.TANDEM_REALTIME_HEARTBEAT_SECONDS).toBeGreaterThanOrEqual(30);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('DELETE deprovisions the same way and is repeatable', async () => {
    const { vendor, token } = await vendorWithToken();
    const agent = await t.make.user('agent', vendor.id);
    expect((await scim('DELETE', `/Users/${agent.userId}`, token)).status).toBe(204);
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { token: agent.token })).status).toBe(401);
    expect((await scim('DELETE', `/Users/${agent.userId}`, token)).status).toBe(204);
    expect((await scim('GET', `/Users/${agent.userId}`, token)).body.active).toBe(false);
  });
});

describe('SCIM rows at the database', () => {
  it('as tandem_app with a vendor set, another vendor’s SCIM tokens and externalId links are invisible', async () => {
    const a = await vendorWithToken();
    const b = await vendorWithToken();
    await scim('POST', '/Users', b.token, bjensen('db-b'));
    const client = await t.database.pool.connect();
    try {
      await client.query('begin');
      await client.query(
        "select set_config('tandem.org_id', $1, true), set_config('tandem.vendor_id', $2, true)",
        [t.organizationId, a.vendor.id],
      );
      await client.query('set local role tandem_app');
      const tokens = await client.query('select vendor_id from scim_tokens');
      expect(tokens.rows.map((r) => r.vendor_id)).toEqual([a.vendor.id]);
      const links = await client.query('select vendor_id from scim_users where vendor_id = $1', [
        b.vendor.id,
      ]);
      expect(links.rowCount).toBe(0);
      const revoked = await client.query('update scim_tokens set revoked_at = now() where id = $1', [
        b.tokenId,
      ]);
      expect(revoked.rowCount).toBe(0);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
