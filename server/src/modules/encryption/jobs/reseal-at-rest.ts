import { z } from 'zod';
import { defineJob } from '../../../platform/jobs/queue.js';
import { resealAll } from '../service.js';

/**
 * The re-seal sweep every 15 minutes, besides worker start and `tandem keys rotate`: a custom field
 * the brand lists as sealed has its stored values sealed within minutes, not at the next restart.
 * Each value is replaced only if unchanged since read, so running twice (or beside a rotation) is safe.
 */
export const resealAtRest = defineJob({
  name: 'encryption.reseal-at-rest',
  payload: z.object({}),
  cron: '*/15 * * * *',
  async handler(_payload, { database, logger, config }) {
    if (!config) return;
    const resealed = await resealAll(database, config);
    logger.info({ resealed }, 'secrets at rest re-sealed');
  },
});
