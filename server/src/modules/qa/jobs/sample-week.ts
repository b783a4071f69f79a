import { z } from 'zod';
import { withSystem } from '../../../platform/db/transaction.js';
import { defineJob } from '../../../platform/jobs/queue.js';
import { activeRuleIds, lastWeek, runRuleAsCreator } from '../sampling.service.js';

/**
 * Mondays at 03:00 UTC: every active sampling rule samples the week that just ended, one rule per
 * transaction (a failing rule does not hold up the others). Idempotent: a rule samples a week once.
 */
export const sampleLastWeek = defineJob({
  name: 'qa.sample-last-week',
  payload: z.object({ week: z.string().optional() }),
  cron: '0 3 * * 1',
  async handler(payload, { database, logger }) {
    const week = payload.week ?? lastWeek();
    const ids = await withSystem(database.db, (tx) => activeRuleIds(tx));
    for (const id of ids) {
      try {
        const run = await withSystem(database.db, (tx) => runRuleAsCreator(tx, id, week));
        logger.info({ rule: id, week, picked: run?.picked ?? 0 }, 'QA sampling ran');
      } catch (err) {
        logger.error({ err, rule: id, week }, 'QA sampling rule failed');
      }
    }
  },
});
