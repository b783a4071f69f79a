import { sql } from 'kysely';
import { z } from 'zod';
import { withSystem } from '../db/transaction.js';
import { defineJob } from '../jobs/queue.js';

/** Idempotency keys protect retries for a day; older ones are dropped. Safe to run twice. */
export const purgeIdempotencyKeys = defineJob({
  name: 'platform.purge-idempotency-keys',
  payload: z.object({ olderThanHours: z.number().int().min(1).default(24) }),
  cron: '17 * * * *',
  async handler({ olderThanHours }, { database, logger }) {
    const result = await withSystem(database.db, (tx) =>
      tx
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', sql<string>`now() - make_interval(hours => ${olderThanHours})`)
        .executeTakeFirst(),
    );
    logger.info({ deleted: Number(result.numDeletedRows) }, 'old idempotency keys purged');
  },
});
