import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { assertPatchChangesOnlyWhatItNames, readFromList, uniqueName } from '../../../test/patch-property.js';

let t: TestContext;
let admin: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
});
afterAll(() => t.close());

describe('PATCH changes only the fields it names', () => {
  it('saved views', async () => {
    let n = 0;
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        name: uniqueName('View'),
        filters: fc.record(
          {
            status: fc.uniqueArray(fc.constantFrom('new', 'open', 'pending'), { minLength: 1, maxLength: 2 }),
            channel: fc.uniqueArray(fc.constantFrom('email', 'chat'), { minLength: 1, maxLength: 2 }),
            queue: fc.constantFrom('billing', 'sales'),
          },
          { requiredKeys: [] },
        ),
        shared: fc.boolean(),
      },
      create: async () => {
        const view = await call(t.app, 'POST', '/api/v1/saved-views', {
          token: admin.token,
          body: { name: `Created ${++n}`, filters: { priority: ['high'] }, shared: true },
        });
        expect(view.status, JSON.stringify(view.body)).toBe(201);
        return view.body.id;
      },
      url: (id) => `/api/v1/saved-views/${id}`,
      read: (id) => readFromList(t.app, admin.token, '/api/v1/saved-views', id),
    });
  });
});
