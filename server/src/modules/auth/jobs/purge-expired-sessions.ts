import { sql } from 'kysely';
import { z } from 'zod';
import { withSystem } from '../../../platform/db/transaction.js';
import { defineJob } from '../../../platform/jobs/queue.js';

/** Expired sessions are already refused at lookup; this keeps the table small. Safe to run twice. */
export const purgeExpiredSessions = defineJob({
  name: 'auth.purge-expired-sessions',
  payload: z.object({}),
  cron: '*/15 * * * *',
  async handler(_payload, { database, logger }) {
    const result = await withSystem(database.db, (tx) =>
      tx.deleteFrom('sessions').where('expires_at', '<', sql<string>`now()`).executeTakeFirst(),
    );
    logger.info({ deleted: Number(result.numDeletedRows) }, 'expired sessions purged');
  },
});
