import { z } from 'zod';
import { defineJob } from '../../../platform/jobs/queue.js';
import { attachmentStore } from '../../../platform/storage/attachment-store.js';
import { applyRetention } from '../retention.js';

/** Daily at 02:30 UTC: every brand's retention policies (docs/privacy.md#retention). Idempotent. */
export const applyRetentionDaily = defineJob({
  name: 'privacy.apply-retention',
  payload: z.object({}),
  cron: '30 2 * * *',
  async handler(_payload, { database, logger, config }) {
    const totals = await applyRetention(database.db, config ? attachmentStore(config) : null, new Date());
    logger.info({ totals }, 'retention applied');
  },
});
