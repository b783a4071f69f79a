import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext } from '../../../test/harness.js';
import { buildApp } from '../../app.js';
import { openDatabase } from '../../platform/db/database.js';
import { createLogger } from '../../platform/logging.js';
import { startEventBus } from '../../platform/realtime/event-bus.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp({ TANDEM_TOKEN_CACHE_SECONDS: '300' });
});
afterAll(() => t.close());

describe('API token look-ups remembered per process', () => {
  it('stops a revoked token at once, even with a long cache', async () => {
    const admin = await t.make.user('brand_admin');
    const created = await call(t.app, 'POST', '/api/v1/tokens', {
      token: admin.token,
      body: { name: 'integration', scopes: ['tickets:read'] },
    });
    const token = created.body.token;
    expect((await call(t.app, 'GET', '/api/v1/tickets', { token })).status).toBe(200);
    await call(t.app, 'DELETE', `/api/v1/tokens/${created.body.id}`, { token: admin.token });
    expect((await call(t.app, 'GET', '/api/v1/tickets', { token })).status).toBe(401);
  });

  it('stops a deactivated user’s token at once', async () => {
    const admin = await t.make.user('brand_admin');
    const agent = await t.make.user('agent', (await t.make.vendor()).id);
    expect((await call(t.app, 'GET', '/api/v1/tickets', { token: agent.token })).status).toBe(200);
    await call(t.app, 'PATCH', `/api/v1/users/${agent.userId}`, {
      token: admin.token,
      body: { active: false },
    });
    expect((await call(t.app, 'GET', '/api/v1/tickets', { token: agent.token })).status).toBe(401);
  });

  it.runIf(Boolean(process.env.TANDEM_TEST_DATABASE_URL))(
    'stops a token revoked through another server process',
    async () => {
      const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
      const otherDatabase = await openDatabase(
        { ...t.config, TANDEM_DATABASE_URL: t.database.connectionString },
        logger,
      );
      const otherBus = await startEventBus(otherDatabase, logger);
      const other = await buildApp({ database: otherDatabase, config: t.config, logger, bus: otherBus });
      try {
        const admin = await t.make.user('brand_admin');
        const created = await call(t.app, 'POST', '/api/v1/tokens', {
          token: admin.token,
          body: { name: 'integration', scopes: ['tickets:read'] },
        });
        const token = created.body.token;
        expect((await call(other, 'GET', '/api/v1/tickets', { token })).status).toBe(200);
        const heard = new Promise<void>((resolve) => {
          const stop = otherBus.subscribe((e) => {
            if (e.type === 'token.revoked' && e.subject_id === created.body.id) {
              stop();
              resolve();
            }
          });
        });
        await call(t.app, 'DELETE', `/api/v1/tokens/${created.body.id}`, { token: admin.token });
        await heard;
        expect((await call(other, 'GET', '/api/v1/tickets', { token })).status).toBe(401);
      } finally {
        await other.close();
        await otherBus.close();
        await otherDatabase.close();
      }
    },
  );
});
