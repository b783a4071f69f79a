import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { assertPatchChangesOnlyWhatItNames, readOne, uniqueName } from '../../../test/patch-property.js';

let t: TestContext;
let admin: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
});
afterAll(() => t.close());

const date = (from: number, to: number) =>
  fc
    .date({ min: new Date(Date.UTC(from, 0, 1)), max: new Date(Date.UTC(to, 11, 31)), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
const languages = fc.uniqueArray(fc.constantFrom('en', 'tl', 'es', 'pt-BR', 'fr', 'de', 'ja'), {
  maxLength: 4,
});

async function createSite(body: Record<string, unknown> = {}) {
  const vendor = await t.make.vendor();
  const site = await call(t.app, 'POST', '/api/v1/sites', {
    token: admin.token,
    body: {
      vendor_id: vendor.id,
      name: 'Makati',
      country: 'PH',
      time_zone: 'Asia/Manila',
      languages: ['en', 'tl'],
      ...body,
    },
  });
  expect(site.status).toBe(201);
  return site.body.id as string;
}

describe('PATCH changes only the fields it names', () => {
  it('vendors', async () => {
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        name: uniqueName('Vendor'),
        status: fc.constantFrom('onboarding', 'active', 'suspended', 'offboarded'),
        // Starts before and ends after the created contract, so any subset keeps them in order.
        contract_start: fc.option(date(2020, 2025), { nil: null }),
        contract_end: fc.option(date(2028, 2030), { nil: null }),
      },
      create: async () => {
        const vendor = await call(t.app, 'POST', '/api/v1/vendors', {
          token: admin.token,
          body: {
            name: `Vendor ${randomUUID()}`,
            kind: 'outsourced',
            contract_start: '2026-01-01',
            contract_end: '2027-12-31',
          },
        });
        expect(vendor.status).toBe(201);
        return vendor.body.id;
      },
      url: (id) => `/api/v1/vendors/${id}`,
      read: (id) => readOne(t.app, admin.token, `/api/v1/vendors/${id}`),
    });
  });

  it('sites', async () => {
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        name: uniqueName('Site'),
        country: fc.constantFrom('PH', 'IN', 'DK', 'BR'),
        time_zone: fc.constantFrom('Asia/Manila', 'Asia/Kolkata', 'Europe/Copenhagen', 'UTC'),
        languages,
        status: fc.constantFrom('up', 'degraded', 'down'),
      },
      create: () => createSite({ status: 'degraded' }),
      url: (id) => `/api/v1/sites/${id}`,
      read: (id) => readOne(t.app, admin.token, `/api/v1/sites/${id}`),
    });
  });

  it('teams', async () => {
    const vendor = await t.make.vendor();
    const [a, b] = [await t.make.site(vendor.id), await t.make.site(vendor.id)];
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: { name: uniqueName('Team'), site_id: fc.constantFrom(a.id, b.id, null) },
      create: async () => (await t.make.team(vendor.id, a.id)).id,
      url: (id) => `/api/v1/teams/${id}`,
      read: (id) => readOne(t.app, admin.token, `/api/v1/teams/${id}`),
    });
  });
});

describe('marking a site down (the reported bug)', () => {
  it('keeps its languages, time zone and name', async () => {
    const id = await createSite({ languages: ['en', 'tl'] });
    const down = await call(t.app, 'PATCH', `/api/v1/sites/${id}`, {
      token: admin.token,
      body: { status: 'down' },
    });
    expect(down.status).toBe(200);
    expect(await readOne(t.app, admin.token, `/api/v1/sites/${id}`)).toMatchObject({
      status: 'down',
      languages: ['en', 'tl'],
      name: 'Makati',
      time_zone: 'Asia/Manila',
    });
  });

  it('renaming a down site keeps it down', async () => {
    const id = await createSite({ status: 'down' });
    const renamed = await call(t.app, 'PATCH', `/api/v1/sites/${id}`, {
      token: admin.token,
      body: { name: 'Makati North' },
    });
    expect(renamed.status).toBe(200);
    expect(await readOne(t.app, admin.token, `/api/v1/sites/${id}`)).toMatchObject({
      name: 'Makati North',
      status: 'down',
      languages: ['en', 'tl'],
    });
  });

  it('a team keeps its site when only its name changes', async () => {
    const vendor = await t.make.vendor();
    const site = await t.make.site(vendor.id);
    const team = await t.make.team(vendor.id, site.id);
    await call(t.app, 'PATCH', `/api/v1/teams/${team.id}`, { token: admin.token, body: { name: 'Renamed' } });
    expect(await readOne(t.app, admin.token, `/api/v1/teams/${team.id}`)).toMatchObject({
      name: 'Renamed',
      site_id: site.id,
    });
  });
});
