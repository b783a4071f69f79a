import { z } from 'zod';
import { withSystem } from '../../../platform/db/transaction.js';
import { defineJob } from '../../../platform/jobs/queue.js';
import * as repo from '../repository.js';
import { createEmailSurveys } from '../service.js';

/**
 * Daily: an NPS survey to each customer with a solved contact in the last TANDEM_NPS_RECENT_DAYS,
 * unless surveyed within the throttle period, attributed to that latest contact. Running twice
 * creates nothing new (the throttle and one survey per ticket and kind).
 */
export const sendNpsSurveys = defineJob({
  name: 'surveys.send-nps',
  payload: z.object({}),
  cron: '0 9 * * *',
  async handler(_payload, { database, logger, config }) {
    if (!config) throw new Error('surveys.send-nps needs the configuration');
    const created = await withSystem(database.db, async (tx) => {
      const tickets = await repo.recentlySolvedCustomers(tx, config.TANDEM_NPS_RECENT_DAYS);
      return createEmailSurveys(tx, tickets, (s) => (s.nps_enabled ? ['nps'] : []), config);
    });
    logger.info({ created }, 'NPS surveys queued');
  },
});
