import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { assertPatchChangesOnlyWhatItNames, readOne } from '../../../test/patch-property.js';

let t: TestContext;
let admin: TestUser;
let vendor: string;
let sites: string[];
let team: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  vendor = (await t.make.vendor()).id;
  sites = [(await t.make.site(vendor)).id, (await t.make.site(vendor)).id];
  // A team without a site fits a user at any of the vendor's sites.
  team = (await t.make.team(vendor)).id;
});
afterAll(() => t.close());

describe('PATCH changes only the fields it names', () => {
  it('users', async () => {
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        display_name: fc.constantFrom('Ana Santos', 'Ben Cruz', 'Chi Reyes'),
        role: fc.constantFrom('agent', 'team_lead', 'vendor_admin'),
        site_id: fc.constantFrom(...sites, null),
        team_id: fc.constantFrom(team, null),
        languages: fc.uniqueArray(fc.constantFrom('en', 'tl', 'es', 'pt-BR'), { maxLength: 3 }),
        active: fc.boolean(),
      },
      create: async () => (await t.make.user('agent', vendor, { siteId: sites[0], teamId: team })).userId,
      url: (id) => `/api/v1/users/${id}`,
      read: (id) => readOne(t.app, admin.token, `/api/v1/users/${id}`),
    });
  });
});
