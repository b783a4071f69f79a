import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../../test/harness.js';
import { assertPatchChangesOnlyWhatItNames, readOne } from '../../../../test/patch-property.js';

let t: TestContext;
let admin: TestUser;
let vendors: string[];
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  vendors = [(await t.make.vendor()).id, (await t.make.vendor()).id];
});
afterAll(() => t.close());

describe('PATCH changes only the fields it names', () => {
  it('support addresses', async () => {
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        name: fc.constantFrom('', 'Billing', 'Sales'),
        queue: fc.constantFrom('billing', 'sales', null),
        language: fc.constantFrom('en', 'es', null),
        vendor_id: fc.constantFrom(...(vendors as [string, string]), null),
        active: fc.boolean(),
      },
      create: async () => {
        const created = await call(t.app, 'POST', '/api/v1/support-addresses', {
          token: admin.token,
          body: {
            address: `help-${randomUUID().slice(0, 8)}@brand.test`,
            name: 'Created',
            queue: 'general',
            language: 'de',
            vendor_id: vendors[0],
            active: false,
          },
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        return created.body.id;
      },
      url: (id) => `/api/v1/support-addresses/${id}`,
      read: (id) => readOne(t.app, admin.token, `/api/v1/support-addresses/${id}`),
    });
  });
});
