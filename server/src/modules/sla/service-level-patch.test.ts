import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { assertPatchChangesOnlyWhatItNames, readFromList, uniqueName } from '../../../test/patch-property.js';

let t: TestContext;
let admin: TestUser;
let vendor: string;
let sites: string[];
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  vendor = (await t.make.vendor()).id;
  sites = [(await t.make.site(vendor)).id, (await t.make.site(vendor)).id];
});
afterAll(() => t.close());

describe('PATCH changes only the fields it names', () => {
  it('service-level targets', async () => {
    let n = 0;
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        site_id: fc.constantFrom(...sites, null),
        queue: fc.constantFrom('billing', 'sales', null),
        channel: fc.constantFrom('email', 'chat', 'phone', null),
        name: uniqueName('Target'),
        measure: fc.constantFrom('first_reply', 'resolution'),
        threshold_seconds: fc.integer({ min: 1, max: 31_536_000 }),
        business: fc.boolean(),
        target_percent: fc.integer({ min: 1, max: 100 }),
        variant: fc.integer({ min: 1, max: 5 }),
        short_abandon_seconds: fc.integer({ min: 0, max: 3600 }),
        active: fc.boolean(),
      },
      create: async () => {
        const created = await call(t.app, 'POST', '/api/v1/service-level-targets', {
          token: admin.token,
          body: {
            vendor_id: vendor,
            site_id: sites[0],
            queue: 'support',
            channel: 'social',
            name: `Created ${++n}`,
            measure: 'first_reply',
            threshold_seconds: 45,
            business: true,
            target_percent: 85,
            variant: 3,
            short_abandon_seconds: 12,
            active: false,
          },
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        return created.body.id;
      },
      url: (id) => `/api/v1/service-level-targets/${id}`,
      read: (id) => readFromList(t.app, admin.token, '/api/v1/service-level-targets', id),
    });
  });
});
