import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';
import { emit } from '../../platform/events.js';
import { dispatchOnce, type OutboxConsumer } from '../../platform/outbox/dispatcher.js';

let t: TestContext;
let admin: TestUser;
let analyst: TestUser;
let vendorAdmin: TestUser;

const broken: OutboxConsumer = {
  name: 'broken',
  async consume(_tx, events) {
    if (events.some((e) => e.type === 'test.poison')) throw new Error('the calendar has no open hours');
  },
};

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  analyst = await t.make.user('brand_analyst');
  vendorAdmin = await t.make.user('vendor_admin', (await t.make.vendor()).id);
  await withSystem(t.database.db, async (tx) => {
    for (const type of ['test.fine', 'test.poison', 'test.fine'])
      await emit(tx, { organizationId: t.organizationId, vendorId: null, type, subjectId: t.organizationId });
  });
  while ((await dispatchOnce(t.database.db, [broken], t.config)) > 0) {}
});
afterAll(() => t.close());

describe('outbox failures', () => {
  it('lists the event a consumer failed on, with its error and next attempt, to brand admins', async () => {
    const res = await call(t.app, 'GET', '/api/v1/outbox/failures', { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      event_type: 'test.poison',
      consumer: 'broken',
      state: 'retrying',
      attempts: 1,
      last_error: 'the calendar has no open hours',
    });
    expect(Date.parse(res.body.items[0].next_attempt_at)).toBeGreaterThan(Date.now());
    const dead = await call(t.app, 'GET', '/api/v1/outbox/failures?state=dead', { token: admin.token });
    expect(dead.body.items).toHaveLength(0);
  });

  it('refuses read-only brand roles and vendor users', async () => {
    for (const user of [analyst, vendorAdmin]) {
      const res = await call(t.app, 'GET', '/api/v1/outbox/failures', { token: user.token });
      expect(res.status).toBe(403);
    }
    const list = await call(t.app, 'GET', '/api/v1/outbox/failures', { token: admin.token });
    const replay = await call(t.app, 'POST', `/api/v1/outbox/failures/${list.body.items[0].id}/replay`, {
      token: vendorAdmin.token,
    });
    expect(replay.status).toBe(403);
  });

  it('replays a dead failure: it is scheduled again at once with its attempts counted afresh', async () => {
    await withSystem(t.database.db, (tx) =>
      tx
        .updateTable('outbox_failures')
        .set({ attempts: 8, dead_at: new Date().toISOString(), next_attempt_at: null })
        .execute(),
    );
    const [dead] = (await call(t.app, 'GET', '/api/v1/outbox/failures?state=dead', { token: admin.token }))
      .body.items;
    expect(dead).toMatchObject({ state: 'dead', next_attempt_at: null });
    const res = await call(t.app, 'POST', `/api/v1/outbox/failures/${dead.id}/replay`, {
      token: admin.token,
    });
    expect(res.status).toBe(202);
    const [again] = (await call(t.app, 'GET', '/api/v1/outbox/failures', { token: admin.token })).body.items;
    expect(again).toMatchObject({ state: 'retrying', attempts: 0 });
    expect(Date.parse(again.next_attempt_at)).toBeLessThanOrEqual(Date.now());
  });

  it('answers 404 for a failure that does not exist, and 400 naming the field for a bad id', async () => {
    expect(
      (await call(t.app, 'POST', '/api/v1/outbox/failures/999999/replay', { token: admin.token })).status,
    ).toBe(404);
    const bad = await call(t.app, 'POST', '/api/v1/outbox/failures/abc/replay', { token: admin.token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('params.id');
  });
});
