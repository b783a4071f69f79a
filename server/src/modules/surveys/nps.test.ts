import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';
import { createLogger } from '../../platform/logging.js';
import { sendNpsSurveys } from './jobs/send-nps.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp({ TANDEM_NPS_RECENT_DAYS: '30', TANDEM_SURVEY_THROTTLE_DAYS: '30' });
});
afterAll(() => t.close());

const run = () =>
  sendNpsSurveys.handler(
    {},
    { database: t.database, logger: createLogger({ TANDEM_LOG_LEVEL: 'silent' }), config: t.config },
  );

describe('periodic NPS', () => {
  it('surveys each customer with a recent solved contact once, attributed to the latest contact', async () => {
    const vendor = await t.make.vendor();
    const recent = await t.make.customer();
    const old = await t.make.customer();
    const surveyedLately = await t.make.customer();
    const solve = async (customer: string, daysAgo: number) => {
      const id = await t.make.ticket(customer, vendor.id);
      await withSystem(t.database.db, (tx) =>
        tx
          .updateTable('tickets')
          .set({ status: 'solved', solved_at: new Date(Date.now() - daysAgo * 86_400_000).toISOString() })
          .where('id', '=', id)
          .execute(),
      );
      return id;
    };
    await solve(recent, 10);
    const latest = await solve(recent, 2);
    await solve(old, 45);
    const lately = await solve(surveyedLately, 1);
    await withSystem(t.database.db, (tx) =>
      tx
        .insertInto('surveys')
        .values({
          organization_id: t.organizationId,
          kind: 'csat',
          via: 'email',
          ticket_id: lately,
          customer_id: surveyedLately,
        })
        .execute(),
    );

    await run();
    await run(); // a second run (a retried job) adds nothing
    const nps = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('surveys')
        .select(['customer_id', 'ticket_id', 'vendor_id', 'recipient'])
        .where('kind', '=', 'nps')
        .execute(),
    );
    expect(nps).toEqual([
      { customer_id: recent, ticket_id: latest, vendor_id: vendor.id, recipient: `${recent}@customer.test` },
    ]);
  });

  it('is not sent when the brand turned NPS off', async () => {
    const vendor = await t.make.vendor();
    const customer = await t.make.customer();
    const id = await t.make.ticket(customer, vendor.id);
    await withSystem(t.database.db, async (tx) => {
      await tx
        .updateTable('tickets')
        .set({ status: 'solved', solved_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      await tx
        .insertInto('survey_settings')
        .values({ organization_id: t.organizationId, nps_enabled: false })
        .execute();
    });
    await run();
    const mine = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('surveys').select('id').where('customer_id', '=', customer).execute(),
    );
    expect(mine).toEqual([]);
  });
});
