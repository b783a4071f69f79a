import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import {
  assertPatchChangesOnlyWhatItNames,
  readFromList,
  readOne,
  uniqueName,
} from '../../../test/patch-property.js';

let t: TestContext;
let admin: TestUser;
let vendors: string[];
let sites: string[];
let queues: string[];
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  vendors = [(await t.make.vendor()).id, (await t.make.vendor()).id];
  sites = [(await t.make.site(vendors[0] as string)).id, (await t.make.site(vendors[1] as string)).id];
  queues = [];
  for (const name of ['Billing', 'Sales']) queues.push(await createQueue(name));
});
afterAll(() => t.close());

async function createQueue(name: string, body: Record<string, unknown> = {}) {
  const queue = await call(t.app, 'POST', '/api/v1/routing/queues', {
    token: admin.token,
    body: { name, ...body },
  });
  expect(queue.status).toBe(201);
  return queue.body.id as string;
}

const words = (...w: string[]) => fc.uniqueArray(fc.constantFrom(...w), { maxLength: 3 });

describe('PATCH changes only the fields it names', () => {
  it('routing queues', async () => {
    let n = 0;
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        name: uniqueName('Queue'),
        required_skills: fc.uniqueArray(
          fc.record({
            skill: fc.constantFrom('billing', 'spanish', 'refunds'),
            min: fc.integer({ min: 1, max: 5 }),
          }),
          { maxLength: 3, selector: (s) => s.skill },
        ),
        required_certifications: words('pci', 'hipaa', 'gdpr'),
        overflow_after_seconds: fc.option(fc.integer({ min: 1, max: 7 * 86_400 }), { nil: null }),
        overflow_vendor_ids: fc.subarray(vendors),
        overflow_site_ids: fc.subarray(sites),
        sticky_days: fc.integer({ min: 0, max: 365 }),
      },
      create: () =>
        createQueue(`Queue created ${++n}`, {
          required_skills: [{ skill: 'billing', min: 2 }],
          required_certifications: ['pci'],
          overflow_after_seconds: 600,
          overflow_vendor_ids: [vendors[0]],
          overflow_site_ids: [sites[0]],
          sticky_days: 7,
        }),
      url: (id) => `/api/v1/routing/queues/${id}`,
      read: (id) => readOne(t.app, admin.token, `/api/v1/routing/queues/${id}`),
    });
  });

  it('routing rules', async () => {
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        position: fc.integer({ min: 0, max: 1_000_000 }),
        name: fc.constantFrom('', 'VIP', 'Spanish speakers'),
        queue_id: fc.constantFrom(...queues),
        conditions: fc.record(
          { channels: words('email', 'chat', 'phone'), languages: words('en', 'es'), tiers: words('gold') },
          { requiredKeys: [] },
        ),
        active: fc.boolean(),
      },
      create: async () => {
        const rule = await call(t.app, 'POST', '/api/v1/routing/rules', {
          token: admin.token,
          body: {
            position: 10,
            name: 'Gold',
            queue_id: queues[0],
            conditions: { tiers: ['gold'] },
            active: false,
          },
        });
        expect(rule.status).toBe(201);
        return rule.body.id;
      },
      url: (id) => `/api/v1/routing/rules/${id}`,
      read: (id) => readFromList(t.app, admin.token, '/api/v1/routing/rules', id),
    });
  });

  it('a customer’s routing: data region and segment', async () => {
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        data_region: fc.option(fc.constantFrom('eu', 'us', 'apac'), { nil: null }),
        segment: fc.option(fc.constantFrom('smb', 'enterprise'), { nil: null }),
      },
      create: async () => {
        const id = await t.make.customer();
        const set = await call(t.app, 'PATCH', `/api/v1/routing/customers/${id}`, {
          token: admin.token,
          body: { data_region: 'eu', segment: 'vip' },
        });
        expect(set.status).toBe(200);
        return id;
      },
      url: (id) => `/api/v1/routing/customers/${id}`,
      // No GET for it: a PATCH naming nothing that changes reads it back.
      read: async (id) =>
        (await call(t.app, 'PATCH', `/api/v1/routing/customers/${id}`, { token: admin.token, body: {} }))
          .body,
    });
  });
});
