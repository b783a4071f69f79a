import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { openTestDatabase, testConfig } from '../../../test/harness.js';
import { purgeExpiredSessions } from '../../modules/auth/jobs/purge-expired-sessions.js';
import type { Database } from '../db/database.js';
import { withSystem } from '../db/transaction.js';
import { createLogger } from '../logging.js';
import { defineJob, startJobQueue } from './queue.js';

let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ database, drop } = await openTestDatabase(testConfig()));
});
afterAll(() => drop());

const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });

it('runs a sent job once through pg-boss on the application pool', async () => {
  const seen: string[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const echo = defineJob({
    name: 'test.echo',
    payload: z.object({ word: z.string() }),
    async handler({ word }) {
      seen.push(word);
      done();
    },
  });
  const queue = await startJobQueue(database, logger, [echo], { work: true });
  try {
    await queue.send(echo, { word: 'hello' });
    await finished;
    expect(seen).toEqual(['hello']);
  } finally {
    await queue.stop();
  }
});

it('purges only expired sessions', async () => {
  await withSystem(database.db, async (tx) => {
    const org = await tx
      .insertInto('organizations')
      .values({ name: 'O', slug: `o-${randomUUID()}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await tx
      .insertInto('users')
      .values({
        organization_id: org.id,
        email: `${randomUUID()}@x.test`,
        display_name: 'U',
        role: 'brand_admin',
        password_hash: null,
        vendor_id: null,
        site_id: null,
        team_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('sessions')
      .values([
        { token_hash: 'old', user_id: user.id, expires_at: new Date(Date.now() - 60_000).toISOString() },
        { token_hash: 'live', user_id: user.id, expires_at: new Date(Date.now() + 60_000).toISOString() },
      ])
      .execute();
  });
  await purgeExpiredSessions.handler({}, { database, logger });
  await purgeExpiredSessions.handler({}, { database, logger });
  const left = await withSystem(database.db, (tx) =>
    tx.selectFrom('sessions').select('token_hash').execute(),
  );
  expect(left.map((s) => s.token_hash)).toEqual(['live']);
});
