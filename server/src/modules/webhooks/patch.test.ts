import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { assertPatchChangesOnlyWhatItNames, readOne } from '../../../test/patch-property.js';

let t: TestContext;
let admin: TestUser;
beforeAll(async () => {
  // Nothing is delivered here; loopback URLs only need to pass validation.
  t = await startTestApp({ TANDEM_WEBHOOK_ALLOW_PRIVATE: 'true' });
  admin = await t.make.user('brand_admin');
});
afterAll(() => t.close());

describe('PATCH changes only the fields it names', () => {
  it('webhooks', async () => {
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        url: fc.nat({ max: 99 }).map((n) => `http://127.0.0.1:9/hooks/${n}`),
        description: fc.constantFrom('', 'CRM sync', 'Data warehouse'),
        event_types: fc.uniqueArray(fc.constantFrom('ticket.*', 'message.created', 'sla.*', '*'), {
          minLength: 1,
          maxLength: 3,
        }),
        networks: fc.uniqueArray(fc.constantFrom('instagram', 'facebook', 'x'), { maxLength: 2 }),
        active: fc.boolean(),
      },
      create: async () => {
        const hook = await call(t.app, 'POST', '/api/v1/webhooks', {
          token: admin.token,
          body: {
            url: 'http://127.0.0.1:9/created',
            description: 'Created',
            event_types: ['social.reply'],
            networks: ['tiktok'],
            active: false,
          },
        });
        expect(hook.status, JSON.stringify(hook.body)).toBe(201);
        return hook.body.id;
      },
      url: (id) => `/api/v1/webhooks/${id}`,
      read: (id) => readOne(t.app, admin.token, `/api/v1/webhooks/${id}`),
    });
  });
});
