import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { assertPatchChangesOnlyWhatItNames, readOne, uniqueName } from '../../../test/patch-property.js';

let t: TestContext;
let admin: TestUser;
let backupVendor: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  backupVendor = (await t.make.vendor()).id;
});
afterAll(() => t.close());

const priority = fc.constantFrom('low', 'normal', 'high', 'urgent');
const target = fc.record({
  metric: fc.constantFrom('first_reply', 'next_reply', 'full_resolution'),
  priority,
  minutes: fc.integer({ min: 1, max: 525_600 }),
  business: fc.boolean(),
});
const some = <T>(...values: T[]) => fc.uniqueArray(fc.constantFrom(...values), { maxLength: 3 });

describe('PATCH changes only the fields it names', () => {
  it('SLA policies', async () => {
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        name: uniqueName('Policy'),
        position: fc.integer({ min: 0, max: 100_000 }),
        active: fc.boolean(),
        conditions: fc.record(
          { priorities: some('low', 'high'), channels: some('email', 'chat'), tiers: some('gold', 'silver') },
          { requiredKeys: [] },
        ),
        targets: fc.uniqueArray(target, {
          minLength: 1,
          maxLength: 4,
          selector: (x) => `${x.metric}/${x.priority}`,
        }),
        warn_percent: fc.option(fc.integer({ min: 1, max: 99 }), { nil: null }),
        breach_actions: fc.record(
          {
            notify: fc.boolean(),
            raise_priority: fc.boolean(),
            move_to_queue: fc.option(fc.constantFrom('escalations', 'tier2'), { nil: null }),
            backup_vendor_id: fc.option(fc.constant(backupVendor), { nil: null }),
          },
          { requiredKeys: [] },
        ),
      },
      create: async () => {
        const policy = await call(t.app, 'POST', '/api/v1/sla-policies', {
          token: admin.token,
          body: {
            name: `Created ${randomUUID()}`,
            position: 5,
            active: false,
            conditions: { channels: ['chat'] },
            targets: [{ metric: 'first_reply', priority: 'high', minutes: 30, business: true }],
            warn_percent: 60,
            breach_actions: { notify: true, move_to_queue: 'escalations' },
          },
        });
        expect(policy.status).toBe(201);
        return policy.body.id;
      },
      url: (id) => `/api/v1/sla-policies/${id}`,
      read: (id) => readOne(t.app, admin.token, `/api/v1/sla-policies/${id}`),
    });
  });

  it('an SLA policy keeps its conditions, warning and breach actions when only its name changes', async () => {
    const created = await call(t.app, 'POST', '/api/v1/sla-policies', {
      token: admin.token,
      body: {
        name: 'Inactive VIP',
        position: 1,
        active: false,
        conditions: { tiers: ['vip'] },
        targets: [{ metric: 'first_reply', priority: 'urgent', minutes: 15, business: false }],
        warn_percent: null,
        breach_actions: { raise_priority: true },
      },
    });
    const renamed = await call(t.app, 'PATCH', `/api/v1/sla-policies/${created.body.id}`, {
      token: admin.token,
      body: { name: 'Still inactive VIP' },
    });
    expect(renamed.body).toMatchObject({
      name: 'Still inactive VIP',
      active: false,
      conditions: { tiers: ['vip'] },
      warn_percent: null,
      breach_actions: { raise_priority: true },
    });
  });
});
