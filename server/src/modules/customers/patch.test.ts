import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { assertPatchChangesOnlyWhatItNames, readOne } from '../../../test/patch-property.js';

let t: TestContext;
let admin: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
});
afterAll(() => t.close());

describe('PATCH changes only the fields it names', () => {
  it('customers', async () => {
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        display_name: fc.constantFrom('', 'Maria Lopez', 'Kim Park'),
        tier: fc.constantFrom('gold', 'silver', 'vip'),
      },
      create: async () => {
        const id = await t.make.customer();
        await call(t.app, 'PATCH', `/api/v1/customers/${id}`, {
          token: admin.token,
          body: { display_name: 'Created', tier: 'bronze' },
        });
        return id;
      },
      url: (id) => `/api/v1/customers/${id}`,
      read: (id) => readOne(t.app, admin.token, `/api/v1/customers/${id}`),
    });
  });
});
