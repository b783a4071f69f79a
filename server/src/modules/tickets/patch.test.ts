import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { assertPatchChangesOnlyWhatItNames, readOne } from '../../../test/patch-property.js';

let t: TestContext;
let admin: TestUser;
let customer: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  customer = await t.make.customer();
});
afterAll(() => t.close());

describe('PATCH changes only the fields it names', () => {
  // Assignment (vendor, site, team, agent) is left out: moving a ticket to another vendor
  // rightly clears its site, team and agent, which routes.test.ts covers.
  it('tickets: status, priority, language, queue, tags and custom fields', async () => {
    await assertPatchChangesOnlyWhatItNames({
      app: t.app,
      token: admin.token,
      fields: {
        status: fc.constantFrom('open', 'pending'),
        priority: fc.constantFrom('low', 'normal', 'high', 'urgent'),
        language: fc.constantFrom('en', 'es', null),
        queue: fc.constantFrom('billing', 'sales', null),
        tags: fc.uniqueArray(fc.constantFrom('vip', 'refund', 'bug'), { maxLength: 3 }),
        custom_fields: fc.record(
          { order: fc.constantFrom('A-1', 'B-2'), seats: fc.nat({ max: 50 }) },
          { requiredKeys: [] },
        ),
      },
      create: () => t.make.ticket(customer, null, { conversation: true }),
      url: (id) => `/api/v1/tickets/${id}`,
      read: (id) => readOne(t.app, admin.token, `/api/v1/tickets/${id}`),
      // The SLA clock re-times on a priority or status change.
      volatile: ['updated_at', 'sla_due_at'],
    });
  });
});
