import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  it('survey settings (one per brand: each run starts from another setting)', async () => {
    let run = 0;
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        csat_enabled: fc.boolean(),
        nps_enabled: fc.boolean(),
        ces_enabled: fc.boolean(),
        ces_lower_is_better: fc.boolean(),
      },
      create: async () => {
        const bits = ++run;
        const flip = (bit: number) => (bits & bit) > 0;
        const set = await call(t.app, 'PATCH', '/api/v1/survey-settings', {
          token: admin.token,
          body: {
            csat_enabled: flip(1),
            nps_enabled: flip(2),
            ces_enabled: flip(4),
            ces_lower_is_better: flip(8),
          },
        });
        expect(set.status).toBe(200);
        return 'brand';
      },
      url: () => '/api/v1/survey-settings',
      read: () => readOne(t.app, admin.token, '/api/v1/survey-settings'),
    });
  });
});
