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
  it('macros', async () => {
    let n = 0;
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        name: uniqueName('Macro'),
        language: fc.constantFrom('en', 'es', 'pt-BR'),
        body: fc.constantFrom('Thanks for waiting.', 'Hello {{customer.name}}, we are on it.'),
      },
      create: async () => {
        const macro = await call(t.app, 'POST', '/api/v1/macros', {
          token: admin.token,
          body: { name: `Created ${++n}`, language: 'de', body: 'Danke.' },
        });
        expect(macro.status, JSON.stringify(macro.body)).toBe(201);
        return macro.body.id;
      },
      url: (id) => `/api/v1/macros/${id}`,
      read: (id) => readFromList(t.app, admin.token, '/api/v1/macros', id),
    });
  });
});
