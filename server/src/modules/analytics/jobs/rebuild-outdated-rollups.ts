import { z } from 'zod';
import { withSystem } from '../../../platform/db/transaction.js';
import { defineJob } from '../../../platform/jobs/queue.js';
import { outdatedRollups, rebuild, settingsOf } from '../rollup.js';

/**
 * Every five minutes: rebuilds the rollup of each brand a migration marked outdated (a figure was
 * added to the rollup), one brand per transaction. Until then the report reads the new figure
 * from the raw rows, so no figure is ever short; after it, from the rollup. Running it twice
 * rebuilds nothing twice: rebuild() clears the brand's mark in the same transaction.
 */
export const rebuildOutdatedRollups = defineJob({
  name: 'analytics.rebuild-outdated-rollups',
  payload: z.object({}),
  cron: '*/5 * * * *',
  async handler(_payload, { database, logger, config }) {
    if (!config) throw new Error('analytics.rebuild-outdated-rollups needs the configuration');
    const brands = await withSystem(database.db, (tx) => outdatedRollups(tx));
    for (const organizationId of brands) {
      const units = await withSystem(database.db, (tx) => rebuild(tx, organizationId, settingsOf(config)));
      logger.info({ organizationId, units }, 'KPI rollup rebuilt to the current definition');
    }
  },
});
