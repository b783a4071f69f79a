import { z } from 'zod';
import { defineJob } from '../../../platform/jobs/queue.js';
import { sendContractReminders } from '../contract-reminders.js';

/**
 * Daily at 06:00 UTC: reminders of contract notice deadlines (30 and 7 days before) and term ends to
 * the brand's billing managers (docs/billing.md). Idempotent: each reminder is recorded once.
 */
export const remindContractDates = defineJob({
  name: 'billing.contract-reminders',
  payload: z.object({ now: z.string().datetime().optional() }),
  cron: '0 6 * * *',
  async handler(payload, { database, logger }) {
    const result = await sendContractReminders(database.db, payload.now ? new Date(payload.now) : new Date());
    logger.info(result, 'contract reminders sent');
  },
});
