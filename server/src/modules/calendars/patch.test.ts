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

const interval = fc
  .tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 12 }))
  .map(([from, hours]) => ({
    start: `${String(from).padStart(2, '0')}:00`,
    end: `${String(from + hours).padStart(2, '0')}:00`,
  }));
const weeklyHours = fc.record(
  {
    mon: fc.array(interval, { maxLength: 1 }),
    wed: fc.array(interval, { maxLength: 1 }),
    sat: fc.array(interval, { maxLength: 1 }),
  },
  { requiredKeys: [] },
);

describe('PATCH changes only the fields it names', () => {
  it('calendars', async () => {
    let n = 0;
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        name: uniqueName('Calendar'),
        time_zone: fc.constantFrom('UTC', 'Europe/Copenhagen', 'Asia/Manila', 'America/New_York'),
        weekly_hours: weeklyHours,
      },
      create: async () => {
        const calendar = await call(t.app, 'POST', '/api/v1/calendars', {
          token: admin.token,
          body: {
            name: `Created ${++n}`,
            time_zone: 'Asia/Kolkata',
            weekly_hours: { tue: [{ start: '09:00', end: '18:00' }] },
          },
        });
        expect(calendar.status).toBe(201);
        return calendar.body.id;
      },
      url: (id) => `/api/v1/calendars/${id}`,
      read: (id) => readOne(t.app, admin.token, `/api/v1/calendars/${id}`),
    });
  });
});
