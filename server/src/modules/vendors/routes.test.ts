import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext } from '../../../test/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('vendors, sites and teams', () => {
  it('lets a brand admin create a vendor with a site and a team, and lists them', async () => {
    const admin = await t.make.user('brand_admin');
    const vendor = await call(t.app, 'POST', '/api/v1/vendors', {
      token: admin.token,
      body: {
        name: 'Manila BPO',
        kind: 'outsourced',
        contract_start: '2026-01-01',
        contract_end: '2027-12-31',
      },
    });
    expect(vendor.status).toBe(201);
    expect(vendor.body).toMatchObject({
      name: 'Manila BPO',
      kind: 'outsourced',
      status: 'active',
      contract_end: '2027-12-31',
    });

    const site = await call(t.app, 'POST', '/api/v1/sites', {
      token: admin.token,
      body: {
        vendor_id: vendor.body.id,
        name: 'Makati',
        country: 'PH',
        time_zone: 'Asia/Manila',
        languages: ['en', 'tl'],
      },
    });
    expect(site.status).toBe(201);
    const team = await call(t.app, 'POST', '/api/v1/teams', {
      token: admin.token,
      body: { vendor_id: vendor.body.id, site_id: site.body.id, name: 'Billing' },
    });
    expect(team.status).toBe(201);

    const down = await call(t.app, 'PATCH', `/api/v1/sites/${site.body.id}`, {
      token: admin.token,
      body: { status: 'down' },
    });
    expect(down.body.status).toBe('down');
    const list = await call(t.app, 'GET', `/api/v1/sites?vendor_id=${vendor.body.id}`, {
      token: admin.token,
    });
    expect(list.body.items.map((s: { name: string }) => s.name)).toEqual(['Makati']);
  });

  it('pages through vendors with a cursor, without gaps or repeats', async () => {
    const admin = await t.make.user('brand_admin');
    for (let i = 0; i < 7; i++) await t.make.vendor({ name: `Paged ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { name: string }[]; nextCursor: string | null } } = await call(
        t.app,
        'GET',
        `/api/v1/vendors?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { token: admin.token },
      );
      seen.push(...page.body.items.map((v) => v.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    const paged = seen.filter((n) => n.startsWith('Paged'));
    expect(paged).toEqual(['Paged 0', 'Paged 1', 'Paged 2', 'Paged 3', 'Paged 4', 'Paged 5', 'Paged 6']);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a vendor admin creating a site for another vendor', async () => {
    const mine = await t.make.vendor();
    const theirs = await t.make.vendor();
    const vendorAdmin = await t.make.user('vendor_admin', mine.id);
    const res = await call(t.app, 'POST', '/api/v1/sites', {
      token: vendorAdmin.token,
      body: { vendor_id: theirs.id, name: 'Sneaky', country: 'CO', time_zone: 'America/Bogota' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('body.vendor_id');
  });

  it('answers a duplicate vendor or site name with 409 naming body.name', async () => {
    const admin = await t.make.user('brand_admin');
    const body = { name: 'Twice BPO', kind: 'outsourced' };
    expect((await call(t.app, 'POST', '/api/v1/vendors', { token: admin.token, body })).status).toBe(201);
    const again = await call(t.app, 'POST', '/api/v1/vendors', { token: admin.token, body });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ path: 'body.name', message: 'already exists' }]);
    const vendor = await t.make.vendor();
    const site = await t.make.site(vendor.id);
    const dup = await call(t.app, 'POST', '/api/v1/sites', {
      token: admin.token,
      body: { vendor_id: vendor.id, name: site.name, country: 'PH', time_zone: 'Asia/Manila' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].path).toBe('body.name');
  });

  it('rejects an unknown time zone with the field at fault', async () => {
    const admin = await t.make.user('brand_admin');
    const vendor = await t.make.vendor();
    const res = await call(t.app, 'POST', '/api/v1/sites', {
      token: admin.token,
      body: { vendor_id: vendor.id, name: 'Nowhere', country: 'PH', time_zone: 'Mars/Olympus' },
    });
    expect(res.status).toBe(400);
    expect(res.response.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.time_zone' })]);
  });

  it('forbids agents from creating vendors', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const res = await call(t.app, 'POST', '/api/v1/vendors', {
      token: agent.token,
      body: { name: 'X', kind: 'outsourced' },
    });
    expect(res.status).toBe(403);
  });
});
