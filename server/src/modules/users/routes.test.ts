import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, TEST_PASSWORD, type TestContext } from '../../../test/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const password = 'a long enough password';

describe('users and agent profiles', () => {
  it('lets a brand admin create an agent who can then log in, without exposing the password hash', async () => {
    const admin = await t.make.user('brand_admin');
    const vendor = await t.make.vendor();
    const site = await t.make.site(vendor.id);
    const team = await t.make.team(vendor.id, site.id);
    const created = await call(t.app, 'POST', '/api/v1/users', {
      token: admin.token,
      body: {
        email: 'Ana.Reyes@Example.test',
        display_name: 'Ana Reyes',
        password,
        role: 'agent',
        vendor_id: vendor.id,
        site_id: site.id,
        team_id: team.id,
        languages: ['en', 'tl'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'ana.reyes@example.test', role: 'agent', active: true });
    expect(JSON.stringify(created.body)).not.toContain('password');

    const login = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: 'ana.reyes@example.test', password },
    });
    expect(login.status).toBe(200);
    expect(login.body.actor.vendorId).toBe(vendor.id);
  });

  it('replaces skills and capacities and returns them with the profile', async () => {
    const vendor = await t.make.vendor();
    const vendorAdmin = await t.make.user('vendor_admin', vendor.id);
    const agent = await t.make.user('agent', vendor.id);
    const skills = await call(t.app, 'PUT', `/api/v1/users/${agent.userId}/skills`, {
      token: vendorAdmin.token,
      body: [
        { skill: 'billing', proficiency: 4 },
        { skill: 'returns', proficiency: 2 },
      ],
    });
    expect(skills.status).toBe(200);
    await call(t.app, 'PUT', `/api/v1/users/${agent.userId}/skills`, {
      token: vendorAdmin.token,
      body: [{ skill: 'technical', proficiency: 5 }],
    });
    const caps = await call(t.app, 'PUT', `/api/v1/users/${agent.userId}/capacities`, {
      token: vendorAdmin.token,
      body: [
        { channel: 'chat', max_concurrent: 3 },
        { channel: 'email', max_concurrent: 8 },
      ],
    });
    expect(caps.status).toBe(200);
    const profile = await call(t.app, 'GET', `/api/v1/users/${agent.userId}`, { token: vendorAdmin.token });
    expect(profile.body.skills).toEqual([{ skill: 'technical', proficiency: 5 }]);
    expect(profile.body.capacities).toEqual([
      { channel: 'chat', max_concurrent: 3 },
      { channel: 'email', max_concurrent: 8 },
    ]);

    const bad = await call(t.app, 'PUT', `/api/v1/users/${agent.userId}/skills`, {
      token: vendorAdmin.token,
      body: [{ skill: 'billing', proficiency: 6 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.0.proficiency');

    const events = await t.database.db
      .selectFrom('domain_events')
      .select('type')
      .where('subject_id', '=', agent.userId)
      .execute();
    expect(events.map((e) => e.type)).toEqual([
      'user.skills_changed',
      'user.skills_changed',
      'user.capacities_changed',
    ]);
  });

  it('hides another vendor’s users from a vendor admin: 404 to read or edit, absent from lists', async () => {
    const mine = await t.make.vendor();
    const theirs = await t.make.vendor();
    const vendorAdmin = await t.make.user('vendor_admin', mine.id);
    const colleague = await t.make.user('agent', mine.id);
    const stranger = await t.make.user('agent', theirs.id);
    const read = await call(t.app, 'GET', `/api/v1/users/${stranger.userId}`, { token: vendorAdmin.token });
    expect(read.status).toBe(404);
    const edit = await call(t.app, 'PATCH', `/api/v1/users/${stranger.userId}`, {
      token: vendorAdmin.token,
      body: { display_name: 'Renamed' },
    });
    expect(edit.status).toBe(404);
    const skills = await call(t.app, 'PUT', `/api/v1/users/${stranger.userId}/skills`, {
      token: vendorAdmin.token,
      body: [],
    });
    expect(skills.status).toBe(404);
    const list = await call(t.app, 'GET', '/api/v1/users?limit=200', { token: vendorAdmin.token });
    const ids = list.body.items.map((u: { id: string }) => u.id);
    expect(ids).toContain(colleague.userId);
    expect(ids).not.toContain(stranger.userId);
  });

  it('forbids agents from creating users', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const res = await call(t.app, 'POST', '/api/v1/users', {
      token: agent.token,
      body: { email: 'new@example.test', display_name: 'New', role: 'agent', vendor_id: vendor.id },
    });
    expect(res.status).toBe(403);
  });

  it('refuses a vendor admin granting a brand role, or adding people to another vendor', async () => {
    const mine = await t.make.vendor();
    const theirs = await t.make.vendor();
    const vendorAdmin = await t.make.user('vendor_admin', mine.id);
    const brandRole = await call(t.app, 'POST', '/api/v1/users', {
      token: vendorAdmin.token,
      body: { email: 'boss@example.test', display_name: 'Boss', role: 'brand_admin' },
    });
    expect(brandRole.status).toBe(403);
    expect(brandRole.body.errors[0].path).toBe('body.role');
    const otherVendor = await call(t.app, 'POST', '/api/v1/users', {
      token: vendorAdmin.token,
      body: { email: 'mole@example.test', display_name: 'Mole', role: 'agent', vendor_id: theirs.id },
    });
    expect(otherVendor.status).toBe(422);
    expect(otherVendor.body.errors[0].path).toBe('body.vendor_id');
    const ownByDefault = await call(t.app, 'POST', '/api/v1/users', {
      token: vendorAdmin.token,
      body: { email: 'hire@example.test', display_name: 'Hire', role: 'agent' },
    });
    expect(ownByDefault.status).toBe(201);
    expect(ownByDefault.body.vendor_id).toBe(mine.id);
  });

  it.each([
    ['an agent without a vendor', { role: 'agent' }, 'body.vendor_id'],
    ['a brand analyst with a vendor', { role: 'brand_analyst', vendor: true }, 'body.vendor_id'],
    ['a site of another vendor', { role: 'agent', vendor: true, foreignSite: true }, 'body.site_id'],
    ['a team of another vendor', { role: 'agent', vendor: true, foreignTeam: true }, 'body.team_id'],
  ])('rejects %s with 422 naming the field', async (_name, combo, path) => {
    const admin = await t.make.user('brand_admin');
    const vendor = await t.make.vendor();
    const other = await t.make.vendor();
    const res = await call(t.app, 'POST', '/api/v1/users', {
      token: admin.token,
      body: {
        email: `combo-${Math.random()}@example.test`,
        display_name: 'Combo',
        role: combo.role,
        ...('vendor' in combo ? { vendor_id: vendor.id } : {}),
        ...('foreignSite' in combo ? { site_id: (await t.make.site(other.id)).id } : {}),
        ...('foreignTeam' in combo ? { team_id: (await t.make.team(other.id)).id } : {}),
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe(path);
  });

  it('answers a duplicate email, in any letter case and even in another vendor, with 409', async () => {
    const vendor = await t.make.vendor();
    const other = await t.make.vendor();
    await t.make.user('agent', other.id, { email: 'taken@example.test' });
    const vendorAdmin = await t.make.user('vendor_admin', vendor.id);
    const res = await call(t.app, 'POST', '/api/v1/users', {
      token: vendorAdmin.token,
      body: { email: 'TAKEN@example.test', display_name: 'Dup', role: 'agent' },
    });
    expect(res.status).toBe(409);
    expect(res.response.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors[0].path).toBe('body.email');
  });

  it('rejects a short password', async () => {
    const admin = await t.make.user('brand_admin');
    const res = await call(t.app, 'POST', '/api/v1/users', {
      token: admin.token,
      body: { email: 'short@example.test', display_name: 'S', role: 'auditor', password: 'short' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.password');
  });

  it('ends a deactivated user’s sessions and filters lists by active and role', async () => {
    const admin = await t.make.user('brand_admin');
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const login = await call(t.app, 'POST', '/api/v1/auth/login', {
      body: { email: agent.email, password: TEST_PASSWORD },
    });
    const cookie = login.response.cookies.find((c: { name: string }) => c.name === 'tandem_session')!;
    const me = () =>
      call(t.app, 'GET', '/api/v1/auth/me', { headers: { cookie: `tandem_session=${cookie.value}` } });
    expect((await me()).status).toBe(200);

    const off = await call(t.app, 'PATCH', `/api/v1/users/${agent.userId}`, {
      token: admin.token,
      body: { active: false },
    });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await me()).status).toBe(401);
    const sessions = await t.database.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', agent.userId)
      .execute();
    expect(sessions).toEqual([]);

    const inactive = await call(t.app, 'GET', `/api/v1/users?active=false&vendor_id=${vendor.id}`, {
      token: admin.token,
    });
    expect(inactive.body.items.map((u: { id: string }) => u.id)).toEqual([agent.userId]);
    const admins = await call(t.app, 'GET', '/api/v1/users?role=brand_admin&limit=200', {
      token: admin.token,
    });
    expect(admins.body.items.every((u: { role: string }) => u.role === 'brand_admin')).toBe(true);
  });

  it('deprovisions on deactivation: API tokens revoked, unsolved tickets unassigned, both named in the audit log', async () => {
    const vendor = await t.make.vendor();
    const vendorAdmin = await t.make.user('vendor_admin', vendor.id);
    const agent = await t.make.user('agent', vendor.id);
    const ticket = await t.make.ticket(await t.make.customer(), vendor.id);
    await t.database.db
      .updateTable('tickets')
      .set({ agent_id: agent.userId, status: 'pending' })
      .where('id', '=', ticket)
      .execute();
    const off = await call(t.app, 'PATCH', `/api/v1/users/${agent.userId}`, {
      token: vendorAdmin.token,
      body: { active: false },
    });
    expect(off.status).toBe(200);
    const tokens = await t.database.db
      .selectFrom('api_tokens')
      .select('revoked_at')
      .where('user_id', '=', agent.userId)
      .execute();
    expect(tokens.map((r) => r.revoked_at === null)).toEqual([false]);
    const row = await t.database.db
      .selectFrom('tickets')
      .select(['agent_id', 'vendor_id', 'status'])
      .where('id', '=', ticket)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ agent_id: null, vendor_id: vendor.id, status: 'pending' });
    const entry = await t.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('object_id', '=', agent.userId)
      .where('action', '=', 'user.deactivated')
      .executeTakeFirstOrThrow();
    expect(entry.details).toMatchObject({ tokens_revoked: 1, tickets_returned: [ticket] });
    // Reactivating does not bring revoked tokens back.
    await call(t.app, 'PATCH', `/api/v1/users/${agent.userId}`, {
      token: vendorAdmin.token,
      body: { active: true },
    });
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { token: agent.token })).status).toBe(401);
  });

  it('pages through users with a cursor, without gaps or repeats', async () => {
    const admin = await t.make.user('brand_admin');
    const vendor = await t.make.vendor();
    for (let i = 0; i < 5; i++) await t.make.user('agent', vendor.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await call(
        t.app,
        'GET',
        `/api/v1/users?vendor_id=${vendor.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: admin.token },
      );
      seen.push(...page.body.items.map((u) => u.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('refuses to let an admin deactivate themselves, and a vendor admin to edit a role it cannot grant', async () => {
    const admin = await t.make.user('brand_admin');
    const self = await call(t.app, 'PATCH', `/api/v1/users/${admin.userId}`, {
      token: admin.token,
      body: { active: false },
    });
    expect(self.status).toBe(422);
    expect(self.body.errors[0].path).toBe('body.active');
    const vendor = await t.make.vendor();
    const vendorAdmin = await t.make.user('vendor_admin', vendor.id);
    const agent = await t.make.user('agent', vendor.id);
    const promote = await call(t.app, 'PATCH', `/api/v1/users/${agent.userId}`, {
      token: vendorAdmin.token,
      body: { role: 'auditor' },
    });
    expect(promote.status).toBe(403);
  });
});

describe('organization', () => {
  it('returns the actor’s own organization', async () => {
    const analyst = await t.make.user('brand_analyst');
    const res = await call(t.app, 'GET', '/api/v1/organization', { token: analyst.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: t.organizationId, name: 'Test Brand' });
  });
});
